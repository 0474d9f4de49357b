import { type Duration, durationMs, formatDuration } from '../common.ts';
import { stepEventType } from '../conditions.ts';
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

/**
 * A lead event a step names (waits for, comes back on): one type exactly, for "*" and "form.*" would be
 * wildcards to the machine (a sales task's events would count too), and not a step's own event (tasks,
 * timers, emails, webinars) unless `stepEvents` lets it through.
 */
export function checkLeadEventType(
  type: string,
  path: (string | number)[],
  stepEvents?: RegExp,
): KindIssue[] {
  if (/[*\s]/.test(type)) {
    return [
      {
        path,
        code: 'invalid_setting',
        message: `“${type}” is not an event type: name one exactly, e.g. form.submitted (no “*”, no spaces).`,
      },
    ];
  }
  if (stepEventType(type) && !stepEvents?.test(type)) {
    return [{ path, code: 'invalid_setting', message: `“${type}” is reserved for steps.` }];
  }
  return [];
}
