import { type Duration, durationMs, formatDuration } from '../common.ts';
import type { KindIssue } from './kind.ts';

/**
 * The longest wait, deadline, window or cooldown a step may have. A nurture journey plans in days to
 * months; a longer time is a typing slip, and past it dates fall outside what a calendar can show.
 */
export const maxDurationMs = 10 * 365 * 86_400_000;

export function checkDuration(d: Duration, path: (string | number)[], what: string): KindIssue[] {
  if (d.amount < 0) {
    return [
      { path, code: 'negative_duration', message: `${what} cannot be negative (${d.amount} ${d.unit}).` },
    ];
  }
  if (durationMs(d) > maxDurationMs) {
    return [
      {
        path,
        code: 'duration_too_long',
        message: `${what} is longer than 10 years (${formatDuration(d)}).`,
      },
    ];
  }
  return [];
}

export function requireText(value: string | undefined, path: (string | number)[], what: string): KindIssue[] {
  if (!value || value.trim() === '') {
    return [{ path, code: 'missing_setting', message: `${what} is required.` }];
  }
  return [];
}

export function checkPositive(n: number, path: (string | number)[], what: string): KindIssue[] {
  return n >= 1 ? [] : [{ path, code: 'invalid_setting', message: `${what} must be at least 1.` }];
}
