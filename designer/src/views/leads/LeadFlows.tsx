import type { ReactNode } from 'react';
import type { Enrollment } from '../../api/work.ts';
import { dateTime } from './format.ts';
import { type FlowDocs, flowName, stepLabel } from './useFlowDocs.ts';

const statusNames: Record<Enrollment['status'], string> = {
  active: 'In progress',
  completed: 'Completed',
  exited: 'Left',
  removed: 'Removed',
};

/**
 * The flows the lead is or was in: which version, how far, and where it is now (by the steps' labels).
 * With `onTakeOut` (marketing and admins), a flow the lead is in can be left by hand; `children` go below
 * the table (the form that enrolls the lead in another flow).
 */
export function LeadFlows({
  enrollments,
  docs,
  onTakeOut,
  children,
}: {
  enrollments: Enrollment[];
  docs: FlowDocs;
  onTakeOut?: ((enrollment: Enrollment) => void) | undefined;
  children?: ReactNode;
}) {
  return (
    <section className="work-card" aria-labelledby="lead-flows">
      <h2 id="lead-flows">Flows</h2>
      {enrollments.length === 0 ? (
        <p className="muted">Not in any flow.</p>
      ) : (
        <table className="work-table">
          <thead>
            <tr>
              <th scope="col">Flow</th>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Now at</th>
              <th scope="col">Entered</th>
              {onTakeOut && (
                <th scope="col">
                  <span className="sr-only">Take out</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {enrollments.map((e) => (
              <tr key={e.id}>
                <th scope="row">{flowName(docs, e.flowId, e.version)}</th>
                <td>v{e.version}</td>
                <td>
                  {statusNames[e.status]}
                  {e.endedAt && (
                    <span className="muted">
                      {' '}
                      {dateTime(e.endedAt)}
                      {e.endReason ? ` · ${e.endReason}` : ''}
                    </span>
                  )}
                </td>
                <td>
                  {e.activeNodes.length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    <ul className="plain">
                      {e.activeNodes.map((n) => (
                        <li key={n}>{stepLabel(docs, e.flowId, e.version, n)}</li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>{dateTime(e.enteredAt)}</td>
                {onTakeOut && (
                  <td>
                    {e.status === 'active' && (
                      <button
                        type="button"
                        onClick={() => onTakeOut(e)}
                        aria-label={`Take out of ${flowName(docs, e.flowId, e.version)}`}
                      >
                        Take out
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {children}
    </section>
  );
}
