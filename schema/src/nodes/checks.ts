import type { Duration } from '../common.ts';
import type { KindIssue } from './kind.ts';

export function checkDuration(d: Duration, path: (string | number)[], what: string): KindIssue[] {
  if (d.amount < 0) {
    return [
      { path, code: 'negative_duration', message: `${what} cannot be negative (${d.amount} ${d.unit}).` },
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
