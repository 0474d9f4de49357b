import { activeNodeIds, type FlowDocument, type FlowEvent, type LeadFacts } from '@tandem/schema';
import { type AnyMachineSnapshot, type AnyStateMachine, initialTransition, transition } from 'xstate';
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

function result(
  doc: FlowDocument,
  snapshot: AnyMachineSnapshot,
  actions: { type: string; params?: unknown }[],
): StepResult {
  const { lead, ...context } = snapshot.context as { lead: LeadFacts } & Record<string, unknown>;
  return {
    snapshot: { value: snapshot.value, context },
    effects: actions.map((a) => ({ type: a.type, params: (a.params ?? {}) as Record<string, unknown> })),
    done: snapshot.status === 'done',
    activeNodes: snapshot.status === 'done' ? [] : activeNodeIds(doc, snapshot.value),
    lead,
  };
}

/** A lead entering a flow: the pure first step. */
export function startMachine(machine: AnyStateMachine, doc: FlowDocument, lead: LeadFacts): StepResult {
  const [snapshot, actions] = initialTransition(machine, { lead });
  return result(doc, snapshot, actions);
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
    context: { ...stored.context, lead },
  } as never);
  const [next, actions] = transition(machine, snapshot, event as never);
  return result(doc, next, actions);
}
