import { useCallback } from 'react';
import { work } from '../../api/work.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import type { StepRef } from '../../store/place.ts';
import { LeadResults } from './LeadResults.tsx';
import { LoadError } from './LoadError.tsx';
import { PlaceLink } from './PlaceLink.tsx';
import { useArrivalFocus } from './useArrivalFocus.ts';

/** How many leads the list shows; the step's count on the canvas says how many there are in all. */
export const atStepLimit = 100;

/**
 * Who is at a step now: the leads behind a "here now" count on the canvas, each a link to its page. The
 * step and flow are named from the published version (their ids when it cannot be read).
 */
export function LeadsAtStep({ step }: { step: StepRef }) {
  const key = `${step.flowId}@${step.version}#${step.nodeId}`;
  const load = useCallback(async () => {
    const [leads, doc] = await Promise.all([
      work.leadsAtStep(step, atStepLimit),
      work.flowVersion(step.flowId, step.version),
    ]);
    return { leads, doc };
  }, [step]);
  const result = useLoad(key, load);
  const heading = useArrivalFocus<HTMLHeadingElement>();
  const doc = result.data?.doc ?? null;
  const label = doc?.nodes.find((n) => n.id === step.nodeId)?.label || step.nodeId;
  const flow = doc?.name || step.flowId;
  const count = result.data?.leads.length ?? 0;
  return (
    <section className="work-page" aria-labelledby="step-leads-title">
      <PlaceLink area="leads" id={null}>
        ← All leads
      </PlaceLink>
      <h1 id="step-leads-title" tabIndex={-1} ref={heading}>
        At “{label}”
      </h1>
      <p className="muted">
        {flow}, version {step.version}: the leads at this step now, most recently changed first.
      </p>
      <p className="muted" role="status">
        {result.status === 'loading'
          ? 'Loading…'
          : result.status === 'ready'
            ? count === 0
              ? 'No lead is at this step now.'
              : count >= atStepLimit
                ? `The first ${atStepLimit} leads here.`
                : `${count} ${count === 1 ? 'lead' : 'leads'} here.`
            : ''}
      </p>
      {result.status === 'error' && <LoadError error={result.error} onRetry={() => void result.reload()} />}
      {result.status === 'ready' && count > 0 && <LeadResults leads={result.data.leads} />}
    </section>
  );
}
