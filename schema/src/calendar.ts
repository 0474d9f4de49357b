import type { DelaySpec } from './machine-types.ts';

const DAY = 86_400_000;

/** Offset of `timeZone` from UTC at instant `t`, in ms. */
export function zoneOffset(timeZone: string, t: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(t / 1000) * 1000;
}

/** Milliseconds from `now` until a calendar delay falls due (0 when already past). */
export function resolveDelay(spec: DelaySpec, now: number): number {
  if (spec.type === 'untilDate') {
    const at = Date.parse(spec.date);
    return Number.isNaN(at) ? 0 : Math.max(0, at - now);
  }
  const offset = zoneOffset(spec.timezone, now);
  const localNow = now + offset;
  const localMidnight = Math.floor(localNow / DAY) * DAY;
  for (let d = 0; d <= 7; d++) {
    const local = localMidnight + d * DAY + spec.hour * 3_600_000;
    if (!spec.weekdays.includes(new Date(local).getUTCDay())) continue;
    const utc = instantOf(spec.timezone, local, offset);
    if (utc > now) return utc - now;
  }
  return 7 * DAY;
}

/**
 * The instant a local wall-clock time (`local`, as ms on a UTC scale) names in `timeZone`, found among the
 * zone's offsets around it (`near` is one). A time that happens twice (clocks going back) is the first;
 * one that does not happen (clocks going forward) is read with the offset from before the change, so it
 * falls just after the jump: 01:00 on the day London skips to 02:00 is 02:00 summer time.
 */
function instantOf(timeZone: string, local: number, near: number): number {
  const offsets = new Set([near, ...[-DAY, 0, DAY].map((d) => zoneOffset(timeZone, local - near + d))]);
  const candidates = [...offsets].map((o) => local - o);
  const real = candidates.filter((u) => u + zoneOffset(timeZone, u) === local);
  return real.length > 0 ? Math.min(...real) : Math.max(...candidates);
}
