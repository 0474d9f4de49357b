import { activeNodeIds, type FlowDocument, type FlowEvent, type LeadFacts } from '@tandem/schema';
import {
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  createActor,
} from 'xstate';
import type { StoredSnapshot } from '../store/records.ts';

/** An effect as returned by `transition()`, without XState's bookkeeping. */
export interface Effect {
  type: string;
  params: Record<string, unknown>;
}

export interface StepResult {
  snapshot: StoredSnapshot;
  effects: Effect[];
  done: boolean;
  activeNodes: string[];
  /** The lead facts after the step: score, stage and recycle count may have changed. */
  lead: LeadFacts;
}

const defaults = new WeakMap<AnyStateMachine, Record<string, unknown>>();

/** The machine's starting context without the lead (no engagement, no attempts, no reason). */
function defaultsOf(machine: AnyStateMachine): Record<string, unknown> {
  let d = defaults.get(machine);
  if (!d) {
    const c = machine.config.context as unknown;
    const start = (typeof c === 'function' ? c({ input: {} }) : (c ?? {})) as Record<string, unknown>;
    const { lead: _lead, ...rest } = start;
    d = rest;
    defaults.set(machine, d);
  }
  return d;
}

const isEmpty = (v: unknown) =>
  v === null || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

/** Only the context that differs from the machine's defaults is stored: most leads carry none. */
function trimContext(context: Record<string, unknown>, defaults: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(context)) {
    if (k in defaults && isEmpty(v) && isEmpty(defaults[k]) && (v === null) === (defaults[k] === null))
      continue;
    out[k] = v;
  }
  return out;
}

function result(
  machine: AnyStateMachine,
  doc: FlowDocument,
  snapshot: AnyMachineSnapshot,
  actions: { type: string; params?: unknown }[],
): StepResult {
  const { lead, ...context } = snapshot.context as { lead: LeadFacts } & Record<string, unknown>;
  return {
    snapshot: { value: snapshot.value, context: trimContext(context, defaultsOf(machine)) },
    effects: actions.map((a) => ({ type: a.type, params: (a.params ?? {}) as Record<string, unknown> })),
    done: snapshot.status === 'done',
    activeNodes: snapshot.status === 'done' ? [] : activeNodeIds(doc, snapshot.value),
    lead,
  };
}

type Action = { type: string; params?: unknown };

/**
 * XState's `transition()` builds a throwaway actor for every call, and that actor computes the
 * machine's initial snapshot: a third of a timer's CPU time. Flow machines spawn and invoke nothing,
 * so one inert scope per machine serves every step; its executor only collects the actions, exactly
 * as `transition()` does.
 */
const scopes = new WeakMap<AnyStateMachine, { scope: AnyActorScope; actions: Action[] }>();

function pure<T>(machine: AnyStateMachine, run: (scope: AnyActorScope) => T): [T, Action[]] {
  let entry = scopes.get(machine);
  if (!entry) {
    const self = createActor(machine, { input: {} });
    const holder: { scope: AnyActorScope; actions: Action[] } = { scope: undefined as never, actions: [] };
    holder.scope = {
      self,
      defer: () => {},
      id: '',
      logger: () => {},
      sessionId: '',
      stopChild: () => {},
      system: self.system,
      emit: () => {},
      actionExecutor: (action: Action) => {
        holder.actions.push(action);
      },
    } as unknown as AnyActorScope;
    entry = holder;
    scopes.set(machine, entry);
  }
  entry.actions = [];
  const out = run(entry.scope);
  const actions = entry.actions;
  entry.actions = [];
  return [out, actions];
}

/**
 * Set by the machines' `onImpure` hook (see MachineCache) when a step reads the lead or the clock, and
 * by `onScoreRead` when a score step reads the lead's score to add its points. Steps are synchronous,
 * so one pair of flags serves them all: they are cleared before a step and read after it.
 */
let impure = false;
let scoreRead = false;
export const markImpure = (): void => {
  impure = true;
};
export const markScoreRead = (): void => {
  scoreRead = true;
};

/**
 * A step that read neither the lead nor the clock: the same for every lead in the same state. One that
 * `byScore` read only the score to add points is the same too but for the score, which moves by the
 * points of its score changes, in order.
 */
type CachedStep = Omit<StepResult, 'lead'> & { byScore?: true };

/** What a step computes, as it may be kept: only one that read nothing of the lead but its score. */
function keepable(out: StepResult): CachedStep | undefined {
  if (impure) return undefined;
  const { lead: _lead, ...step } = out;
  return scoreRead ? { ...step, byScore: true } : step;
}

/**
 * A kept step for another lead. Scores are added again from this lead's score, in the same order and
 * with the same arithmetic as the score steps (`score + points`), so the result is what running the
 * machine would give.
 */
function replay(hit: CachedStep, lead: LeadFacts): StepResult {
  const { byScore, ...step } = hit;
  if (!byScore) return { ...step, lead };
  let score = lead.score;
  const effects = step.effects.map((e) => {
    if (e.type !== 'scoreChanged') return e;
    score = score + (e.params.points as number);
    return { type: e.type, params: { ...e.params, score } };
  });
  return { ...step, effects, lead: { ...lead, score } };
}

