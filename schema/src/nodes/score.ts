import { z } from 'zod';
import { action, defineKind } from './kind.ts';

export const ScoreSettings = z.object({
  points: z.number().int().default(10),
  reason: z.string().max(2000).default(''),
});
export type ScoreSettings = z.infer<typeof ScoreSettings>;

export const score = defineKind({
  kind: 'score',
  title: 'Score',
  description: 'Add or subtract lead score points.',
  category: 'lifecycle',
  defaultOwner: { team: 'marketing' },
  settings: ScoreSettings,
  outcomes: () => [{ id: 'next', label: 'Next' }],
  waits: () => false,
  check: (s) =>
    s.points === 0
      ? [{ path: ['points'], code: 'invalid_setting', message: 'A score step must add or subtract points.' }]
      : [],
  summary: (s) => `${s.points > 0 ? '+' : ''}${s.points} points`,
  simulate: () => [],
  compile: (ctx) => ({
    entry: [
      action('enterNode', { nodeId: ctx.nodeId }),
      action('adjustScore', {
        nodeId: ctx.nodeId,
        points: ctx.settings.points,
        reason: ctx.settings.reason || ctx.label,
      }),
    ],
    always: ctx.leave('next'),
  }),
});
