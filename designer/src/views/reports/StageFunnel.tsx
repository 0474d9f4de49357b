import '../reports.css';
import { Bar } from './Bar.tsx';
import { count, percent } from './format.ts';
import { funnel } from './waterfall.ts';

/** Leads by lifecycle stage now, top of the funnel first, with the conversion from each stage to the next. */
export function StageFunnel({ stages }: { stages: Record<string, number> }) {
  const rows = funnel(stages);
  const max = Math.max(0, ...rows.map((r) => r.count));
  return (
    <>
      <table className="reports-table reports-funnel">
        <caption>Leads by lifecycle stage now</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">Leads</th>
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
              <td>
                {r.conversion === null ? (
                  <span className="muted">last stage</span>
                ) : r.conversion.rate === null ? (
                  <span className="muted">no leads at {r.label} or beyond</span>
                ) : (
                  <>
                    <strong>{percent(r.conversion.rate)}</strong>{' '}
                    <span className="muted">
                      to {r.conversion.to}: {count(r.conversion.further)} of {count(r.atOrBeyond)}
                    </span>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="reports-note">
        The runtime keeps each lead’s current stage, not every stage a lead once passed, so conversion is read
        off where leads are now: of the leads at a stage or further down the funnel, the share that is further
        down than that stage. Recycled and disqualified leads are not in it: how far they had got is not
        counted.
      </p>
    </>
  );
}
