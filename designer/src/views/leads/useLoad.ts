import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useSession } from '../../store/session.ts';

export type Loaded<T> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; data: T };

export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(String(e), 0, 'error');
}

/**
 * Reads `load(key)` from the runtime, again whenever `key` changes or `reload()` is called. A reload keeps
 * what is shown until the new answer arrives (a page after an action does not flash empty), and only the
 * latest request's answer is kept. A 401 means the token was revoked: the session asks for a new one.
 */
export function useLoad<T>(
  key: string,
  load: (key: string) => Promise<T>,
): Loaded<T> & { reload(): Promise<void> } {
  const [got, setGot] = useState<{ key: string; result: Loaded<T> } | null>(null);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++latest.current;
    try {
      const data = await load(key);
      if (latest.current === mine) setGot({ key, result: { status: 'ready', data } });
    } catch (e) {
      if (latest.current !== mine) return;
      const error = asApiError(e);
      if (error.status === 401) useSession.getState().expire();
      setGot({ key, result: { status: 'error', error } });
    }
  }, [key, load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const result: Loaded<T> = got && got.key === key ? got.result : { status: 'loading' };
  return { ...result, reload };
}
