import { describe, expect, it } from 'vitest';
import { resolveDelay } from './calendar.ts';

const at = (iso: string) => Date.parse(iso);

describe('calendar waits', () => {
  it('waits until a date, or not at all when it has passed', () => {
    expect(
      resolveDelay({ type: 'untilDate', date: '2026-03-02T09:00:00Z' }, at('2026-03-01T09:00:00Z')),
    ).toBe(86_400_000);
    expect(
      resolveDelay({ type: 'untilDate', date: '2026-03-02T09:00:00Z' }, at('2026-03-05T09:00:00Z')),
    ).toBe(0);
  });

  it('waits until the next chosen weekday and hour', () => {
    // Wednesday 2026-03-04 15:00 UTC -> next Tuesday or Thursday 10:00 UTC is Thursday 03-05 10:00.
    const now = at('2026-03-04T15:00:00Z');
    const spec = { type: 'untilWeekday' as const, weekdays: [2, 4], hour: 10, timezone: 'UTC' };
    expect(now + resolveDelay(spec, now)).toBe(at('2026-03-05T10:00:00Z'));
  });

  it('honours the time zone, including daylight saving', () => {
    // Monday 09:00 in New York: EST (UTC-5) in February, EDT (UTC-4) in April.
    const spec = { type: 'untilWeekday' as const, weekdays: [1], hour: 9, timezone: 'America/New_York' };
    const feb = at('2026-02-18T12:00:00Z');
    expect(new Date(feb + resolveDelay(spec, feb)).toISOString()).toBe('2026-02-23T14:00:00.000Z');
    const apr = at('2026-04-15T12:00:00Z');
    expect(new Date(apr + resolveDelay(spec, apr)).toISOString()).toBe('2026-04-20T13:00:00.000Z');
  });

  it('reads an hour the clocks skip as just after the jump, and an hour they repeat as the first', () => {
    // London goes from 01:00 GMT to 02:00 BST on Sunday 2026-03-29: Sunday 01:00 is 01:00 UTC (02:00 BST).
    const london = { type: 'untilWeekday' as const, weekdays: [0], hour: 1, timezone: 'Europe/London' };
    const sat = at('2026-03-28T12:00:00Z');
    expect(new Date(sat + resolveDelay(london, sat)).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    // New York skips 02:00–03:00 on Sunday 2026-03-08; at 01:30 EST, Sunday 02:00 is half an hour away.
    const ny = { type: 'untilWeekday' as const, weekdays: [0], hour: 2, timezone: 'America/New_York' };
    const early = at('2026-03-08T06:30:00Z');
    expect(new Date(early + resolveDelay(ny, early)).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    // 01:00 happens twice in New York on Sunday 2026-11-01: the first is 05:00 UTC (EDT).
    const back = { type: 'untilWeekday' as const, weekdays: [0], hour: 1, timezone: 'America/New_York' };
    const satNov = at('2026-10-31T12:00:00Z');
    expect(new Date(satNov + resolveDelay(back, satNov)).toISOString()).toBe('2026-11-01T05:00:00.000Z');
  });

  it('moves to next week when today’s hour has passed', () => {
    const spec = { type: 'untilWeekday' as const, weekdays: [3], hour: 10, timezone: 'UTC' };
    const now = at('2026-03-04T11:00:00Z');
    expect(new Date(now + resolveDelay(spec, now)).toISOString()).toBe('2026-03-11T10:00:00.000Z');
  });
});
