import type { ReactNode } from 'react';
import { useSession } from '../../store/session.ts';
import '../work.css';

/**
 * What the Leads and Tasks areas show before their content: checking the runtime, asking to connect with a
 * token, the runtime being unreachable, or (for an ingest token, which may not read leads or tasks) one line
 * saying so. Otherwise the area itself.
 */
export function WorkGate({ what, children }: { what: 'leads' | 'tasks'; children: ReactNode }) {
  const status = useSession((s) => s.status);
  const role = useSession((s) => s.me?.role);
  if (status === 'unknown') {
    return (
      <p className="status" role="status">
        Checking the runtime…
      </p>
    );
  }
  if (status === 'needsToken') {
    return (
      <div className="work-gate">
        <p className="status" role="status">
          Connect with a token to see {what}: the runtime shares its {what} with marketing, sales and admin
          tokens.
        </p>
        <button type="button" onClick={() => useSession.setState({ dismissed: false })}>
          Connect with a token…
        </button>
      </div>
    );
  }
  if (status === 'offline') {
    return (
      <div className="work-gate">
        <p className="status status--offline" role="status">
          The runtime is not reachable: {what} live there. Journeys can still be drawn and simulated here.
        </p>
        <button type="button" onClick={() => void useSession.getState().init()}>
          Try again
        </button>
      </div>
    );
  }
  if (role === 'ingest') {
    return (
      <p className="status" role="status">
        An ingest token only posts leads and events; connect with a marketing or sales token to see {what}.
      </p>
    );
  }
  return <>{children}</>;
}
