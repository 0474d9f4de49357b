import type { Lead } from '../../api/work.ts';
import { companyOf, factText, leadTitle, stageName } from '../leads/format.ts';
import { PlaceLink } from '../leads/PlaceLink.tsx';

/** Who the task is about, in brief, with the way to the lead's full page. */
export function TaskLead({ lead }: { lead: Lead }) {
  const company = companyOf(lead);
  const title = typeof lead.attributes.title === 'string' ? lead.attributes.title : null;
  const bant = (['budget', 'authority', 'need', 'timeline'] as const).filter((k) => lead.bant[k] != null);
  return (
    <section className="work-card" aria-labelledby="task-lead">
      <h2 id="task-lead">The lead</h2>
      <p>
        <strong>{leadTitle(lead)}</strong>
        {title && `, ${title}`}
        {company && ` at ${company}`}
      </p>
      <dl className="facts">
        <div className="facts__pair">
          <dt>Email</dt>
          <dd>{lead.email ?? '—'}</dd>
        </div>
        <div className="facts__pair">
          <dt>Stage</dt>
          <dd>
            <span className={`stage stage--${lead.stage}`}>{stageName(lead.stage)}</span>
            {lead.stageReason && ` · ${lead.stageReason}`}
          </dd>
        </div>
        <div className="facts__pair">
          <dt>Score</dt>
          <dd>{lead.score}</dd>
        </div>
        <div className="facts__pair">
          <dt>Owner</dt>
          <dd>{lead.owner ?? 'No owner yet'}</dd>
        </div>
        {bant.map((k) => (
          <div key={k} className="facts__pair">
            <dt>{k.charAt(0).toUpperCase() + k.slice(1)}</dt>
            <dd>{factText(lead.bant[k])}</dd>
          </div>
        ))}
      </dl>
      <p>
        <PlaceLink area="leads" id={lead.id}>
          Open {leadTitle(lead)}’s page
        </PlaceLink>
      </p>
    </section>
  );
}
