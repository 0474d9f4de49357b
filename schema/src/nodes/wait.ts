import { z } from 'zod';
import { Duration, durationMs, formatDuration, isZonedDateTime } from '../common.ts';
import type { DelaySpec } from '../machine-types.ts';
import { checkDuration } from './checks.ts';
import { action, defineKind } from './kind.ts';

const weekdayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export const WaitSettings = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('duration'), duration: Duration }),
  /** ISO date-time. */
  z.object({ mode: z.literal('untilDate'), date: z.string() }),
  z.object({
    mode: z.literal('untilWeekday'),
    /** 0 = Sunday … 6 = Saturday. */
    weekdays: z.array(z.number().int().min(0).max(6)).min(1),
    hour: z.number().int().min(0).max(23),
    timezone: z.string().default('UTC'),
  }),
]);
export type WaitSettings = z.infer<typeof WaitSettings>;

export const wait = defineKind({
  kind: 'wait',
  title: 'Wait',
  description: 'Pause for a length of time, or until a date, or until a weekday and hour.',
  category: 'logic',
  defaultOwner: { team: 'marketing' },
  settings: WaitSettings,
  defaults: { mode: 'duration', duration: { amount: 3, unit: 'days' } },
  outcomes: () => [{ id: 'done', label: 'Then' }],
  waits: (s) => s.mode !== 'duration' || durationMs(s.duration) > 0,
  decides: { mode: ['waits'], duration: ['waits'] },
  check: (s) => {
    if (s.mode === 'duration') return checkDuration(s.duration, ['duration'], 'The wait');
    if (s.mode === 'untilDate' && !isZonedDateTime(s.date)) {
      return [
        {
          path: ['date'],
          code: 'invalid_date',
          message:
            'Wait until needs a date and time with its time zone, e.g. 2026-12-01T09:00:00Z or 2026-12-01T09:00:00+01:00.',
        },
      ];
    }
    if (s.mode === 'untilWeekday' && !isTimeZone(s.timezone)) {
      return [{ path: ['timezone'], code: 'invalid_setting', message: `Unknown time zone “${s.timezone}”.` }];
    }
    return [];
  },
  summary: (s) => {
    if (s.mode === 'duration') return `Wait ${formatDuration(s.duration)}`;
    if (s.mode === 'untilDate') return `Until ${s.date.slice(0, 16).replace('T', ' ')}`;
    return `Until ${s.weekdays.map((d) => weekdayNames[d]).join('/')} ${String(s.hour).padStart(2, '0')}:00`;
  },
  simulate: () => [{ outcome: 'done', events: [], fireTimer: true }],
  compile: (ctx) => {
    const s = ctx.settings;
    const spec: DelaySpec | null =
      s.mode === 'untilDate'
        ? { type: 'untilDate', date: s.date }
        : s.mode === 'untilWeekday'
          ? { type: 'untilWeekday', weekdays: s.weekdays, hour: s.hour, timezone: s.timezone }
          : null;
    const key = spec
      ? ctx.calendarDelay('until', spec)
      : ctx.fixedDelay(durationMs((s as { duration: Duration }).duration));
    return { entry: [action('enterNode', { nodeId: ctx.nodeId })], after: { [key]: ctx.leave('done') } };
  },
});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
