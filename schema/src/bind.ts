import { type AnyStateMachine, assign, enqueueActions, setup } from 'xstate';
import { resolveDelay } from './calendar.ts';
import {
  type Condition,
  type EventFilter,
  emptyLeadFacts,
  evaluateCondition,
  type LeadFacts,
  matchesFilter,
} from './conditions.ts';
import type { DelaySpec, FlowMachineContext, MachineConfig, StateConfig } from './machine-types.ts';
import type { FlowEvent } from './nodes/kind.ts';

export interface FlowContext extends FlowMachineContext {
  /** The lead as the runtime knows it now; refreshed before every step, not part of the stored state. */
  lead: LeadFacts;
}

export interface BindOptions {
  /** The clock for calendar waits and "within" rules; the runtime injects its own. */
  now?: () => number;
  /**
   * Called whenever a step reads the lead or the clock (a rule, a split bucket, a score or stage change,
   * a calendar wait). A step that never calls it depends on nothing but the stored snapshot and the
   * event, so its result may be reused for every lead in the same state (the runtime caches such steps).
   */
  onImpure?: () => void;
  /**
   * Called instead of `onImpure` when a score step reads the lead's score to add its points. A step whose
   * only read of the lead is that (and which reads no clock) gives the same result for every lead in the
   * same state but the score, which moves by the same points: the runtime replays such a step on another
   * lead by adding them again. Defaults to `onImpure`.
   */
  onScoreRead?: () => void;
}

type P = Record<string, unknown>;
const nodeOf = (p: unknown) => (p as { nodeId: string }).nodeId;

/** Queues a named effect after an assign, so the runtime sees both the new context and what changed. */
function effect(enqueue: unknown, type: EffectAction, params: Record<string, unknown>): void {
  (enqueue as (a: { type: string; params: Record<string, unknown> }) => void)({ type, params });
}

/** Effects the runtime carries out; the machine itself only names them. */
export const effectActions = [
  'enterNode',
  'recordOutcome',
  'sendEmail',
  'sendWebinarInvite',
  'webinarMissed',
  'webinarRegistered',
  'createTask',
  'closeTask',
  'attemptLogged',
  'scoreChanged',
  'stageChanged',
  'stageKept',
  'recycled',
  'enrollInFlow',
  'exitFlow',
  'flowCompleted',
] as const;
export type EffectAction = (typeof effectActions)[number];

export function collectDelays(
  state: StateConfig,
  into: Record<string, DelaySpec> = {},
): Record<string, DelaySpec> {
  Object.assign(into, state.meta?.delays);
  for (const child of Object.values(state.states ?? {})) collectDelays(child, into);
  return into;
}

/**
 * The reason a sales rep gave with the outcome that is moving the lead now (a disqualification's, a
 * rejection's), for the stage and recycle steps that outcome leads to at once. Every step reached in one
 * go after a task's completion sees that event; a later event (a timer, another track's) has no reason,
 * so a reason is never repeated days later or in another track.
 */
function salesReason(event: FlowEvent): string | null {
  return event.type === 'task.completed' ? (event.reason ?? null) : null;
}

/** Call attempts logged at a step (an own key: a step may be called "constructor"). */
function attemptsAt(context: FlowContext, nodeId: string): number {
  return Object.hasOwn(context.attempts, nodeId) ? (context.attempts[nodeId] ?? 0) : 0;
}

/** The waterfall's stages in order; recycled and disqualified are side exits from it. */
const waterfall: readonly LeadFacts['stage'][] = ['inquiry', 'mql', 'sal', 'sql', 'opportunity', 'customer'];

/**
 * Whether a flow's stage or recycle step may move a lead from `from` to `to`. An opportunity or a
 * customer is sales' pipeline: a flow moves it only further on (opportunity → customer), never back
 * to an earlier stage, recycled or disqualified. Before that, a flow moves a lead on down the waterfall or
 * out to a side exit (recycled, disqualified), and from a side exit back in (a resubmission), but not back
 * up the waterfall: a lead sales qualified is not made an MQL again by a nurture flow still ranking it.
 * Changes made through the API are not limited.
 */
export function flowMayMove(from: LeadFacts['stage'], to: LeadFacts['stage']): boolean {
  const at = waterfall.indexOf(from);
  const next = waterfall.indexOf(to);
  if (from === 'opportunity' || from === 'customer') return next > at;
  return at < 0 || next < 0 || next >= at;
}

