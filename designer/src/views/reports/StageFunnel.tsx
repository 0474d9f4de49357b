import '../reports.css';
import { Bar } from './Bar.tsx';
import { count, percent } from './format.ts';
import { funnel } from './waterfall.ts';

/**
 * Leads by lifecycle stage now, top of the funnel first, with how many ever got that far and the conversion
 * from each stage to the next.
 */
export function StageFunnel({
  stages,
  reached,
}: {
  stages: Record<string, number>;
  reached: Record<string, number>;
}) {
  const rows = funnel(stages, reached);
  const max = Math.max(0, ...rows.map((r) => r.count));
  return (
    <>
      <table className="reports-table reports-funnel">
        <caption>Leads by lifecycle stage now</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">Leads</th>
            <th scope="col" className="reports-num">
              Got this far
            </th>
            <th scope="col">Conversion to the next stage</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.stage}>
              <th scope="row">{r.label}</th>
              <td>
                <span className="reports-figure">
                  <Bar value={r.count} max={max} />
                  <span className="reports-figure__n">{count(r.count)}</span>
                </span>
              </td>
              <td className="reports-num">{count(r.reached)}</td>
              <td>
                {r.conversion === null ? (
                  <span className="muted">last stage</span>
                ) : r.conversion.rate === null ? (
                  <span className="muted">no lead got this far</span>
                ) : (
                  <>
                    <strong>{percent(r.conversion.rate)}</strong>{' '}
                    <span className="muted">
                      to {r.conversion.to}: {count(r.conversion.further)} of {count(r.reached)}
                    </span>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="reports-note">
        “Got this far” counts every lead by the furthest stage it ever reached, from its stage changes and its
        stage now, recycled and disqualified leads included; conversion is the share of those that got to the
        next stage or further. A lead that skipped a stage (an inquiry that became an SQL) counts as having
        passed it.
      </p>
    </>
  );
}
