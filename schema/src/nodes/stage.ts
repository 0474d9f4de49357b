import { z } from 'zod';
import { Stage, stageLabels } from '../common.ts';
import { action, defineKind } from './kind.ts';

export const StageSettings = z.object({
  stage: Stage.default('mql'),
  /** Required for recycled and disqualified, so reports can show why. */
  reason: z.string().max(2000).optional(),
});
export type StageSettings = z.infer<typeof StageSettings>;

export const stage = defineKind({
  kind: 'stage',
  title: 'Lifecycle stage',
  description: 'Move the lead along the waterfall: inquiry, MQL, SAL, SQL, opportunity, customer.',
  category: 'lifecycle',
  defaultOwner: { team: 'marketing' },
  settings: StageSettings,
  outcomes: () => [{ id: 'next', label: 'Next' }],
  waits: () => false,
  check: (s) =>
    (s.stage === 'recycled' || s.stage === 'disqualified') && !s.reason?.trim()
      ? [
          {
            path: ['reason'],
            code: 'missing_reason',
            message: `Say why the lead is ${stageLabels[s.stage].toLowerCase()}.`,
          },
        ]
      : [],
  summary: (s) => `→ ${stageLabels[s.stage]}${s.reason ? ` (${s.reason})` : ''}`,
  simulate: () => [],
  compile: (ctx) => ({
    entry: [
      action('enterNode', { nodeId: ctx.nodeId }),
      action('setStage', {
        nodeId: ctx.nodeId,
        stage: ctx.settings.stage,
        ...(ctx.settings.reason ? { reason: ctx.settings.reason } : {}),
      }),
    ],
    always: ctx.leave('next'),
  }),
});
