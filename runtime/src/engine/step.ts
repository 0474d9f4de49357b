import { activeNodeIds, type FlowDocument, type FlowEvent, type LeadFacts } from '@tandem/schema';
import { type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine, createActor } from 'xstate';
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

/** A lead entering a flow: the pure first step. */
export function startMachine(machine: AnyStateMachine, doc: FlowDocument, lead: LeadFacts): StepResult {
  const [snapshot, actions] = pure(machine, (scope) => machine.getInitialSnapshot(scope, { lead }));
  return result(machine, doc, snapshot as AnyMachineSnapshot, actions);
}

/** One event on a stored snapshot, with the lead facts as they are now: the pure step. */
export function stepMachine(
  machine: AnyStateMachine,
  doc: FlowDocument,
  stored: StoredSnapshot,
  lead: LeadFacts,
  event: FlowEvent,
): StepResult {
  const snapshot = machine.resolveState({
    value: stored.value,
    context: { ...defaultsOf(machine), ...stored.context, lead },
  } as never);
  const [next, actions] = pure(machine, (scope) => machine.transition(snapshot, event as never, scope));
  return result(machine, doc, next, actions);
}
