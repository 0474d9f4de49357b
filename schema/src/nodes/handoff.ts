import { z } from 'zod';
import { Duration, durationMs, formatDuration, Text } from '../common.ts';
import { checkDuration } from './checks.ts';
import { defineKind } from './kind.ts';
import { compileTask } from './task.ts';

export const HandoffSettings = z.object({
  /** What sales should know about the lead being passed. */
  note: Text.default(''),
  /** Time sales has to accept or reject the lead (the agreed follow-up SLA). */
  acceptanceDeadline: Duration.default({ amount: 2, unit: 'days' }),
});
export type HandoffSettings = z.infer<typeof HandoffSettings>;

export const handoff = defineKind({
  kind: 'handoff',
  title: 'Hand-off to sales',
  description:
    'Pass the lead to a sales queue, which accepts or rejects it (with a reason) before a deadline.',
  category: 'sales',
  defaultOwner: { team: 'sales', queue: 'insideSales' },
  settings: HandoffSettings,
  outcomes: (s) => [
    { id: 'accepted', label: 'Accepted' },
    { id: 'rejected', label: 'Rejected (with reason)' },
    { id: 'expired', label: `Not accepted within ${formatDuration(s.acceptanceDeadline)}` },
  ],
  // Only a step that gives the lead time stops a loop; a zero acceptanceDeadline leaves at once.
  waits: (s) => durationMs(s.acceptanceDeadline) > 0,
  decides: { acceptanceDeadline: ['labels', 'waits'] },
  check: (s) => checkDuration(s.acceptanceDeadline, ['acceptanceDeadline'], 'The acceptance deadline'),
  summary: (s) => `Accept within ${formatDuration(s.acceptanceDeadline)}`,
  simulate: (_s, nodeId) => [
    { outcome: 'accepted', events: [{ type: 'task.completed', nodeId, outcome: 'accepted' }] },
    {
      outcome: 'rejected',
      events: [{ type: 'task.completed', nodeId, outcome: 'rejected', reason: 'Not the decision maker' }],
    },
    { outcome: 'expired', events: [], fireTimer: true },
  ],
  compile: (ctx) =>
    compileTask(ctx, {
      taskKind: 'handoff',
      deadline: ctx.settings.acceptanceDeadline,
      completions: ['accepted', 'rejected'],
      details: { note: ctx.settings.note },
    }),
});
