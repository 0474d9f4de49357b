import type { Edge } from '@xyflow/react';
import type { StepNode } from './graph.ts';
import { kindOf } from './kinds.ts';
import { stepName } from './names.ts';

/** The handle a step sends leads through without an edge (a recycle re-entry). */
export const LINK_HANDLE = '__link';

export type LinkEdge = Edge<Record<string, never>, 'link'>;

/**
 * Read-only dashed edges for where recycle steps send leads back, so recycle loops are visible; named for
 * screen readers by the steps' labels, like connections.
 */
export function linkEdges(nodes: StepNode[]): LinkEdge[] {
  const steps = new Map(nodes.map((n) => [n.id, n.data.step]));
  const out: LinkEdge[] = [];
  for (const n of nodes) {
    const links = kindOf(n.data.step.kind).links?.(n.data.step.settings) ?? [];
    for (const link of links) {
      if (link.flowId || !steps.has(link.nodeId)) continue;
      out.push({
        id: `link:${n.id}:${link.nodeId}`,
        type: 'link',
        source: n.id,
        sourceHandle: LINK_HANDLE,
        target: link.nodeId,
        selectable: false,
        deletable: false,
        focusable: false,
        ariaLabel: `Re-entry from ${stepName(n.data.step, n.id)} to ${stepName(steps.get(link.nodeId), link.nodeId)}`,
      });
    }
  }
  return out;
}

/**
 * Same links, with the same names, as before: keep the old array so React Flow does not redraw them on
 * every drag frame.
 */
export function sameLinks(a: LinkEdge[], b: LinkEdge[]): boolean {
  return a.length === b.length && a.every((e, i) => e.id === b[i]?.id && e.ariaLabel === b[i]?.ariaLabel);
}
