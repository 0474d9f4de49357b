import { z } from 'zod';
import { isZonedDateTime } from '../common.ts';
import { maxDurationMs, requireText } from './checks.ts';
import { action, defineKind } from './kind.ts';

export const WebinarSettings = z.object({
  webinar: z.string().default(''),
  /** ISO date-time the webinar starts, e.g. 2026-12-03T16:00:00Z. */
  startsAt: z.string().default(''),
  durationMinutes: z.number().int().default(60),
  /** Continue when the webinar is over (attended / no-show), or as soon as the lead registers. */
  continueAfter: z.enum(['attendance', 'registration']).default('attendance'),
  /**
   * Hours after the end that attendance reports may still arrive (webinar platforms send them once the
   * webinar is over) before a registered lead counts as a no-show.
   */
  attendanceReportHours: z.number().min(0).max(168).default(24),
});
export type WebinarSettings = z.infer<typeof WebinarSettings>;

/** When the webinar is over (ISO), or undefined when its start cannot be read. */
function endOf(s: WebinarSettings): string | undefined {
  const end = new Date(Date.parse(s.startsAt) + s.durationMinutes * 60_000);
  return Number.isNaN(end.getTime()) ? undefined : end.toISOString();
}

const notBefore = (at: string | undefined): { notBefore?: string } => (at ? { notBefore: at } : {});

/** When a registered lead who was not reported as attending counts as a no-show. */
function noShowAt(s: WebinarSettings): string {
  const end = new Date(
    Date.parse(s.startsAt) + s.durationMinutes * 60_000 + s.attendanceReportHours * 3_600_000,
  );
  // An unreadable start or a length past the calendar is the validator's to report, not a crash here.
  return Number.isNaN(end.getTime()) ? s.startsAt : end.toISOString();
}

export const webinar = defineKind({
  kind: 'webinar',
  title: 'Webinar',
  description: 'Invite the lead to a webinar; continue on attendance, no-show or decline.',
  category: 'marketing',
  defaultOwner: { team: 'marketing' },
  settings: WebinarSettings,
  outcomes: (s) =>
    s.continueAfter === 'registration'
      ? [
          { id: 'registered', label: 'Registered' },
          { id: 'declined', label: 'Declined or did not register' },
        ]
      : [
          { id: 'attended', label: 'Attended' },
          { id: 'noShow', label: 'Registered, no-show' },
          { id: 'declined', label: 'Declined or did not register' },
        ],
  waits: () => true,
  decides: { continueAfter: ['outcomes'] },
  check: (s) => {
    const issues = requireText(s.webinar, ['webinar'], 'The webinar name');
    if (!isZonedDateTime(s.startsAt)) {
      issues.push({
        path: ['startsAt'],
        code: 'invalid_date',
        message: 'The webinar start must be a date and time with its time zone, e.g. 2026-12-03T16:00:00Z.',
      });
    }
    if (s.durationMinutes <= 0) {
      issues.push({
        path: ['durationMinutes'],
        code: 'negative_duration',
        message: 'The webinar must last longer than zero minutes.',
      });
    } else if (s.durationMinutes * 60_000 > maxDurationMs) {
      issues.push({
        path: ['durationMinutes'],
        code: 'duration_too_long',
        message: `The webinar cannot last longer than 10 years (${s.durationMinutes} minutes).`,
      });
    }
    return issues;
  },
  // The start as written (date and time, in the zone its offset names: the card adds the zone).
  summary: (s) =>
    `${s.webinar || 'Untitled webinar'}${s.startsAt ? ` · ${s.startsAt.slice(0, 16).replace('T', ' ')}` : ''}`,
  simulate: (s, nodeId) =>
    s.continueAfter === 'registration'
      ? [
          { outcome: 'registered', events: [{ type: 'webinar.registered', nodeId }] },
          { outcome: 'declined', events: [{ type: 'webinar.declined', nodeId }] },
        ]
      : [
          {
            outcome: 'attended',
            events: [
              { type: 'webinar.registered', nodeId },
              { type: 'webinar.attended', nodeId },
            ],
            // Nobody attends before the end: flows that ask "attended lately?" meanwhile must not see it.
            ...notBefore(endOf(s)),
          },
          { outcome: 'noShow', events: [{ type: 'webinar.registered', nodeId }], fireTimer: true },
          { outcome: 'declined', events: [{ type: 'webinar.declined', nodeId }] },
        ],
  compile: (ctx) => {
    const { nodeId, settings: s } = ctx;
    const forNode = { type: 'forNode', params: { nodeId } };
    const entry = [action('enterNode', { nodeId })];
    /**
     * Reached once the webinar has started, the step sends no invitation and moves on as declined (the
     * timeline says why); otherwise it invites the lead and goes to `next`.
     */
    const check = (next: string) => ({
      always: [
        ctx.leave('declined', {
          guard: { type: 'dateReached', params: { date: s.startsAt } },
          actions: [action('webinarMissed', { nodeId, webinar: s.webinar, startsAt: s.startsAt })],
        }),
        {
          target: next,
          actions: [action('sendWebinarInvite', { nodeId, webinar: s.webinar, startsAt: s.startsAt })],
        },
      ],
    });
    if (s.continueAfter === 'registration') {
      const start = ctx.calendarDelay('start', { type: 'untilDate', date: s.startsAt });
      return {
        entry,
        initial: 'check',
        states: { check: check('open'), open: { id: `${nodeId}:open` } },
        on: {
          'webinar.registered': ctx.leave('registered', { guard: forNode }),
          'webinar.attended': ctx.leave('registered', { guard: forNode }),
          'webinar.declined': ctx.leave('declined', { guard: forNode }),
        },
        after: { [start]: ctx.leave('declined') },
      };
    }
    const end = ctx.calendarDelay('end', { type: 'untilDate', date: noShowAt(s) });
    return {
      entry,
      initial: 'check',
      states: {
        check: check('invited'),
        invited: {
          id: `${nodeId}:invited`,
          on: {
            'webinar.registered': {
              guard: forNode,
              target: 'registered',
              actions: [action('webinarRegistered', { nodeId })],
            },
            'webinar.attended': ctx.leave('attended', { guard: forNode }),
            'webinar.declined': ctx.leave('declined', { guard: forNode }),
          },
          // A lead registered elsewhere may still be reported as attending once the webinar is over.
          after: { [end]: ctx.leave('declined') },
        },
        registered: {
          id: `${nodeId}:registered`,
          on: { 'webinar.attended': ctx.leave('attended', { guard: forNode }) },
          after: { [end]: ctx.leave('noShow') },
        },
      },
    };
  },
});
