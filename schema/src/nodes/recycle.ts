import { z } from 'zod';
import { Duration, durationMs, formatDuration, Id, Text } from '../common.ts';
import { checkDuration, requireText } from './checks.ts';
import { action, defineKind } from './kind.ts';

export const RecycleSettings = z.object({
  /** Why the lead is recycled, e.g. "Tried calling, no answer". Shown in reports. */
  reason: Text.default(''),
  /** How long the lead rests before re-entering nurture. */
  cooldown: Duration.default({ amount: 30, unit: 'days' }),
  /** Where the lead re-enters: a node of this flow, or of another flow when `flowId` is set. */
  target: z.object({ flowId: Id.optional(), nodeId: z.string().default('') }).default({ nodeId: '' }),
});
export type RecycleSettings = z.infer<typeof RecycleSettings>;

export const recycle = defineKind({
  kind: 'recycle',
  title: 'Recycle',
  description: 'Send the lead back to nurture after a cooldown, with a reason; counts recycles.',
  category: 'lifecycle',
  defaultOwner: { team: 'marketing' },
  settings: RecycleSettings,
  outcomes: () => [],
  waits: (s) => durationMs(s.cooldown) > 0,
  check: (s) => [
    ...requireText(s.reason, ['reason'], 'The recycle reason'),
    ...checkDuration(s.cooldown, ['cooldown'], 'The cooldown'),
    ...(s.target.nodeId
      ? []
      : [
          {
            path: ['target', 'nodeId'],
            code: 'missing_setting',
            message: 'Choose where the recycled lead re-enters.',
          },
        ]),
  ],
  links: (s) => (s.target.nodeId ? [{ nodeId: s.target.nodeId, flowId: s.target.flowId }] : []),
  summary: (s) =>
    `${s.reason || 'No reason yet'} · back in ${formatDuration(s.cooldown)}${s.target.flowId ? ` to ${s.target.flowId}` : ''}`,
  simulate: () => [{ outcome: 'reentered', events: [], fireTimer: true }],
  compile: (ctx) => {
    const { nodeId, settings: s } = ctx;
    const crossFlow = s.target.flowId !== undefined;
    return {
      entry: [
        action('enterNode', { nodeId }),
        action('recycle', { nodeId, reason: s.reason, cooldownMs: durationMs(s.cooldown) }),
      ],
      after: {
        [ctx.fixedDelay(durationMs(s.cooldown))]: crossFlow
          ? {
              // The lead's path here ends (its track's, inside side-by-side tracks; the other tracks go on).
              target: ctx.endTarget(),
              actions: [
                action('recordOutcome', { nodeId, outcome: 'reentered' }),
                action('enrollInFlow', { nodeId, flowId: s.target.flowId, startAt: s.target.nodeId }),
              ],
            }
          : {
              target: ctx.targetOf(s.target.nodeId),
              actions: [action('recordOutcome', { nodeId, outcome: 'reentered' })],
            },
      },
    };
  },
});