/** Stable bucket in [0, 100) for a lead at a split, so a lead always gets the same variant. */
export function splitBucket(leadId: string, nodeId: string): number {
  let h = 0x811c9dc5;
  const s = `${leadId}:${nodeId}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return ((h >>> 0) % 10_000) / 100;
}

/** Binds the compiled config's named actions, guards and delays into a runnable machine. */
export function createFlowMachine(config: MachineConfig, options: BindOptions = {}): AnyStateMachine {
  const clock = options.now ?? Date.now;
  const impure = options.onImpure ?? (() => {});
  const scoreRead = options.onScoreRead ?? impure;
  const now = () => {
    impure();
    return clock();
  };
  /** The lead facts, noted as read. */
  const leadOf = (context: FlowContext) => {
    impure();
    return context.lead;
  };
  const noop = () => {};
  const effects = Object.fromEntries(effectActions.map((a) => [a, noop]));
  const delays = Object.fromEntries(
    Object.entries(collectDelays(config)).map(([name, spec]) => [name, () => resolveDelay(spec, now())]),
  );
  const machine = setup({
    types: {} as { context: FlowContext; events: FlowEvent; input: { lead?: LeadFacts } | undefined },
    actions: {
      ...effects,
      markEngaged: assign(({ context }, p: P) => ({
        engagement: { ...context.engagement, [nodeOf(p)]: 'opened' as const },
      })),
      forgetNode: assign(({ context }, p: P) => {
        const id = nodeOf(p);
        if (!Object.hasOwn(context.engagement, id) && !Object.hasOwn(context.attempts, id)) return {};
        const { [id]: _e, ...engagement } = context.engagement;
        const { [id]: _a, ...attempts } = context.attempts;
        return { engagement, attempts };
      }),
      countAttempt: enqueueActions(({ context, enqueue }, p: P) => {
        const id = nodeOf(p);
        const attempts = attemptsAt(context, id) + 1;
        enqueue.assign({ attempts: { ...context.attempts, [id]: attempts } });
        effect(enqueue, 'attemptLogged', { nodeId: id, attempts });
      }),
      adjustScore: enqueueActions(({ context, enqueue }, p: P) => {
        const points = p.points as number;
        scoreRead();
        const lead = context.lead;
        const score = lead.score + points;
        enqueue.assign({ lead: { ...lead, score } });
        effect(enqueue, 'scoreChanged', { nodeId: nodeOf(p), points, score, reason: p.reason });
      }),
      setStage: enqueueActions(({ context, event, enqueue }, p: P) => {
        const reason = (p.reason as string | undefined) ?? salesReason(event);
        const lead = leadOf(context);
        const previous = lead.stage;
        const stage = p.stage as LeadFacts['stage'];
        if (!flowMayMove(previous, stage)) {
          effect(enqueue, 'stageKept', { nodeId: nodeOf(p), stage, previous, reason });
          return;
        }
        enqueue.assign({ lead: { ...lead, stage, stageReason: reason } });
        // Set again to the stage it has: the reason is updated without a "Recycled → Recycled" line.
        if (stage !== previous)
          effect(enqueue, 'stageChanged', { nodeId: nodeOf(p), stage, previous, reason });
      }),
      recycle: enqueueActions(({ context, event, enqueue }, p: P) => {
        const lead = leadOf(context);
        const reason = p.reason as string;
        const previous = lead.stage;
        if (!flowMayMove(previous, 'recycled')) {
          // The flow goes on down its recycle path; the lead's stage and recycle count stay as sales left them.
          effect(enqueue, 'stageKept', { nodeId: nodeOf(p), stage: 'recycled', previous, reason });
          return;
        }
        const recycleCount = lead.recycleCount + 1;
        enqueue.assign({ lead: { ...lead, stage: 'recycled', stageReason: reason, recycleCount } });
        if (previous !== 'recycled') {
          effect(enqueue, 'stageChanged', { nodeId: nodeOf(p), stage: 'recycled', previous, reason });
        }
        effect(enqueue, 'recycled', {
          nodeId: nodeOf(p),
          reason,
          salesReason: salesReason(event),
          recycleCount,
          cooldownMs: p.cooldownMs,
        });
      }),
    },
    guards: {
      forNode: ({ event }, p: P) => event.nodeId === nodeOf(p),
      taskOutcome: ({ event }, p: P) => event.nodeId === nodeOf(p) && event.outcome === p.outcome,
      attemptsReached: ({ context, event }, p: P) =>
        event.nodeId === nodeOf(p) && attemptsAt(context, nodeOf(p)) + 1 >= (p.max as number),
      engaged: ({ context }, p: P) => Object.hasOwn(context.engagement, nodeOf(p)),
      conditionMet: ({ context }, p: P) =>
        evaluateCondition(p.condition as Condition, leadOf(context), now()),
      inBucket: ({ context }, p: P) => {
        const b = splitBucket(leadOf(context).id, nodeOf(p));
        return b >= (p.from as number) && b < (p.to as number);
      },
      eventMatches: ({ event }, p: P) => matchesFilter(p.filter as EventFilter, event.data),
      dateReached: (_, p: P) => now() >= Date.parse(p.date as string),
    },
    delays,
  });
  return machine.createMachine({
    ...(config as object),
    context: ({ input }: { input: { lead?: LeadFacts } | undefined }) => ({
      ...config.context,
      lead: input?.lead ?? emptyLeadFacts(),
    }),
    // biome-ignore lint/suspicious/noExplicitAny: the compiled config is plain JSON checked by the compiler, not by XState's types.
  } as any);
}
