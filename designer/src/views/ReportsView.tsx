import { useCallback, useState } from 'react';
import { useSession } from '../store/session.ts';
import { FlowsSection } from './reports/FlowsSection.tsx';
import { MessagesSection } from './reports/MessagesSection.tsx';
import { NotConnected } from './reports/NotConnected.tsx';
import { WaterfallSection } from './reports/WaterfallSection.tsx';
import './reports.css';

/**
 * The Reports area: the demand waterfall with its side exits, the outbox, and the published flows. Each
 * section asks the runtime itself, so a token that may read only some of them sees the others' refusal in
 * the runtime's words.
 */
export function ReportsView() {
  const status = useSession((s) => s.status);
  const role = useSession((s) => s.me?.role);
  // Bumped by Refresh: every section reads its report again.
  const [refresh, setRefresh] = useState(0);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const loaded = useCallback(() => setUpdatedAt(new Date()), []);
  return (
    <main className="view reports" aria-label="Reports">
      <header className="reports-head">
        <h1>Reports</h1>
        {status === 'signedIn' && role !== 'ingest' && (
          <>
            <button type="button" onClick={() => setRefresh((n) => n + 1)}>
              Refresh
            </button>
            <span className="muted" role="status">
              {updatedAt ? `Updated at ${updatedAt.toLocaleTimeString()}` : 'Loading…'}
            </span>
          </>
        )}
      </header>
      {status !== 'signedIn' ? (
        <NotConnected />
      ) : role === 'ingest' ? (
        // Every report would be refused to it: one line, as the Leads and Tasks areas say it.
        <p className="muted" role="status">
          An ingest token only posts leads and events; connect with a marketing or sales token to see reports.
        </p>
      ) : (
        <>
          <WaterfallSection refresh={refresh} onLoaded={loaded} />
          <MessagesSection refresh={refresh} onLoaded={loaded} />
          <FlowsSection refresh={refresh} onLoaded={loaded} />
        </>
      )}
    </main>
  );
}
