import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useSession } from '../../store/session.ts';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
}

/**
 * Loads a report whenever `key` changes (callers put the refresh count and their filters in it). What was
 * shown stays while it loads again, so a refresh does not blank the page. A 401 means the token was revoked
 * or expired: the session asks for a new one.
 */
export function useLoad<T>(key: string, load: () => Promise<T>, onSettled?: () => void): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: true });
  // The latest callbacks, without reloading when only their identity changes.
  const latest = useRef({ load, onSettled });
  latest.current = { load, onSettled };
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` says when to load again; the callbacks are read through the ref.
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    latest.current
      .load()
      .then(
        (data) => {
          if (current) setState({ data, error: null, loading: false });
        },
        (e: unknown) => {
          if (!current) return;
          const error = e instanceof ApiError ? e : new ApiError(String(e), 0, 'error');
          if (error.status === 401) useSession.getState().expire();
          setState({ data: null, error, loading: false });
        },
      )
      .finally(() => {
        if (current) latest.current.onSettled?.();
      });
    return () => {
      current = false;
    };
  }, [key]);
  return state;
}
