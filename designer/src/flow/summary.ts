import type { StepNode } from './graph.ts';
import { kindOf } from './kinds.ts';

type Step = StepNode['data']['step'];

/**
 * The zone a wait-until date is read in, from the offset it is written with: “Z” is UTC, “+01:00” is
 * UTC+01:00. Null when the date has none, which the flow's check refuses (the moment would depend on the
 * server's zone).
 */
export function zoneOfDate(date: string): string | null {
  const zone = /(Z|[+-]\d{2}:\d{2})$/.exec(date.trim())?.[1];
  if (!zone) return null;
  return zone === 'Z' ? 'UTC' : `UTC${zone}`;
}

/**
 * The zone a calendar wait runs in, as the card shows it: “09:00” alone would be read in the reader's own
 * zone, while the runtime waits for 09:00 in the step's. Null for a wait of a fixed length.
 */
export function waitZone(settings: unknown): string | null {
  const s = settings as { mode?: string; date?: unknown; timezone?: unknown } | null;
  if (s?.mode === 'untilDate')
    return typeof s.date === 'string' ? (zoneOfDate(s.date) ?? 'no time zone') : null;
  // The flow language's default when a weekday wait names no zone.
  if (s?.mode === 'untilWeekday') return typeof s.timezone === 'string' && s.timezone ? s.timezone : 'UTC';
  return null;
}

/** The zone of a webinar's start, as its offset names it. Null when it has no start yet. */
export function webinarZone(settings: unknown): string | null {
  const startsAt = (settings as { startsAt?: unknown } | null)?.startsAt;
  return typeof startsAt === 'string' && startsAt ? (zoneOfDate(startsAt) ?? 'no time zone') : null;
}

/**
 * The one-line summary on a step's card: the kind's own, and for a wait until a date or a weekday, or a
 * webinar, the zone of its time (“Until 2026-12-01 09:00 (UTC+01:00)”, “Until Mon/Thu 09:00
 * (Europe/Paris)”, “Q4 roadmap · 2026-12-03 16:00 (UTC)”).
 */
export function stepSummary(step: Step): string {
  const summary = kindOf(step.kind).summary(step.settings);
  const zone =
    step.kind === 'wait'
      ? waitZone(step.settings)
      : step.kind === 'webinar'
        ? webinarZone(step.settings)
        : null;
  return zone ? `${summary} (${zone})` : summary;
}
