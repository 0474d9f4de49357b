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
    const utc = local - zoneOffset(spec.timezone, local - offset);
    if (utc > now) return utc - now;
  }
  return 7 * DAY;
}
