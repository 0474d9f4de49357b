import type { ReactNode } from 'react';
import type { Lead } from '../../api/work.ts';
import { humanize } from '../../flow/schema-form.ts';
import { companyKey, companyOf, dateTime, factText, stageName } from './format.ts';

const bantKeys = [
  ['budget', 'Budget'],
  ['authority', 'Authority'],
  ['need', 'Need'],
  ['timeline', 'Timeline'],
] as const;

function Pair({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="facts__pair">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Who the lead is and where it stands: contact facts, stage and why, score, owner, BANT and attributes. */
export function LeadFacts({ lead }: { lead: Lead }) {
  // The company is shown with the contact facts, not again among the attributes.
  const company = companyKey(lead);
  const attributes = Object.entries(lead.attributes)
    .filter(([key]) => key !== company)
    .sort(([a], [b]) => a.localeCompare(b));
  return (
    <section className="work-card" aria-labelledby="lead-facts">
      <h2 id="lead-facts">Facts</h2>
      <dl className="facts">
        <Pair term="Email">{lead.email ?? '—'}</Pair>
        <Pair term="Company">{companyOf(lead) ?? '—'}</Pair>
        <Pair term="Stage">
          <span className={`stage stage--${lead.stage}`}>{stageName(lead.stage)}</span>
          {lead.stageReason && <span> · {lead.stageReason}</span>}
          {lead.recycleCount > 0 && (
            <span className="muted">
              {' '}
              · recycled {lead.recycleCount === 1 ? 'once' : `${lead.recycleCount} times`}
            </span>
          )}
        </Pair>
        <Pair term="Score">{lead.score}</Pair>
        <Pair term="Owner">{lead.owner ?? <span className="muted">No owner yet</span>}</Pair>
        <Pair term="External id">{lead.externalId ?? '—'}</Pair>
        <Pair term="Created">{dateTime(lead.createdAt)}</Pair>
        <Pair term="Last changed">{dateTime(lead.updatedAt)}</Pair>
      </dl>
      <h3>BANT</h3>
      <dl className="facts">
        {bantKeys.map(([key, label]) => (
          <Pair key={key} term={label}>
            {factText(lead.bant[key])}
          </Pair>
        ))}
      </dl>
      <h3>Attributes</h3>
      {attributes.length === 0 ? (
        <p className="muted">None recorded.</p>
      ) : (
        <dl className="facts">
          {attributes.map(([key, value]) => (
            <Pair key={key} term={humanize(key)}>
              {factText(value)}
            </Pair>
          ))}
        </dl>
      )}
    </section>
  );
}
