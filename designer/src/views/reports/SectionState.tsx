import type { ApiError } from '../../api/client.ts';
import '../reports.css';

/**
 * What a report section shows before its figures: loading, or why it has none. A refusal is the runtime's own
 * words ("A sales token may not GET /api/outbox; this needs one of: admin, marketing."), so the reader knows
 * which token would show it.
 */
export function SectionState({ loading, error }: { loading: boolean; error: ApiError | null }) {
  if (error?.status === 403)
    return (
      <p className="notice reports-denied" role="note">
        <strong>Not with this token.</strong> {error.message}
      </p>
    );
  if (error)
    return (
      <p className="notice notice--error" role="alert">
        {error.message}
      </p>
    );
  if (loading)
    return (
      <p className="muted" role="status">
        Loading…
      </p>
    );
  return null;
}
