import { useEffect } from 'react';
import { useRuntime } from '../store/runtime.ts';
import { useSession } from '../store/session.ts';

/** Refreshes the live counts of the shown version while the overlay is on. */
export function useStatsPolling(intervalMs = 2000): void {
  const target = useRuntime((s) => s.statsTarget);
  const allowed = useSession((s) => s.permissions.canViewStats);
  useEffect(() => {
    if (!target || !allowed) return;
    const poll = () => void useRuntime.getState().pollStats();
    poll();
    const timer = setInterval(poll, intervalMs);
    return () => clearInterval(timer);
  }, [target, allowed, intervalMs]);
}
