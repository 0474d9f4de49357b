import { z } from 'zod';
import { Duration, durationMs, formatDuration, Id, Text } from '../common.ts';
import { checkDuration, checkLeadEventType, requireText } from './checks.ts';
import { action, defineKind } from './kind.ts';

export const RecycleSettings = z.object({
  /** Why the lead is recycled, e.g. "Tried calling, no answer". Shown in reports. */
  reason: Text.default(''),
  /** How long the lead rests before re-entering nurture. */
  cooldown: Duration.default({ amount: 30, unit: 'days' }),
  /** Where the lead re-enters: a node of this flow, or of another flow when `flowId` is set. */
  target: z.object({ flowId: Id.optional(), nodeId: z.string().default('') }).default({ nodeId: '' }),
  /**
   * A lead event that ends the cooldown early (e.g. "form.submitted"): a recycled lead that comes back by
   * itself re-enters at once instead of waiting out the rest of it. Absent or empty: the cooldown always
   * runs out.
   */
  comesBackOn: z.string().max(100).optional(),
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
  decides: { cooldown: ['waits'], target: ['links'] },
  check: (s) => [
    // An email or webinar event without a step would not reach the recycle step: none of a step's own.
    ...(s.comesBackOn ? checkLeadEventType(s.comesBackOn, ['comesBackOn']) : []),
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
    `${s.reason || 'No reason yet'} · back in ${formatDuration(s.cooldown)}${s.target.flowId ? ` to ${s.target.flowId}` : ''}${s.comesBackOn ? `, or at once on ${s.comesBackOn}` : ''}`,
  simulate: (s) => [
    { outcome: 'reentered', events: [], fireTimer: true },
    ...(s.comesBackOn ? [{ outcome: 'cameBack', events: [{ type: s.comesBackOn }] }] : []),
  ],
  compile: (ctx) => {
    const { nodeId, settings: s } = ctx;
    const crossFlow = s.target.flowId !== undefined;
    /** Back to nurture at the target, when the cooldown ran out (`reentered`) or the lead came back. */
    const reenter = (outcome: 'reentered' | 'cameBack') =>
      crossFlow
        ? {
            // The lead's path here ends (its track's, inside side-by-side tracks; the other tracks go on).
            target: ctx.endTarget(),
            actions: [
              action('recordOutcome', { nodeId, outcome }),
              action('enrollInFlow', { nodeId, flowId: s.target.flowId, startAt: s.target.nodeId }),
            ],
          }
        : {
            target: ctx.targetOf(s.target.nodeId),
            actions: [action('recordOutcome', { nodeId, outcome })],
          };
    return {
      entry: [
        action('enterNode', { nodeId }),
        action('recycle', { nodeId, reason: s.reason, cooldownMs: durationMs(s.cooldown) }),
      ],
      after: { [ctx.fixedDelay(durationMs(s.cooldown))]: reenter('reentered') },
      ...(s.comesBackOn ? { on: { [s.comesBackOn]: reenter('cameBack') } } : {}),
    };
  },
});
