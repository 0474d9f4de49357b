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
    case 'updateStep':
      return {
        ...graph,
        nodes: graph.nodes.map((n) =>
          n.id === edit.id ? { ...n, data: { step: { ...n.data.step, ...edit.patch } as Step } } : n,
        ),
      };
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
