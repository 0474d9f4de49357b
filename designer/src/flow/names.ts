import type { Edge } from '@xyflow/react';
import type { OutcomeEdge, StepNode } from './graph.ts';
import { kindOf } from './kinds.ts';

type Step = StepNode['data']['step'];

/**
 * What screen readers call a step: its label, as on its card, else its id. Ids are for machines
 * (`salesCall-2`); people named the step.
 */
export function stepName(step: Step | undefined, id: string): string {
  return step?.label.trim() || id;
}

/**
 * The label of the outcome a connection leaves by, where it tells connections apart: only on a step with more
 * than one outcome (“Opened”, “Clicked”…); a wait's single “Then” adds nothing to “from Wait 3 days”.
 */
export function outcomeName(step: Step | undefined, outcome: string): string | null {
  if (!step) return outcome;
  let outcomes: { id: string; label: string }[];
  try {
    outcomes = kindOf(step.kind).outcomes(step.settings);
  } catch {
    // Settings too malformed to say their outcomes: the connection's own outcome id still tells it apart.
    return outcome;
  }
  if (outcomes.length === 1 && outcomes[0]?.id === outcome) return null;
  return outcomes.find((o) => o.id === outcome)?.label || outcome;
}

/** The parts of a connection's accessible names: the steps it joins and the outcome it leaves by. */
export interface ConnectionNames {
  from: string;
  outcome: string | null;
  to: string;
}

export function connectionNames(
  edge: Pick<OutcomeEdge, 'source' | 'sourceHandle' | 'target'>,
  steps: ReadonlyMap<string, Step>,
): ConnectionNames {
  const source = steps.get(edge.source);
  return {
    from: stepName(source, edge.source),
    outcome: outcomeName(source, edge.sourceHandle),
    to: stepName(steps.get(edge.target), edge.target),
  };
}

const fromPart = (n: ConnectionNames) => (n.outcome ? `${n.from} (${n.outcome})` : n.from);

/** “Connection from Welcome email (Opened) to Check-in call”. */
export const connectionLabel = (n: ConnectionNames): string => `Connection from ${fromPart(n)} to ${n.to}`;

/** “Insert a step between Welcome email (Opened) and Check-in call”, the + on that connection. */
export const insertLabel = (n: ConnectionNames): string => `Insert a step between ${fromPart(n)} and ${n.to}`;

/** A connection as the canvas draws it: named for screen readers by its steps' labels. */
export type NamedOutcomeEdge = Edge<{ names: ConnectionNames }, 'outcome'> & {
  sourceHandle: string;
  data: { names: ConnectionNames };
};

/** The named copy of each connection, kept while it and the two steps it joins stay the same objects. */
const namedCopies = new WeakMap<OutcomeEdge, { source?: Step; target?: Step; edge: NamedOutcomeEdge }>();

/**
 * The connections with their accessible names (`ariaLabel`, which React Flow puts on the connection) and
 * the parts of those names (`data.names`, for the + on each). Runs whenever a step moves, so a connection
 * whose steps did not change keeps its copy: React Flow then leaves it alone, and renaming a step renames
 * only the connections touching it.
 */
export function namedEdges(edges: OutcomeEdge[], nodes: StepNode[]): NamedOutcomeEdge[] {
  const steps = new Map(nodes.map((n) => [n.id, n.data.step]));
  return edges.map((e) => {
    const source = steps.get(e.source);
    const target = steps.get(e.target);
    const kept = namedCopies.get(e);
    if (kept && kept.source === source && kept.target === target) return kept.edge;
    const names = connectionNames(e, steps);
    const edge: NamedOutcomeEdge = { ...e, ariaLabel: connectionLabel(names), data: { names } };
    namedCopies.set(e, { ...(source ? { source } : {}), ...(target ? { target } : {}), edge });
    return edge;
  });
}

const namedSteps = new WeakMap<StepNode, StepNode>();

/**
 * The step as React Flow should see it: named for screen readers by its label and kind (“Welcome email,
 * Email”), the same copy for the same node so React Flow skips steps that did not change.
 */
export function withName(node: StepNode): StepNode {
  let copy = namedSteps.get(node);
  if (!copy) {
    const step = node.data.step;
    copy = { ...node, ariaLabel: `${stepName(step, node.id)}, ${kindOf(step.kind).title}` };
    namedSteps.set(node, copy);
  }
  return copy;
}

/** The same items in the same order: keep the old array so React Flow does not redraw on every drag frame. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
