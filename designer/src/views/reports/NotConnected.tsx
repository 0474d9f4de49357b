import { useSession } from '../../store/session.ts';
import '../reports.css';

/** Reports read the runtime's records: without a token (or a runtime) there is nothing to show yet. */
export function NotConnected() {
  const status = useSession((s) => s.status);
  if (status === 'offline')
    return (
      <div className="reports-empty">
        <p className="status status--offline" role="status">
          The runtime is not reachable, so there are no reports to show. Journeys still open, check and
          simulate here.
        </p>
        <button type="button" onClick={() => void useSession.getState().init()}>
          Try again
        </button>
      </div>
    );
  if (status === 'unknown')
    return (
      <p className="muted" role="status">
        Checking the runtime…
      </p>
    );
  return (
    <div className="reports-empty">
      <p>
        Reports come from the runtime: connect with an API token to see them. A marketing or admin token reads
        every report; a sales token reads the demand waterfall.
      </p>
      <button type="button" className="primary" onClick={() => useSession.setState({ dismissed: false })}>
        Connect with a token…
      </button>
    </div>
  );
}
