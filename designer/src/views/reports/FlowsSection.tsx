import { useState } from 'react';
import type { FlowSummary } from '../../api/client.ts';
import { type FlowVersionReport, reportsApi } from '../../api/reports.ts';
import '../reports.css';
import { useLoad } from '../../hooks/useLoad.ts';
import { type FlowFigures, flowFigures } from './flow-figures.ts';
import { count, counted, date, dateTime } from './format.ts';
import { OpenFlowLink } from './OpenFlowLink.tsx';
import { SectionState } from './SectionState.tsx';

type Row = { flow: FlowSummary; version: number } & (
  | { report: FlowVersionReport; figures: FlowFigures; error?: undefined }
  | { error: string; report?: undefined; figures?: undefined }
);

/**
 * Every published flow's latest version with its counts. When the token may not read counts at all, the
 * runtime's refusal is the section's answer.
 */
async function loadFlows(): Promise<{ rows: Row[]; drafts: number }> {
  const flows = await reportsApi.flows();
  const published = flows.filter(
    (f): f is FlowSummary & { latestVersion: number } => f.latestVersion !== null,
  );
  const read = await Promise.allSettled(published.map((f) => reportsApi.flowVersion(f, f.latestVersion)));
  const refused = read.find(
    (r) => r.status === 'rejected' && (r.reason as { status?: number }).status === 403,
  );
  if (refused?.status === 'rejected') throw refused.reason;
  const rows = read.map((r, i): Row => {
    const flow = published[i] as FlowSummary & { latestVersion: number };
    return r.status === 'fulfilled'
      ? {
          flow,
          version: flow.latestVersion,
          report: r.value,
          figures: flowFigures(r.value.doc, r.value.nodes, r.value.leads),
        }
      : {
          flow,
          version: flow.latestVersion,
          error: r.reason instanceof Error ? r.reason.message : String(r.reason),
        };
  });
  return { rows, drafts: flows.length - published.length };
}

/** Published flows, each with leads in it now, entries, goals and exits of its latest version. */
export function FlowsSection({ refresh, onLoaded }: { refresh: number; onLoaded: () => void }) {
  const { data, error, loading } = useLoad(`${refresh}`, loadFlows, { keep: true, onSettled: onLoaded });
  const [openError, setOpenError] = useState<string | null>(null);
  return (
    <section className="reports-section" aria-labelledby="reports-flows">
      <h2 id="reports-flows">Per flow</h2>
      {!data ? (
        <SectionState loading={loading} error={error} />
      ) : data.rows.length === 0 ? (
        <p className="muted">
          No flow is published yet
          {data.drafts > 0 ? ` (${counted(data.drafts, 'draft')} not published)` : ''}: publish one from
          Journeys to see its leads here.
        </p>
      ) : (
        <>
          {openError && (
            <p className="notice notice--error" role="alert">
              {openError}
            </p>
          )}
          <table className="reports-table reports-flows">
            <caption>Published flows, latest version</caption>
            <thead>
              <tr>
                <th scope="col">Flow</th>
                <th scope="col">Version</th>
                <th scope="col">In the flow now</th>
                <th scope="col">Entered</th>
                <th scope="col">Completed</th>
                <th scope="col">Exited</th>
                <th scope="col">Taken out</th>
                <th scope="col">Moved in</th>
                <th scope="col">Moved out</th>
                <th scope="col">
                  <span className="sr-only">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.flow.id}>
                  <th scope="row">
                    {r.flow.name} <span className="muted">({r.flow.id})</span>
                  </th>
                  <td className="reports-nowrap">
                    v{r.version}
                    {r.report && (
                      <span className="muted" title={`Published ${dateTime(r.report.publishedAt)}`}>
                        {' '}
                        · {date(r.report.publishedAt)}
                      </span>
                    )}
                  </td>
                  {r.report ? (
                    <>
                      <td className="reports-num">{count(r.figures.now)}</td>
                      <td className="reports-num">{count(r.figures.entered)}</td>
                      <td className="reports-num">{count(r.figures.completed)}</td>
                      <td className="reports-num">{count(r.figures.exited)}</td>
                      <td className="reports-num">{count(r.figures.removed)}</td>
                      <td className="reports-num">{count(r.figures.movedIn)}</td>
                      <td className="reports-num">{count(r.figures.movedOut)}</td>
                    </>
                  ) : (
                    <td colSpan={7} className="danger">
                      {r.error}
                    </td>
                  )}
                  <td className="reports-nowrap">
                    <OpenFlowLink
                      flowId={r.flow.id}
                      name={r.flow.name}
                      version={r.version}
                      onError={setOpenError}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="reports-note">
            For the latest version: leads in it now (once each, on however many side-by-side tracks); entries
            at its entry step (a lead that enters again counts again); leads whose path ended there, at a goal
            or an outcome marked as the end; leads that left at an exit step; leads taken out by hand; and
            leads moved in from other versions and out to them. A moved lead entered the version it came from
            and counts by its status in the one it was moved to, so entries and leads moved in add up to the
            leads now, completed, exited, taken out and moved out.
            {data.drafts > 0 &&
              ` ${counted(data.drafts, 'flow')} with only a draft ${data.drafts === 1 ? 'is' : 'are'} not listed.`}
          </p>
        </>
      )}
    </section>
  );
}
