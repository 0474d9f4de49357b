import type { Graph } from './graph.ts';

export type ConnectCheck = { ok: true } | { ok: false; reason: string };

/** The flow language's rules for a new connection, checked while the user drags. */
export function checkConnection(
  graph: Graph,
  c: { source: string | null; sourceHandle?: string | null | undefined; target: string | null },
): ConnectCheck {
  if (!c.source || !c.target || !c.sourceHandle)
    return { ok: false, reason: 'Connect an outcome to a step.' };
  if (graph.edges.some((e) => e.source === c.source && e.sourceHandle === c.sourceHandle)) {
    return { ok: false, reason: 'This outcome is already connected; a lead can only take one path.' };
  }
  const target = graph.nodes.find((n) => n.id === c.target);
  if (!target) return { ok: false, reason: 'That step does not exist.' };
  if (target.data.step.kind === 'entry')
    return { ok: false, reason: 'Nothing can lead back into the entry step.' };
  return { ok: true };
}
