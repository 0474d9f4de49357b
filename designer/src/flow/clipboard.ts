import type { Graph, OutcomeEdge, StepNode } from './graph.ts';
import { freshId } from './ids.ts';

export interface Clip {
  nodes: StepNode[];
  edges: OutcomeEdge[];
}

/** The selected steps and the connections between them. */
export function copySelection(graph: Graph, nodeIds: string[]): Clip | null {
  const ids = new Set(nodeIds);
  if (ids.size === 0) return null;
  return {
    nodes: graph.nodes.filter((n) => ids.has(n.id)),
    edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
}

/** Copies of the clip's steps with fresh ids, shifted by `offset`, connected like the originals. */
export function pasteClip(graph: Graph, clip: Clip, offset = { x: 40, y: 40 }): Clip {
  const taken = new Set(graph.nodes.map((n) => n.id));
  const mapping = new Map<string, string>();
  const nodes = clip.nodes.map((n) => {
    const id = freshId(n.data.step.kind, taken);
    taken.add(id);
    mapping.set(n.id, id);
    return {
      ...n,
      id,
      selected: true,
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
      data: { step: { ...n.data.step, id } },
    } as StepNode;
  });
  const edgeIds = new Set(graph.edges.map((e) => e.id));
  const edges = clip.edges.map((e) => {
    const source = mapping.get(e.source) as string;
    let id = `${source}--${e.sourceHandle}`;
    if (edgeIds.has(id)) id = freshId(id, edgeIds);
    edgeIds.add(id);
    return { ...e, id, selected: false, source, target: mapping.get(e.target) as string };
  });
  return { nodes, edges };
}
