import { z } from 'zod';
import { action, defineKind } from './kind.ts';

export const GoalSettings = z.object({ reason: z.string().max(2000).default('') });
export type GoalSettings = z.infer<typeof GoalSettings>;

/** Goal and exit differ only in why the lead leaves: both end the flow for the lead, from any track. */
function finalKind<K extends 'goal' | 'exit'>(kind: K, title: string, description: string, fallback: string) {
  return defineKind({
    kind,
    title,
    description,
    category: 'lifecycle',
    defaultOwner: { team: 'marketing' },
    settings: GoalSettings,
    outcomes: () => [],
    waits: () => false,
    final: true,
    summary: (s) => s.reason || fallback,
    simulate: () => [],
    compile: (ctx) => ({
      type: 'final',
      entry: [
        action('enterNode', { nodeId: ctx.nodeId }),
        action('exitFlow', { nodeId: ctx.nodeId, why: kind, reason: ctx.settings.reason || ctx.label }),
      ],
    }),
  });
}

export const goal = finalKind(
  'goal',
  'Goal',
  'The lead reached what the flow was for (e.g. became an opportunity) and leaves it.',
  'Goal reached',
);

export const exit = finalKind(
  'exit',
  'Exit',
  'The lead leaves the flow without reaching its goal (unsubscribed, bought elsewhere…).',
  'Leaves the flow',
);
