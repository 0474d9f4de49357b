import type { FlowDocument, FlowNode } from '@tandem/schema';
import type { Edge, Node } from '@xyflow/react';

/** A flow step on the canvas: the schema node (without position) rides in `data.step`. */
export type StepData = { step: Omit<FlowNode, 'position'> };
export type StepNode = Node<StepData, 'step'>;
/** An edge leaves its source by one outcome, which is also the source handle id. */
export type OutcomeEdge = Edge<Record<string, never>, 'outcome'> & { sourceHandle: string };

/** Everything about the flow that is not nodes or edges. */
export type FlowMeta = Omit<FlowDocument, 'nodes' | 'edges'>;

export interface Graph {
  nodes: StepNode[];
  edges: OutcomeEdge[];
}

export function toStepNode(node: FlowNode, fallback: { x: number; y: number } = { x: 0, y: 0 }): StepNode {
  const { position, ...step } = node;
  return { id: node.id, type: 'step', position: position ?? fallback, data: { step } };
}

export function toOutcomeEdge(edge: {
  id: string;
  source: string;
  outcome: string;
  target: string;
}): OutcomeEdge {
  return {
    id: edge.id,
    type: 'outcome',
    source: edge.source,
    target: edge.target,
    sourceHandle: edge.outcome,
  };
}

/** Splits a flow document into canvas nodes and edges plus the rest. Nodes without a position get a grid spot. */
export function fromDocument(doc: FlowDocument): { meta: FlowMeta; graph: Graph } {
  const { nodes, edges, ...meta } = doc;
  return {
    meta,
    graph: {
      nodes: nodes.map((n, i) => toStepNode(n, { x: (i % 6) * 320, y: Math.floor(i / 6) * 260 })),
      edges: edges.map(toOutcomeEdge),
    },
  };
}

const round = (n: number) => Math.round(n);

/** The flow document the canvas shows, ready for validation, compiling and saving. */
export function toDocument(meta: FlowMeta, graph: Graph): FlowDocument {
  return {
    ...meta,
    nodes: graph.nodes.map(
      (n) => ({ ...n.data.step, position: { x: round(n.position.x), y: round(n.position.y) } }) as FlowNode,
    ),
    edges: graph.edges.map((e) => ({
      id: e.id,
      source: e.source,
      outcome: e.sourceHandle,
      target: e.target,
    })),
  };
}
