import type { Lead } from '../../api/work.ts';
import { leadTitle, stageName } from './format.ts';
import { PlaceLink } from './PlaceLink.tsx';

/** Leads found: who, how to reach them, where they are in the waterfall, their score and owner. */
export function LeadResults({ leads }: { leads: Lead[] }) {
  return (
    <table className="work-table">
      <caption className="sr-only">Leads found</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Stage</th>
          <th scope="col" className="num">
            Score
          </th>
          <th scope="col">Owner</th>
        </tr>
      </thead>
      <tbody>
        {leads.map((l) => (
          <tr key={l.id}>
            <th scope="row">
              <PlaceLink area="leads" id={l.id}>
                {leadTitle(l)}
              </PlaceLink>
            </th>
            <td>{l.email ?? <span className="muted">—</span>}</td>
            <td>
              <span className={`stage stage--${l.stage}`}>{stageName(l.stage)}</span>
            </td>
            <td className="num">{l.score}</td>
            <td>{l.owner ?? <span className="muted">No owner</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
