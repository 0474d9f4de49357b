import { useEffect, useRef } from 'react';

/**
 * Calls `run` every `ms` while the page is visible (a hidden tab asks the runtime nothing), and once when
 * it becomes visible again, so a list left open stays current.
 */
export function useEvery(ms: number, run: () => void): void {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    const tick = () => {
      if (document.visibilityState !== 'hidden') latest.current();
    };
    const timer = setInterval(tick, ms);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [ms]);
}
