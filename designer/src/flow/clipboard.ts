import { FlowEdgeSchema, FlowNodeSchema } from '@tandem/schema';
import { type Graph, type OutcomeEdge, type StepNode, toOutcomeEdge, toStepNode } from './graph.ts';
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

/** Marks clipboard text as steps copied from a flow (and the format's version). */
const marker = 'tandemSteps';

/**
 * The clip as the system clipboard holds it: the steps as flow-document JSON (with positions) and the
 * connections between them, so steps can be pasted into another flow, another tab or another browser,
 * and read as text anywhere else.
 */
export function clipToText(clip: Clip): string {
  return JSON.stringify(
    {
      [marker]: 1,
      nodes: clip.nodes.map((n) => ({ ...n.data.step, position: n.position })),
      edges: clip.edges.map((e) => ({
        id: e.id,
        source: e.source,
        outcome: e.sourceHandle,
        target: e.target,
      })),
    },
    null,
    2,
  );
}

/** Steps from clipboard text written by `clipToText`; null for any other text or steps that do not check. */
export function clipFromText(text: string): Clip | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null || (raw as Record<string, unknown>)[marker] !== 1) return null;
  const nodes = FlowNodeSchema.array()
    .min(1)
    .safeParse((raw as { nodes?: unknown }).nodes);
  const edges = FlowEdgeSchema.array().safeParse((raw as { edges?: unknown }).edges ?? []);
  if (!nodes.success || !edges.success) return null;
  const ids = new Set(nodes.data.map((n) => n.id));
  return {
    nodes: nodes.data.map((n) => toStepNode(n)),
    edges: edges.data.filter((e) => ids.has(e.source) && ids.has(e.target)).map(toOutcomeEdge),
  };
}
