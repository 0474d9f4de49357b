import { z } from 'zod';
import { action, defineKind } from './kind.ts';

export const GoalSettings = z.object({ reason: z.string().max(2000).default('') });
export type GoalSettings = z.infer<typeof GoalSettings>;

export const goal = defineKind({
  kind: 'goal',
  title: 'Goal',
  description: 'The lead reached what the flow was for (e.g. became an opportunity) and leaves it.',
  category: 'lifecycle',
  defaultOwner: { team: 'marketing' },
  settings: GoalSettings,
  outcomes: () => [],
  waits: () => false,
  final: true,
  summary: (s) => s.reason || 'Goal reached',
  simulate: () => [],
  compile: (ctx) => ({
    type: 'final',
    entry: [
      action('enterNode', { nodeId: ctx.nodeId }),
      action('exitFlow', { nodeId: ctx.nodeId, why: 'goal', reason: ctx.settings.reason || ctx.label }),
    ],
  }),
});

export const exit = defineKind({
  kind: 'exit',
  title: 'Exit',
  description: 'The lead leaves the flow without reaching its goal (unsubscribed, bought elsewhere…).',
  category: 'lifecycle',
  defaultOwner: { team: 'marketing' },
  settings: GoalSettings,
  outcomes: () => [],
  waits: () => false,
  final: true,
  summary: (s) => s.reason || 'Leaves the flow',
  simulate: () => [],
  compile: (ctx) => ({
    type: 'final',
    entry: [
      action('enterNode', { nodeId: ctx.nodeId }),
      action('exitFlow', { nodeId: ctx.nodeId, why: 'exit', reason: ctx.settings.reason || ctx.label }),
    ],
  }),
});
