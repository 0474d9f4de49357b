import { useState } from 'react';
import { asApiError } from '../../hooks/useLoad.ts';
import { useSession } from '../../store/session.ts';

/** What became of an action, as the task page says it. */
export interface ActionNote {
  tone: 'success' | 'error';
  text: string;
}

/** Reloads the task, then says what became of the action (the page shows the task as it now is either way). */
export type OnChanged = (note: ActionNote) => Promise<void>;

/**
 * Runs a task action against the runtime: busy while it runs; then the page reloads the task and says it
 * went through, or gives the runtime's own words when it refused (409 `task_claimed` when someone else
 * took it meanwhile, 403 outside the token's queues…). Resolves true when it went through.
 */
export function useAction(onChanged: OnChanged) {
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>, done: string): Promise<boolean> => {
    setBusy(true);
    try {
      await action();
      await onChanged({ tone: 'success', text: done });
      return true;
    } catch (e) {
      const err = asApiError(e);
      if (err.status === 401) useSession.getState().expire();
      await onChanged({ tone: 'error', text: err.message });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
