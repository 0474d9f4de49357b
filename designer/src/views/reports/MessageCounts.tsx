import '../reports.css';
import { count } from './format.ts';
import { adapterLabels, type ChannelCounts, type countMessages, statusLabels } from './messages.ts';

/**
 * Messages per channel and status, with the adapter serving each channel. Admins get a button per channel
 * that sends its dead letters again.
 */
export function MessageCounts({
  counts,
  canReplay,
  busy,
  onReplayChannel,
}: {
  counts: ReturnType<typeof countMessages>;
  canReplay: boolean;
  busy: boolean;
  onReplayChannel: (row: ChannelCounts) => void;
}) {
  return (
    <table className="reports-table reports-counts">
      <caption>Messages per channel and status</caption>
      <thead>
        <tr>
          <th scope="col">Channel</th>
          <th scope="col">Adapter</th>
          <th scope="col">{statusLabels.pending}</th>
          <th scope="col">{statusLabels.sent}</th>
          <th scope="col">{statusLabels.dead}</th>
          {canReplay && (
            <th scope="col">
              <span className="sr-only">Replay</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {counts.rows.map((r) => (
          <tr key={r.channel}>
            <th scope="row">{r.channel}</th>
            <td>
              {r.adapter === null ? (
                <span className="muted">not configured</span>
              ) : (
                (adapterLabels[r.adapter] ?? r.adapter)
              )}
            </td>
            <td className="reports-num">{count(r.byStatus.pending)}</td>
            <td className="reports-num">{count(r.byStatus.sent)}</td>
            <td className="reports-num">{count(r.byStatus.dead)}</td>
            {canReplay && (
              <td>
                {r.byStatus.dead > 0 && (
                  <button type="button" disabled={busy} onClick={() => onReplayChannel(r)}>
                    Replay {r.channel} dead letters
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">All channels</th>
          <td />
          <td className="reports-num">{count(counts.total.pending)}</td>
          <td className="reports-num">{count(counts.total.sent)}</td>
          <td className="reports-num">{count(counts.total.dead)}</td>
          {canReplay && <td />}
        </tr>
      </tfoot>
    </table>
  );
}
