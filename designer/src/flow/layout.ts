import dagre from '@dagrejs/dagre';
import type { Graph } from './graph.ts';
import { linkEdges } from './links.ts';
import { sizeOf } from './room.ts';

interface Arrow {
  id: string;
  source: string;
  target: string;
}

/** Connections, and where recycle steps send leads back (their dashed links): both are ways leads go. */
function arrowsOf(graph: Graph): Arrow[] {
  return [...graph.edges, ...linkEdges(graph.nodes)];
}

/**
 * The connections that run back to a step already on the way there, found by walking the flow from its entry
 * (then from any step nothing leads to, then from what is left): a recycle's return, a retry loop. Dagre breaks
 * cycles by its own choice, which can rank a loop's steps before the entry, off the left of the opening view.
 * A recycle's link counts as a connection: the steps it sends leads back to come after it.
 */
function loopsBack(graph: Graph, arrows: Arrow[]): Set<string> {
  const out = new Map<string, Arrow[]>();
  const incoming = new Set<string>();
  for (const e of arrows) {
    out.set(e.source, [...(out.get(e.source) ?? []), e]);
    incoming.add(e.target);
  }
  const starts = [
    ...graph.nodes.filter((n) => n.data.step.kind === 'entry'),
    ...graph.nodes.filter((n) => !incoming.has(n.id)),
    ...graph.nodes,
  ];
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<string>();
  for (const start of starts) {
    if (state.has(start.id)) continue;
    // Iterative depth-first walk: a flow of thousands of steps would overflow a recursive one.
    const stack: { id: string; next: number }[] = [{ id: start.id, next: 0 }];
    state.set(start.id, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; next: number };
      const edges = out.get(top.id) ?? [];
      const edge = edges[top.next++];
      if (!edge) {
        state.set(top.id, 'done');
        stack.pop();
        continue;
      }
      const seen = state.get(edge.target);
      if (seen === 'open') back.add(edge.id);
      else if (!seen) {
        state.set(edge.target, 'open');
        stack.push({ id: edge.target, next: 0 });
      }
    }
  }
  return back;
}

/**
 * Left-to-right positions for every step (dagre), using measured sizes when the canvas has them. Steps follow
 * the way leads go from the entry (recycle links included): a connection that loops back is laid out as if it
 * ran forwards.
 */
export function autoLayout(graph: Graph): Record<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.id, sizeOf(n));
  const arrows = arrowsOf(graph);
  const back = loopsBack(graph, arrows);
  for (const e of arrows) {
    if (!g.hasNode(e.source) || !g.hasNode(e.target) || e.source === e.target) continue;
    if (back.has(e.id)) g.setEdge(e.target, e.source);
    else g.setEdge(e.source, e.target);
  }
  dagre.layout(g);
  const positions: Record<string, { x: number; y: number }> = {};
  for (const n of graph.nodes) {
    const p = g.node(n.id);
    if (p) positions[n.id] = { x: Math.round(p.x - p.width / 2), y: Math.round(p.y - p.height / 2) };
  }
  return positions;
}