/** Per machine, its first step when that read nothing of the lead but maybe its score, and not the clock. */
const startCache = new WeakMap<AnyStateMachine, CachedStep>();

/**
 * A lead entering a flow: the pure first step. Most flows start the same way for every lead (into an
 * email or a wait, perhaps through a score step), so such a start is computed once per machine and
 * reused: building the initial snapshot was about a quarter of a bulk enrollment's time. A start through
 * a rule, a split, a stage change or a calendar wait reads the lead or the clock and runs for each lead.
 */
export function startMachine(machine: AnyStateMachine, doc: FlowDocument, lead: LeadFacts): StepResult {
  const hit = startCache.get(machine);
  if (hit) return replay(hit, lead);
  impure = false;
  scoreRead = false;
  const [snapshot, actions] = pure(machine, (scope) => machine.getInitialSnapshot(scope, { lead }));
  const out = result(machine, doc, snapshot as AnyMachineSnapshot, actions);
  const keep = keepable(out);
  if (keep) startCache.set(machine, keep);
  return out;
}

/** Most distinct (state, event) pairs kept per machine before the cache starts over. */
const stepCacheLimit = 4096;
/** Steps whose snapshot and event serialise longer than this are not kept (bounds the cache's memory). */
const stepKeyLimit = 4096;
const stepCache = new WeakMap<AnyStateMachine, Map<string, CachedStep>>();

/** A step's place in the cache: the stored snapshot and the event. */
const stepKey = (stored: StoredSnapshot, event: FlowEvent) =>
  `${JSON.stringify(stored)}\n${JSON.stringify(event)}`;

/**
 * One event on a stored snapshot, with the lead facts as they are now: the pure step. A step that read
 * neither the lead (but maybe its score, to add points) nor the clock depends only on the stored
 * snapshot and the event, so its result is kept and reused for the next lead in the same state with the
 * same event (most leads in a flow walk the same few paths: a visit scored and listened for again).
 */
export function stepMachine(
  machine: AnyStateMachine,
  doc: FlowDocument,
  stored: StoredSnapshot,
  lead: LeadFacts,
  event: FlowEvent,
): StepResult {
  let cache = stepCache.get(machine);
  if (!cache) {
    cache = new Map();
    stepCache.set(machine, cache);
  }
  const key = stepKey(stored, event);
  const hit = cache.get(key);
  if (hit) return replay(hit, lead);
  impure = false;
  scoreRead = false;
  const snapshot = machine.resolveState({
    value: stored.value,
    context: { ...defaultsOf(machine), ...stored.context, lead },
  } as never);
  const [next, actions] = pure(machine, (scope) => machine.transition(snapshot, event as never, scope));
  const out = result(machine, doc, next, actions);
  const keep = key.length <= stepKeyLimit ? keepable(out) : undefined;
  if (keep) {
    if (cache.size >= stepCacheLimit) cache.clear();
    cache.set(key, keep);
  }
  return out;
}

/**
 * The cached result of a step that read neither the lead nor the clock, if one was computed before:
 * a batch of timers reuses it for every lead without reading the lead or running the machine (a step
 * that changes the score needs the lead, so it is not offered).
 */
export function reusableStep(
  machine: AnyStateMachine,
  stored: StoredSnapshot,
  event: FlowEvent,
): Readonly<Omit<StepResult, 'lead'>> | undefined {
  const hit = stepCache.get(machine)?.get(stepKey(stored, event));
  return hit?.byScore ? undefined : hit;
}

/** Event types (or wildcards) handled per state value, and whether any active state has eventless transitions. */
const handlers = new WeakMap<AnyStateMachine, Map<string, { events: Set<string>; eventless: boolean }>>();

function activeHandlers(machine: AnyStateMachine, value: unknown) {
  let perValue = handlers.get(machine);
  if (!perValue) {
    perValue = new Map();
    handlers.set(machine, perValue);
  }
  const key = JSON.stringify(value);
  let found = perValue.get(key);
  if (!found) {
    const events = new Set<string>();
    let eventless = false;
    const visit = (node: AnyStateNode, v: unknown) => {
      for (const e of node.ownEvents) events.add(e);
      if (node.always?.length) eventless = true;
      if (typeof v === 'string') {
        const child = node.states[v];
        if (child) visit(child, null);
        else eventless = true; // an unknown state: let XState decide (and report it)
      } else if (v && typeof v === 'object') {
        for (const [k, sub] of Object.entries(v)) {
          const child = node.states[k];
          if (child) visit(child, sub);
          else eventless = true;
        }
      }
    };
    visit(machine.root, value);
    found = { events, eventless };
    perValue.set(key, found);
  }
  return found;
}

/**
 * Whether an event cannot move a lead whose machine rests in `value`: no active state handles its type
 * (not even through a wildcard) and none has eventless transitions that a step would re-check. Such an
 * event leaves the snapshot as it was and produces no effects, so the machine need not be run at all.
 */
export function ignoresEvent(machine: AnyStateMachine, value: unknown, type: string): boolean {
  const { events, eventless } = activeHandlers(machine, value);
  if (eventless || events.has(type)) return false;
  for (const e of events) if (e.includes('*')) return false;
  return true;
}
