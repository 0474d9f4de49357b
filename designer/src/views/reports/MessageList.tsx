import { useId, useState } from 'react';
import {
  type MessageStatus,
  messageStatuses,
  type OutboxMessage,
  outboxListLimit,
  reportsApi,
} from '../../api/reports.ts';
import { placeHash } from '../../store/place.ts';
import '../reports.css';
import { useLoad } from '../../hooks/useLoad.ts';
import { count, dateTime } from './format.ts';
import { messageLead, messageSubject, statusLabels } from './messages.ts';
import { SectionState } from './SectionState.tsx';

const singular: Record<MessageStatus, string> = { pending: 'pending', sent: 'sent', dead: 'dead letter' };

/**
 * When it matters for the message's status: sent, tried next, or dead-lettered (for a dead letter older than
 * the runtime keeping that time, when its last attempt was due).
 */
function when(m: OutboxMessage): string {
  if (m.status === 'sent' && m.sentAt) return `sent ${dateTime(m.sentAt)}`;
  if (m.status === 'pending') return `next attempt ${dateTime(m.nextAttemptAt)}`;
  if (m.status === 'dead' && m.deadAt) return `dead-lettered ${dateTime(m.deadAt)}`;
  if (m.status === 'dead') return `last attempt due ${dateTime(m.nextAttemptAt)}`;
  return `queued ${dateTime(m.createdAt)}`;
}

function nothing(status: MessageStatus | '', channel: string): string {
  const on = channel ? ` on ${channel}` : '';
  if (status === 'dead') return `No dead letters${on}: every message was delivered or is still being tried.`;
  return `No ${status ? `${status} ` : ''}messages${on}.`;
}

/**
 * The outbox's messages, dead letters first shown (the latest dead-lettered first, as the runtime lists
 * them), filtered by status and channel; admins replay a dead letter from its row.
 */
export function MessageList({
  channels,
  reload,
  canReplay,
  busy,
  onReplay,
}: {
  channels: string[];
  /** Changes when the list must be read again (a refresh, a replay). */
  reload: string;
  canReplay: boolean;
  busy: boolean;
  onReplay: (m: OutboxMessage) => void;
}) {
  const [status, setStatus] = useState<MessageStatus | ''>('dead');
  const [channel, setChannel] = useState('');
  const ids = useId();
  const { data, error, loading } = useLoad(
    `${reload}:${status}:${channel}`,
    () => reportsApi.outbox({ status: status || undefined, channel: channel || undefined }),
    { keep: true },
  );
  const what = status ? statusLabels[status] : 'All messages';
  return (
    <div className="reports-messages">
      <fieldset className="reports-filters">
        <legend>Show</legend>
        <label htmlFor={`${ids}-status`}>Status</label>
        <select
          id={`${ids}-status`}
          value={status}
          onChange={(e) => setStatus(e.target.value as MessageStatus | '')}
        >
          {messageStatuses.map((s) => (
            <option key={s} value={s}>
              {statusLabels[s]}
            </option>
          ))}
          <option value="">Any status</option>
        </select>
        <label htmlFor={`${ids}-channel`}>Channel</label>
        <select id={`${ids}-channel`} value={channel} onChange={(e) => setChannel(e.target.value)}>
          <option value="">Any channel</option>
          {channels.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </fieldset>
      {!data ? (
        <SectionState loading={loading} error={error} />
      ) : data.length === 0 ? (
        <p className="muted">{nothing(status, channel)}</p>
      ) : (
        <table className="reports-table reports-message-table" aria-busy={loading || undefined}>
          <caption>
            {what}
            {channel ? ` on ${channel}` : ''}: {count(data.length)}
            {data.length >= outboxListLimit
              ? ` (the ${status === 'dead' ? 'latest' : 'oldest'}; the runtime lists at most 500)`
              : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Lead</th>
              <th scope="col">Channel</th>
              <th scope="col">Message</th>
              {!status && <th scope="col">Status</th>}
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
              <th scope="col">When</th>
              {canReplay && (
                <th scope="col">
                  <span className="sr-only">Replay</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {data.map((m) => (
              <tr key={m.id}>
                <td>
                  <a href={placeHash({ area: 'leads', id: m.leadId })}>{messageLead(m)}</a>
                </td>
                <td>{m.channel}</td>
                <td>{messageSubject(m) || <span className="muted">—</span>}</td>
                {!status && <td>{singular[m.status]}</td>}
                <td className="reports-num">{count(m.attempts)}</td>
                <td className="reports-error">{m.lastError ?? <span className="muted">none</span>}</td>
                <td>{when(m)}</td>
                {canReplay && (
                  <td>
                    {m.status === 'dead' && (
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() => onReplay(m)}
                        aria-label={`Replay the ${m.channel} message to ${messageLead(m)}`}
                      >
                        Replay
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
