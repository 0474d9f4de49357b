import type { ApiError } from '../../api/client.ts';

/**
 * What the runtime said when it refused or failed a read, in its own words (a sales token outside its
 * queues gets the 403's message), with a way to ask again.
 */
export function LoadError({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <div className="notice notice--error work-error" role="alert">
      <p>{error.message}</p>
      {onRetry && error.status !== 403 && error.status !== 404 && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
