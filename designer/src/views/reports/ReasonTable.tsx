import '../reports.css';
import { Bar } from './Bar.tsx';
import { count, percent } from './format.ts';
import { reasonRows } from './waterfall.ts';

/**
 * Counts by reason, the most frequent first, with each one's share: a reason that takes a large share
 * ("Tried calling, no answer" for half the disqualifications) is what a sales leader asks about.
 */
export function ReasonTable({
  caption,
  counts,
  unit,
  empty,
}: {
  caption: string;
  counts: Record<string, number>;
  /** What a count counts, as a column header ("Recycles"). */
  unit: string;
  empty: string;
}) {
  const { rows, total } = reasonRows(counts);
  if (rows.length === 0)
    return (
      <div className="reports-reasons">
        <h4>{caption}</h4>
        <p className="muted">{empty}</p>
      </div>
    );
  const max = rows[0]?.count ?? 0;
  return (
    <div className="reports-reasons">
      <table className="reports-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Reason</th>
            <th scope="col">{unit}</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.reason}>
              <th scope="row" className="reports-reason">
                {r.reason}
              </th>
              <td>
                <span className="reports-figure">
                  <Bar value={r.count} max={max} tone="exit" />
                  <span className="reports-figure__n">{count(r.count)}</span>
                </span>
              </td>
              <td>{percent(r.share)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td>
              <span className="reports-figure__n">{count(total)}</span>
            </td>
            <td>{percent(1)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
