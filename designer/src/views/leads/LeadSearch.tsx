import { useEffect, useState } from 'react';
import { type Lead, work } from '../../api/work.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useSession } from '../../store/session.ts';
import { ActionNotice } from '../tasks/ActionNotice.tsx';
import { type ActionNote, useAction } from '../tasks/useAction.ts';
import { LeadResults } from './LeadResults.tsx';
import { LoadError } from './LoadError.tsx';
import { useLeadSearch } from './search.ts';
import { useArrivalFocus } from './useArrivalFocus.ts';

/** How many leads a search shows; more means the search should be narrower. */
export const searchLimit = 50;

const search = (q: string): Promise<Lead[]> => work.searchLeads(q, searchLimit);

function summary(count: number, query: string): string {
  const more = count >= searchLimit ? ` Showing the first ${searchLimit}: type more to narrow it down.` : '';
  if (!query) {
    return count === 0
      ? 'No leads yet. Leads arrive from forms and the CRM through the runtime’s API.'
      : `The ${count === 1 ? 'lead' : `${count} leads`} changed most recently.${more}`;
  }
  if (count === 0) return `No lead matches “${query}”.`;
  return `${count} ${count === 1 ? 'lead matches' : 'leads match'} “${query}”.${more}`;
}

/** How many sample leads the empty list offers to add. */
export const sampleCount = 25;

/**
 * On an empty runtime, marketing can add made-up leads to try the product with: they enter the example
 * flows as real leads would, so the lead pages, the sales inbox and the reports have something to show.
 */
function SampleLeads({ onAdded }: { onAdded: (note: ActionNote) => Promise<void> }) {
  const { busy, run } = useAction(onAdded);
  const add = () =>
    void run(
      () => work.addSampleLeads(sampleCount),
      `Added ${sampleCount} sample leads. They entered the example flows; their sales calls are in Tasks.`,
    );
  return (
    <p className="work-sample">
      <button type="button" onClick={add} disabled={busy}>
        {busy ? 'Adding sample leads…' : `Add ${sampleCount} sample leads`}
      </button>{' '}
      <span className="muted">
        Made-up people on the reserved <code>.example</code> domain, marked <code>sample</code>, who fill in
        the example flows’ forms.
      </span>
    </p>
  );
}

/** Finds leads by name, email, external id or id; without a search, the most recently changed ones. */
export function LeadSearch() {
  const text = useLeadSearch((s) => s.text);
  const [query, setQuery] = useState(text.trim());
  // Searched as the user types, once they pause.
  useEffect(() => {
    const t = setTimeout(() => setQuery(text.trim()), 300);
    return () => clearTimeout(t);
  }, [text]);
  const result = useLoad(query, search);
  const field = useArrivalFocus<HTMLInputElement>();
  const manages = useSession((s) => s.permissions.canPublish && s.status === 'signedIn');
  const empty = result.status === 'ready' && result.data.length === 0 && !query;
  const [note, setNote] = useState<ActionNote | null>(null);
  const added = async (next: ActionNote) => {
    setNote(next);
    if (next.tone === 'success') await result.reload();
  };
  return (
    <section className="work-page" aria-labelledby="leads-title">
      <h1 id="leads-title">Leads</h1>
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is still unknown to some browsers (and jsdom); the role says the same. */}
      <form
        role="search"
        aria-label="Leads"
        className="work-search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(text.trim());
        }}
      >
        <label htmlFor="lead-search">Search leads</label>
        <input
          id="lead-search"
          ref={field}
          type="search"
          value={text}
          onChange={(e) => useLeadSearch.getState().set(e.target.value)}
          placeholder="Name, email, external id or lead id"
          autoComplete="off"
        />
        <button type="submit">Search</button>
      </form>
      <p className="muted" role="status">
        {result.status === 'loading'
          ? 'Searching…'
          : result.status === 'ready'
            ? summary(result.data.length, query)
            : ''}
      </p>
      {empty && manages && <SampleLeads onAdded={added} />}
      {note && <ActionNotice note={note} />}
      {result.status === 'error' && <LoadError error={result.error} onRetry={() => void result.reload()} />}
      {result.status === 'ready' && result.data.length > 0 && <LeadResults leads={result.data} />}
    </section>
  );
}
