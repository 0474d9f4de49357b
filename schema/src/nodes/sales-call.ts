import { z } from 'zod';
import { Duration, durationMs, formatDuration, list, Text } from '../common.ts';
import { checkDuration, checkPositive, requireText } from './checks.ts';
import { action, defineKind } from './kind.ts';
import { compileTask } from './task.ts';

export const SalesCallSettings = z.object({
  purpose: Text.default(''),
  talkingPoints: list(Text).default([]),
  /** Time the queue has to reach the lead. */
  deadline: Duration.default({ amount: 2, unit: 'days' }),
  maxAttempts: z.number().int().default(3),
});
export type SalesCallSettings = z.infer<typeof SalesCallSettings>;

/**
 * The `noAnswer` outcome after `attempts` unanswered calls. The step's label counts the attempt limit; a
 * lead's timeline counts the attempts actually logged, since a rep may give up on the lead before the limit.
 */
export function noAnswerLabel(attempts: number): string {
  if (attempts === 0) return 'No answer (no call attempt logged)';
  return `No answer after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
}

export const salesCall = defineKind({
  kind: 'salesCall',
  title: 'Sales call',
  description: 'A call task for a sales queue, with talking points, a deadline and an attempt limit.',
  category: 'sales',
  defaultOwner: { team: 'sales', queue: 'telequalifying' },
  settings: SalesCallSettings,
  outcomes: (s) => [
    { id: 'connected', label: 'Connected' },
    { id: 'notNow', label: 'Not now' },
    { id: 'noAnswer', label: noAnswerLabel(s.maxAttempts) },
    { id: 'disqualified', label: 'Disqualified (with reason)' },
    { id: 'converted', label: 'Converted' },
    { id: 'expired', label: `Not called within ${formatDuration(s.deadline)}` },
  ],
  // Only a step that gives the lead time stops a loop; a zero deadline leaves at once.
  waits: (s) => durationMs(s.deadline) > 0,
  decides: { maxAttempts: ['labels'], deadline: ['labels', 'waits'] },
  check: (s) => [
    ...requireText(s.purpose, ['purpose'], 'The purpose of the call'),
    ...checkDuration(s.deadline, ['deadline'], 'The call deadline'),
    ...checkPositive(s.maxAttempts, ['maxAttempts'], 'Max attempts'),
  ],
  summary: (s) =>
    `${s.purpose || 'No purpose yet'} · ${s.maxAttempts} attempts in ${formatDuration(s.deadline)}`,
  simulate: (s, nodeId) => [
    { outcome: 'connected', events: [{ type: 'task.completed', nodeId, outcome: 'connected' }] },
    { outcome: 'notNow', events: [{ type: 'task.completed', nodeId, outcome: 'notNow' }] },
    {
      outcome: 'noAnswer',
      events: Array.from({ length: Math.max(1, s.maxAttempts) }, () => ({ type: 'task.attempted', nodeId })),
    },
    {
      outcome: 'disqualified',
      events: [{ type: 'task.completed', nodeId, outcome: 'disqualified', reason: 'No budget this year' }],
    },
    { outcome: 'converted', events: [{ type: 'task.completed', nodeId, outcome: 'converted' }] },
    { outcome: 'expired', events: [], fireTimer: true },
  ],
  compile: (ctx) => {
    const { nodeId, settings: s } = ctx;
    return compileTask(ctx, {
      taskKind: 'call',
      deadline: s.deadline,
      completions: ['connected', 'notNow', 'disqualified', 'converted', 'noAnswer'],
      details: { purpose: s.purpose, talkingPoints: s.talkingPoints, maxAttempts: s.maxAttempts },
      extraOn: {
        'task.attempted': [
          ctx.leave('noAnswer', {
            guard: { type: 'attemptsReached', params: { nodeId, max: s.maxAttempts } },
            actions: [action('countAttempt', { nodeId })],
          }),
          { guard: { type: 'forNode', params: { nodeId } }, actions: [action('countAttempt', { nodeId })] },
        ],
      },
    });
  },
});
