import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { useSession } from '../store/session.ts';

/** A read from the runtime: loading, refused or failed (`error`), or its answer (`data`). */
export type Loaded<T> =
  | { status: 'loading'; data: null; error: null }
  | { status: 'error'; data: null; error: ApiError }
  | { status: 'ready'; data: T; error: null };

export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(String(e), 0, 'error');
}

const loadingState = { status: 'loading', data: null, error: null } as const;

export interface LoadOptions {
  /**
   * Keep showing the last answer while another key loads: a report read again after Refresh stays on
   * screen, where a lead page opened on another lead must not show the previous one.
   */
  keep?: boolean;
  /** Called when each read has settled, answered or not (e.g. for an "updated at" time). */
  onSettled?: () => void;
}

/**
 * Reads `load(key)` from the runtime, again whenever `key` changes or `reload()` is called. A reload keeps
 * what is shown until the new answer arrives (a page after an action does not flash empty), and only the
 * latest request's answer is kept. A 401 means the token was revoked or expired: the session asks for a
 * new one. `load` and the options are read when a read starts, so callers may pass new closures each render.
 */
export function useLoad<T>(
  key: string,
  load: (key: string) => Promise<T>,
  options: LoadOptions = {},
): Loaded<T> & { loading: boolean; reload(): Promise<void> } {
  const [got, setGot] = useState<{ key: string; result: Loaded<T>; loading: boolean } | null>(null);
  const latest = useRef({ load, options, request: 0 });
  latest.current.load = load;
  latest.current.options = options;
  const reload = useCallback(async () => {
    const mine = ++latest.current.request;
    setGot((g) => (g ? { ...g, loading: true } : g));
    let result: Loaded<T>;
    try {
      result = { status: 'ready', data: await latest.current.load(key), error: null };
    } catch (e) {
      const error = asApiError(e);
      if (error.status === 401) useSession.getState().expire();
      result = { status: 'error', data: null, error };
    }
    if (latest.current.request !== mine) return;
    setGot({ key, result, loading: false });
    latest.current.options.onSettled?.();
  }, [key]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const current = got && (got.key === key || options.keep) ? got : null;
  return {
    ...(current ? current.result : loadingState),
    loading: !current || current.key !== key || current.loading,
    reload,
  };
}
