import { usePlace } from '../store/place.ts';
import './work.css';
import { LeadPage } from './leads/LeadPage.tsx';
import { LeadSearch } from './leads/LeadSearch.tsx';
import { LeadsAtStep } from './leads/LeadsAtStep.tsx';
import { WorkGate } from './leads/WorkGate.tsx';

/** The Leads area: find a lead, then read everything about it in one page (`#/leads/<id>`). */
export function LeadsView() {
  const id = usePlace((s) => s.id);
  const step = usePlace((s) => s.step);
  return (
    <main className="view work" aria-label="Leads">
      <WorkGate what="leads">
        {step ? <LeadsAtStep step={step} /> : id ? <LeadPage key={id} id={id} /> : <LeadSearch />}
      </WorkGate>
    </main>
  );
}
