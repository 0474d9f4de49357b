import { z } from 'zod';
import { Duration, durationMs, formatDuration, list, Text } from '../common.ts';
import { checkDuration, requireText } from './checks.ts';
import { defineKind } from './kind.ts';
import { compileTask } from './task.ts';

export const SalesMeetingSettings = z.object({
  purpose: Text.default(''),
  /** The visual agenda shown in the invitation and on the task. */
  agenda: list(Text).default([]),
  durationMinutes: z.number().int().default(30),
  /** Time the queue has to hold the meeting. */
  deadline: Duration.default({ amount: 14, unit: 'days' }),
});
export type SalesMeetingSettings = z.infer<typeof SalesMeetingSettings>;

export const salesMeeting = defineKind({
  kind: 'salesMeeting',
  title: 'Sales meeting',
  description: 'A meeting with a salesperson, with an agenda; held, no-show, declined or opportunity.',
  category: 'sales',
  defaultOwner: { team: 'sales', queue: 'fieldRep' },
  settings: SalesMeetingSettings,
  outcomes: (s) => [
    { id: 'held', label: 'Held, no immediate action' },
    { id: 'noShow', label: 'No-show' },
    { id: 'declined', label: 'Declined' },
    { id: 'opportunity', label: 'Opportunity' },
    { id: 'expired', label: `Not held within ${formatDuration(s.deadline)}` },
  ],
  // Only a step that gives the lead time stops a loop; a zero deadline leaves at once.
  waits: (s) => durationMs(s.deadline) > 0,
  decides: { deadline: ['labels', 'waits'] },
  check: (s) => {
    const issues = [
      ...requireText(s.purpose, ['purpose'], 'The purpose of the meeting'),
      ...checkDuration(s.deadline, ['deadline'], 'The meeting deadline'),
    ];
    if (s.agenda.length === 0) {
      issues.push({
        path: ['agenda'],
        code: 'missing_setting',
        message: 'A meeting needs at least one agenda item.',
      });
    }
    return issues;
  },
  summary: (s) => `${s.agenda.length} agenda items · ${s.durationMinutes} min`,
  simulate: (_s, nodeId) => [
    ...['held', 'noShow', 'declined', 'opportunity'].map((outcome) => ({
      outcome,
      events: [{ type: 'task.completed', nodeId, outcome }],
    })),
    { outcome: 'expired', events: [], fireTimer: true },
  ],
  compile: (ctx) =>
    compileTask(ctx, {
      taskKind: 'meeting',
      deadline: ctx.settings.deadline,
      completions: ['held', 'noShow', 'declined', 'opportunity'],
      details: {
        purpose: ctx.settings.purpose,
        agenda: ctx.settings.agenda,
        durationMinutes: ctx.settings.durationMinutes,
      },
    }),
});
