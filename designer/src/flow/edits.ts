import type { FlowNode } from '@tandem/schema';
import { type Graph, type OutcomeEdge, type StepNode, toOutcomeEdge } from './graph.ts';
import { edgeId } from './ids.ts';
import { kindOf } from './kinds.ts';

type Step = StepNode['data']['step'];
type XY = { x: number; y: number };

/** Every change a user makes to the flow, as data. `applyEdit` is the only place they take effect. */
export type Edit =
  | { type: 'addNode'; node: StepNode }
  | { type: 'updateStep'; id: string; patch: Partial<Omit<Step, 'id' | 'kind'>> }
  | { type: 'remove'; nodeIds: string[]; edgeIds: string[] }
  | { type: 'connect'; source: string; outcome: string; target: string }
  | { type: 'setOutcome'; source: string; outcome: string; target: string | null; terminal: boolean }
  | { type: 'insertOnEdge'; edgeId: string; node: StepNode }
  | { type: 'paste'; nodes: StepNode[]; edges: OutcomeEdge[] }
  | { type: 'move'; positions: Record<string, XY> }
  | { type: 'select'; nodeIds: string[] }
  | { type: 'batch'; edits: Edit[] };

function outcomesOf(step: Step): string[] {
  return kindOf(step.kind)
    .outcomes(step.settings)
    .map((o) => o.id);
}

/** A step's outcomes, or null while its settings are too malformed to say. */
export function outcomesOrNull(step: Step): string[] | null {
  try {
    return outcomesOf(step);
  } catch {
    return null;
  }
}

/**
 * Keeps a step's connections and ends on its outcomes when a settings change renames or removes outcomes
 * (a split variant's or a branch condition's id): a renamed outcome keeps its connection, a removed one's
 * connection goes with it, so no connection is left on an outcome that no longer exists. Outcomes are
 * matched by place: with as many outcomes as before, the one at each place is the same outcome, renamed;
 * with one fewer, the one missing was removed. Null when nothing changes.
 */
function followOutcomes(
  before: Step,
  after: Step,
  edges: OutcomeEdge[],
): { edges: OutcomeEdge[]; terminal: string[] } | null {
  const old = outcomesOrNull(before);
  const next = outcomesOrNull(after);
  if (!old || !next || (old.length === next.length && old.every((o, i) => o === next[i]))) return null;
  // Each place in the old list, paired with the connection on it (in the order the connections were made,
  // so two outcomes that briefly share an id while one is being retyped keep their own connections).
  const mine = edges.filter((e) => e.source === before.id);
  const used = new Set<OutcomeEdge>();
  const edgeAt = old.map((o) => {
    const e = mine.find((x) => x.sourceHandle === o && !used.has(x));
    if (e) used.add(e);
    return e;
  });
  // What each old place becomes: its new outcome id, or null when it was removed.
  let becomes: (string | null)[];
  if (old.length === next.length) becomes = next;
  else if (old.length === next.length + 1) {
    let gone = old.findIndex((o, i) => o !== next[i]);
    if (gone < 0) gone = old.length - 1;
    becomes = old.map((_, i) => (i === gone ? null : (next[i < gone ? i : i - 1] ?? null)));
  } else {
    // Outcomes added, or many changed at once: keep what still exists.
    const still = new Set(next);
    becomes = old.map((o) => (still.has(o) ? o : null));
  }
  const renamed = new Map<OutcomeEdge, string | null>();
  edgeAt.forEach((e, i) => {
    if (e) renamed.set(e, becomes[i] ?? null);
  });
  const nextEdges: OutcomeEdge[] = [];
  for (const e of edges) {
    if (!renamed.has(e)) {
      // A connection on no outcome the step had: gone when its outcome is gone too.
      if (e.source !== before.id || next.includes(e.sourceHandle) || !old.includes(e.sourceHandle))
        nextEdges.push(e);
      continue;
    }
    const to = renamed.get(e);
    if (to === null || to === undefined) continue;
    nextEdges.push(to === e.sourceHandle ? e : { ...e, sourceHandle: to });
  }
  const terminal: string[] = [];
  for (const t of after.terminal) {
    const at = old.indexOf(t);
    const to = at < 0 ? (next.includes(t) ? t : null) : (becomes[at] ?? null);
    if (to !== null && !terminal.includes(to)) terminal.push(to);
  }
  return { edges: nextEdges, terminal };
}

