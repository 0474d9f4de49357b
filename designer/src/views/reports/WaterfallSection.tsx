import { reportsApi } from '../../api/reports.ts';
import '../reports.css';
import { useLoad } from '../../hooks/useLoad.ts';
import { counted } from './format.ts';
import { ReasonTable } from './ReasonTable.tsx';
import { SectionState } from './SectionState.tsx';
import { StageFunnel } from './StageFunnel.tsx';

/** The demand waterfall: the funnel by stage, and its side exits with their reasons. */
export function WaterfallSection({ refresh, onLoaded }: { refresh: number; onLoaded: () => void }) {
  const { data, error, loading } = useLoad(`${refresh}`, () => reportsApi.waterfall(), {
    keep: true,
    onSettled: onLoaded,
  });
  return (
    <section className="reports-section" aria-labelledby="reports-waterfall">
      <h2 id="reports-waterfall">Demand waterfall</h2>
      {!data ? (
        <SectionState loading={loading} error={error} />
      ) : (
        <>
          <StageFunnel stages={data.stages} reached={data.reached} />
          <h3>Side exits</h3>
          <p>
            Recycled now: <strong>{counted(data.stages.recycled ?? 0, 'lead')}</strong> · Disqualified now:{' '}
            <strong>{counted(data.stages.disqualified ?? 0, 'lead')}</strong>
          </p>
          <div className="reports-columns">
            <ReasonTable
              caption="Recycles by the recycle step’s reason"
              unit="Recycles"
              counts={data.recycled}
              empty="No lead has been recycled yet."
            />
            <ReasonTable
              caption="Disqualifications by reason"
              unit="Disqualifications"
              counts={data.disqualified}
              empty="No lead has been disqualified yet."
            />
          </div>
          <p className="reports-note">
            Each recycle and each disqualification counts once, so a lead recycled twice counts twice. A
            disqualification is a sales call, meeting or hand-off completed as disqualified or rejected, or a
            stage change to Disqualified; when sales disqualifies a lead and the step moves its stage too, it
            counts once, with the reason sales gave.
          </p>
        </>
      )}
    </section>
  );
}
