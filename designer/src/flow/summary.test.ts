import { describe, expect, it } from 'vitest';
import { newStep } from './edits.ts';
import { kindOf } from './kinds.ts';
import { stepSummary } from './summary.ts';

const wait = (settings: unknown) => {
  const { step } = newStep('wait', 'w', { x: 0, y: 0 }).data;
  return { ...step, settings } as typeof step;
};

describe('a wait card’s summary', () => {
  it('shows the zone of a date it waits until', () => {
    expect(stepSummary(wait({ mode: 'untilDate', date: '2026-12-01T09:00:00Z' }))).toBe(
      'Until 2026-12-01 09:00 (UTC)',
    );
    expect(stepSummary(wait({ mode: 'untilDate', date: '2026-12-01T09:00:00+01:00' }))).toBe(
      'Until 2026-12-01 09:00 (UTC+01:00)',
    );
    expect(stepSummary(wait({ mode: 'untilDate', date: '2026-12-01T09:00:00-05:30' }))).toBe(
      'Until 2026-12-01 09:00 (UTC-05:30)',
    );
    // Refused by the flow's check, and said on the card too.
    expect(stepSummary(wait({ mode: 'untilDate', date: '2026-12-01T09:00' }))).toBe(
      'Until 2026-12-01 09:00 (no time zone)',
    );
  });

  it('shows the zone of a weekday and hour, UTC when none is set', () => {
    expect(
      stepSummary(wait({ mode: 'untilWeekday', weekdays: [1, 4], hour: 9, timezone: 'Europe/Paris' })),
    ).toBe('Until Mon/Thu 09:00 (Europe/Paris)');
    expect(stepSummary(wait({ mode: 'untilWeekday', weekdays: [2], hour: 17 }))).toBe(
      'Until Tue 17:00 (UTC)',
    );
  });

  it('adds nothing to a wait of a fixed length or to other steps', () => {
    expect(stepSummary(wait({ mode: 'duration', duration: { amount: 3, unit: 'days' } }))).toBe(
      'Wait 3 days',
    );
    const goal = newStep('goal', 'g', { x: 0, y: 0 }).data.step;
    expect(stepSummary(goal)).toBe(kindOf('goal').summary(goal.settings));
  });
});

describe('a webinar card’s summary', () => {
  it('shows its start’s date, time and zone', () => {
    const { step } = newStep('webinar', 'web', { x: 0, y: 0 }).data;
    const at = (startsAt: string) =>
      stepSummary({
        ...step,
        settings: { ...step.settings, webinar: 'Q4 roadmap', startsAt },
      } as typeof step);
    expect(at('2026-12-03T16:00:00Z')).toBe('Q4 roadmap · 2026-12-03 16:00 (UTC)');
    expect(at('2026-12-03T17:00:00+01:00')).toBe('Q4 roadmap · 2026-12-03 17:00 (UTC+01:00)');
  });
});
