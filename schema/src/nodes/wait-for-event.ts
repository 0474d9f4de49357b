import { z } from 'zod';
import { Duration, durationMs, formatDuration } from '../common.ts';
import { EventFilter } from '../conditions.ts';
import { checkDuration, checkLeadEventType, requireText } from './checks.ts';
import { action, defineKind } from './kind.ts';

export const WaitForEventSettings = z.object({
  /** A lead event type, e.g. "form.submitted" or "pricing.visited". */
  eventType: z.string().default(''),
  filter: EventFilter.optional(),
  timeout: Duration.default({ amount: 7, unit: 'days' }),
});
export type WaitForEventSettings = z.infer<typeof WaitForEventSettings>;

export const waitForEvent = defineKind({
  kind: 'waitForEvent',
  title: 'Wait for event',
  description: 'Wait until the lead does something (fills a form, visits pricing), or time runs out.',
  category: 'logic',
  defaultOwner: { team: 'marketing' },
  settings: WaitForEventSettings,
  outcomes: (s) => [
    { id: 'received', label: s.eventType ? `Received ${s.eventType}` : 'Received' },
    { id: 'timedOut', label: `Nothing within ${formatDuration(s.timeout)}` },
  ],
  // Only a step that gives the lead time stops a loop; a zero timeout leaves at once.
  waits: (s) => durationMs(s.timeout) > 0,
  decides: { eventType: ['labels'], timeout: ['labels', 'waits'] },
  check: (s) => [
    ...requireText(s.eventType, ['eventType'], 'The event to wait for'),
    ...checkDuration(s.timeout, ['timeout'], 'The timeout'),
    // An open or click of any email, or a webinar event, is heard when no email or webinar step is waiting.
    ...checkLeadEventType(s.eventType, ['eventType'], /^(email\.(opened|clicked)|webinar\.)/),
  ],
  summary: (s) => `${s.eventType || 'No event yet'} · up to ${formatDuration(s.timeout)}`,
  simulate: (s) => [
    { outcome: 'received', events: [{ type: s.eventType, data: { ...s.filter } }] },
    { outcome: 'timedOut', events: [], fireTimer: true },
  ],
  compile: (ctx) => {
    const s = ctx.settings;
    const guard = s.filter ? { guard: { type: 'eventMatches', params: { filter: s.filter } } } : {};
    return {
      entry: [action('enterNode', { nodeId: ctx.nodeId })],
      on: { [s.eventType]: ctx.leave('received', guard) },
      after: { [ctx.fixedDelay(durationMs(s.timeout))]: ctx.leave('timedOut') },
    };
  },
});