function withoutTerminal(nodes: StepNode[], id: string, outcome: string): StepNode[] {
  return nodes.map((n) =>
    n.id === id && n.data.step.terminal.includes(outcome)
      ? {
          ...n,
          data: { step: { ...n.data.step, terminal: n.data.step.terminal.filter((t) => t !== outcome) } },
        }
      : n,
  );
}

function addEdge(graph: Graph, source: string, outcome: string, target: string): Graph {
  const taken = new Set(graph.edges.map((e) => e.id));
  const edge = toOutcomeEdge({ id: edgeId(source, outcome, taken), source, outcome, target });
  return { nodes: withoutTerminal(graph.nodes, source, outcome), edges: [...graph.edges, edge] };
}

/** Applies one edit, returning a new graph that shares every untouched node and edge. */
export function applyEdit(graph: Graph, edit: Edit): Graph {
  switch (edit.type) {
    case 'addNode':
      return { nodes: [...deselect(graph.nodes), { ...edit.node, selected: true }], edges: graph.edges };
    case 'updateStep': {
      const node = graph.nodes.find((n) => n.id === edit.id);
      if (!node) return graph;
      let step = { ...node.data.step, ...edit.patch } as Step;
      let edges = graph.edges;
      if (edit.patch.settings !== undefined) {
        const moved = followOutcomes(node.data.step, step, graph.edges);
        if (moved) {
          edges = moved.edges;
          step = { ...step, terminal: moved.terminal };
        }
      }
      return {
        nodes: graph.nodes.map((n) => (n === node ? { ...n, data: { step } } : n)),
        edges,
      };
    }
    case 'remove': {
      const nodeIds = new Set(edit.nodeIds);
      const edgeIds = new Set(edit.edgeIds);
      return {
        nodes: graph.nodes.filter((n) => !nodeIds.has(n.id)),
        edges: graph.edges.filter(
          (e) => !edgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target),
        ),
      };
    }
    case 'connect':
      return addEdge(graph, edit.source, edit.outcome, edit.target);
    case 'setOutcome': {
      const rest = {
        ...graph,
        edges: graph.edges.filter((e) => !(e.source === edit.source && e.sourceHandle === edit.outcome)),
      };
      if (edit.target) return addEdge(rest, edit.source, edit.outcome, edit.target);
      return {
        ...rest,
        nodes: rest.nodes.map((n) => {
          if (n.id !== edit.source) return n;
          const terminal = n.data.step.terminal.filter((t) => t !== edit.outcome);
          return {
            ...n,
            data: {
              step: { ...n.data.step, terminal: edit.terminal ? [...terminal, edit.outcome] : terminal },
            },
          };
        }),
      };
    }
    case 'insertOnEdge': {
      const edge = graph.edges.find((e) => e.id === edit.edgeId);
      if (!edge) return graph;
      // The new step takes over the edge's outcome; all its own outcomes continue to the old target,
      // so inserting a personal touch keeps the flow valid until someone routes the outcomes elsewhere.
      let next: Graph = {
        nodes: [...deselect(graph.nodes), { ...edit.node, selected: true }],
        edges: graph.edges.map((e) => (e.id === edge.id ? { ...e, target: edit.node.id } : e)),
      };
      for (const outcome of outcomesOf(edit.node.data.step))
        next = addEdge(next, edit.node.id, outcome, edge.target);
      return next;
    }
    case 'paste':
      return {
        nodes: [...deselect(graph.nodes), ...edit.nodes.map((n) => ({ ...n, selected: true }))],
        edges: [...graph.edges, ...edit.edges],
      };
    case 'move':
      return {
        ...graph,
        nodes: graph.nodes.map((n) => {
          const p = edit.positions[n.id];
          return p ? { ...n, position: p } : n;
        }),
      };
    case 'batch':
      return edit.edits.reduce(applyEdit, graph);
    case 'select': {
      const ids = new Set(edit.nodeIds);
      return {
        nodes: graph.nodes.map((n) =>
          Boolean(n.selected) === ids.has(n.id) ? n : { ...n, selected: ids.has(n.id) },
        ),
        edges: graph.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
      };
    }
  }
}

function deselect(nodes: StepNode[]): StepNode[] {
  return nodes.map((n) => (n.selected ? { ...n, selected: false } : n));
}

/** A new step of `kind` with the schema's defaults. */
export function newStep(kind: FlowNode['kind'], id: string, position: XY): StepNode {
  const def = kindOf(kind);
  const step = {
    id,
    kind,
    label: def.title,
    owner: def.defaultOwner,
    settings: def.defaults ?? def.settings.parse({}),
    terminal: [],
  } as unknown as Step;
  return { id, type: 'step', position, data: { step } };
}
