import { type AnyMachineSnapshot, type AnyStateMachine, initialTransition, transition } from 'xstate';
import { createFlowMachine, splitBucket } from './bind.ts';
import { emptyLeadFacts, type LeadFacts, stepEventType } from './conditions.ts';
import { describeEffect } from './describe.ts';
import type { FlowDocument, FlowNode } from './flow.ts';
import type { MachineConfig } from './machine-types.ts';
import { nodeIndex } from './node-index.ts';
import type { FlowEvent, SimChoice } from './nodes/kind.ts';
import { kindDef } from './nodes/registry.ts';
import { splitRanges } from './nodes/split.ts';

/** Node ids a lead is on, given a snapshot value (one per running track). */
export function activeNodeIds(doc: { nodes: { id: string; kind: string }[] }, value: unknown): string[] {
  const byId = nodeIndex(doc);
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (byId.has(v)) out.push(v);
      return;
    }
    if (!v || typeof v !== 'object') return;
    for (const [key, child] of Object.entries(v)) {
      const node = byId.get(key);
      if (node?.kind === 'fork') for (const region of Object.values(child as object)) walk(region);
      else if (node) out.push(key);
    }
  };
  walk(value);
  return out;
}

/** The node a delayed event belongs to, from its id (`xstate.after.<delay>.<stateId>`). */
export function timerNodeId(sendId: string): string {
  return (sendId.split('.').pop() ?? '').split(':')[0] as string;
}

export interface SimTimer {
  id: string;
  event: { type: string };
  dueAt: number;
  nodeId: string;
}

export interface SimLogEntry {
  at: number;
  type: string;
  nodeId?: string;
  text: string;
  params?: Record<string, unknown>;
}

export interface SimState {
  snapshot: AnyMachineSnapshot;
  timers: SimTimer[];
  now: number;
  log: SimLogEntry[];
  /** Node ids entered, in order. */
  path: string[];
  /** `${nodeId}:${outcome}` taken, in order. */
  outcomes: string[];
}

/**
 * Runs one test lead through a compiled flow with XState's pure transition functions, keeping
 * delays as timers that can be fast-forwarded. Each step returns a new state, so stepping back is
 * keeping the previous one.
 */
export class FlowSimulation {
  readonly machine: AnyStateMachine;
  state: SimState;

  constructor(
    readonly doc: FlowDocument,
    config: MachineConfig,
    options: { lead?: Partial<LeadFacts>; start?: number } = {},
  ) {
    const start = options.start ?? Date.parse('2026-01-05T09:00:00Z');
    this.machine = createFlowMachine(config, { now: () => this.state.now });
    this.state = {
      snapshot: undefined as unknown as AnyMachineSnapshot,
      timers: [],
      now: start,
      log: [],
      path: [],
      outcomes: [],
    };
    const [snapshot, actions] = initialTransition(this.machine, {
      lead: { ...emptyLeadFacts('test-lead'), ...options.lead },
    });
    this.state = this.apply({ ...this.state, snapshot }, actions);
  }

  get done(): boolean {
    return this.state.snapshot.status === 'done';
  }

  get lead(): LeadFacts {
    return this.state.snapshot.context.lead as LeadFacts;
  }

  activeNodes(): FlowNode[] {
    const ids = activeNodeIds(this.doc, this.state.snapshot.value);
    const byId = nodeIndex(this.doc);
    return ids.map((id) => byId.get(id) as FlowNode);
  }

  /** What the user can choose at each active step. */
  choices(): { node: FlowNode; options: SimChoice[] }[] {
    return this.activeNodes().map((node) => ({
      node,
      options: kindDef(node.kind)?.simulate(node.settings, node.id) ?? [],
    }));
  }

  send(event: FlowEvent): void {
    let snapshot = this.state.snapshot;
    if (!event.type.startsWith('task.') && !event.type.startsWith('xstate.')) {
      const lead = this.lead;
      snapshot = this.machine.resolveState({
        value: snapshot.value,
        context: {
          ...snapshot.context,
          lead: { ...lead, events: [...lead.events, { type: event.type, at: this.state.now }] },
        },
      });
    }
    const [next, actions] = transition(this.machine, snapshot, event);
    this.state = this.apply({ ...this.state, snapshot: next }, actions);
  }

  /**
   * Something the lead does that no step names (a page visit, a form filled in): logged, heard by a step
   * waiting for it, and remembered for branch rules on past events, as a lead event is in the runtime.
   * Sales task events and emails are the steps' own choices, not this.
   */
  leadEvent(type: string, data?: Record<string, unknown>): void {
    const name = type.trim();
    if (!/^[\w.-]+$/.test(name))
      throw new Error(`“${type}” is not an event type: name one, e.g. pricing.visited.`);
    if (stepEventType(name)) throw new Error(`“${name}” comes from a step: use that step’s buttons.`);
    this.state = {
      ...this.state,
      log: [...this.state.log, { at: this.state.now, type: 'leadEvent', text: `The lead did: ${name}` }],
    };
    this.send({ type: name, ...(data ? { data } : {}) });
  }

