import { useEffect } from 'react';
import { useRuntime } from '../store/runtime.ts';

/** Refreshes the live counts of the shown version while the overlay is on. */
export function useStatsPolling(intervalMs = 2000): void {
  const target = useRuntime((s) => s.statsTarget);
  useEffect(() => {
    if (!target) return;
    const poll = () => void useRuntime.getState().pollStats();
    poll();
    const timer = setInterval(poll, intervalMs);
    return () => clearInterval(timer);
  }, [target, intervalMs]);
}