  /**
   * Fast-forwards to the next timer (of one node, when given) and fires it. Time passes for the whole
   * lead, as in the runtime: the timers of other steps (another track's wait, a task's deadline) that
   * fall due on the way fire first, in order, and those due at the same moment fire with it.
   */
  fireTimer(nodeId?: string): boolean {
    const due = this.nextTimer(nodeId);
    if (!due) return false;
    for (let next = this.nextTimer(); next && next.dueAt < due.dueAt; next = this.nextTimer())
      this.fire(next);
    // Gone when an earlier timer moved the lead off its step (a goal reached in another track).
    if (this.state.timers.includes(due)) this.fire(due);
    for (let next = this.nextTimer(); next && next.dueAt <= due.dueAt; next = this.nextTimer())
      this.fire(next);
    return true;
  }

  /** The earliest timer (of one node, when given). */
  private nextTimer(nodeId?: string): SimTimer | undefined {
    let first: SimTimer | undefined;
    for (const t of this.state.timers) {
      if (nodeId && t.nodeId !== nodeId) continue;
      if (!first || t.dueAt < first.dueAt) first = t;
    }
    return first;
  }

  /** Moves the clock to a timer (never back) and delivers its event. */
  private fire(due: SimTimer): void {
    this.state = {
      ...this.state,
      now: Math.max(this.state.now, due.dueAt),
      timers: this.state.timers.filter((t) => t !== due),
    };
    this.send(due.event);
  }

  /** Moves the clock forward, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const until = this.state.now + ms;
    for (let next = this.nextTimer(); next && next.dueAt <= until; next = this.nextTimer()) this.fire(next);
    this.state = { ...this.state, now: until };
  }

  /** Makes an active step end with `outcome`, as its simulate rule describes. */
  choose(nodeId: string, outcome: string): void {
    const node = this.activeNodes().find((n) => n.id === nodeId);
    if (!node)
      throw new Error(
        `Step “${nodeId}” is not active; active: ${this.activeNodes()
          .map((n) => n.id)
          .join(', ')}`,
      );
    const choice = kindDef(node.kind)
      ?.simulate(node.settings, node.id)
      .find((c) => c.outcome === outcome);
    if (!choice) throw new Error(`Step “${nodeId}” has no simulated outcome “${outcome}”.`);
    const notBefore = choice.notBefore ? Date.parse(choice.notBefore) : Number.NaN;
    if (notBefore > this.state.now) this.advance(notBefore - this.state.now);
    for (const e of choice.events) this.send(e);
    if (choice.fireTimer) this.fireTimer(nodeId);
  }

  /** Replaces the lead's facts (score, attributes, BANT…) as if the CRM had updated them. */
  updateLead(patch: Partial<LeadFacts>): void {
    const snapshot = this.state.snapshot;
    this.state = {
      ...this.state,
      snapshot: this.machine.resolveState({
        value: snapshot.value,
        context: { ...snapshot.context, lead: { ...this.lead, ...patch } },
      }),
    };
  }

  private apply(state: SimState, actions: { type: string; params?: unknown }[]): SimState {
    let { timers, log, path, outcomes } = state;
    for (const a of actions) {
      const params = (a.params ?? {}) as Record<string, unknown>;
      if (a.type === 'xstate.raise' && typeof params.delay === 'number') {
        const id = params.id as string;
        timers = [
          ...timers.filter((t) => t.id !== id),
          {
            id,
            event: params.event as { type: string },
            dueAt: state.now + params.delay,
            nodeId: timerNodeId(id),
          },
        ];
        continue;
      }
      if (a.type === 'xstate.cancel') {
        timers = timers.filter((t) => t.id !== params.sendId);
        continue;
      }
      if (a.type === 'enterNode') path = [...path, params.nodeId as string];
      if (a.type === 'recordOutcome') outcomes = [...outcomes, `${params.nodeId}:${params.outcome}`];
      const text = describeEffect({ type: a.type, params }, this.doc);
      if (text)
        log = [
          ...log,
          {
            at: state.now,
            type: a.type,
            text,
            params,
            ...(params.nodeId ? { nodeId: params.nodeId as string } : {}),
          },
        ];
    }
    return { ...state, timers, log, path, outcomes };
  }
}

/** The variant a lead takes at a split, as the compiled machine decides it (see the split kind). */
export function splitVariant(
  variants: readonly { id: string; percent: number }[],
  leadId: string,
  nodeId: string,
): string | undefined {
  const bucket = splitBucket(leadId, nodeId);
  return splitRanges(variants).find((r) => bucket >= r.from && bucket < r.to)?.id;
}

/**
 * A test lead id that takes the wanted variant at each split (split step id → variant id): a split sends
 * a lead by its id, so choosing the variants is choosing the id. Null when none of the first 100,000
 * candidates does (a variant of 0%).
 */
export function leadIdForVariants(
  doc: FlowDocument,
  wanted: Readonly<Record<string, string>>,
): string | null {
  const splits = doc.nodes.flatMap((n) =>
    n.kind === 'split' && wanted[n.id]
      ? [{ id: n.id, variants: n.settings.variants, want: wanted[n.id] }]
      : [],
  );
  for (let i = 0; i < 100_000; i++) {
    const id = i === 0 ? 'test-lead' : `test-lead-${i}`;
    if (splits.every((s) => splitVariant(s.variants, id, s.id) === s.want)) return id;
  }
  return null;
}
