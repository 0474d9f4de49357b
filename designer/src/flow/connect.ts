import type { Graph } from './graph.ts';
import { mayConnect, type Permissions } from './permissions.ts';

export type ConnectCheck = { ok: true } | { ok: false; reason: string };

/**
 * The flow language's rules for a new connection, checked while the user drags; with `permissions`, also the
 * role's (a sales token connects only to or from its sales calls and meetings).
 */
export function checkConnection(
  graph: Graph,
  c: { source: string | null; sourceHandle?: string | null | undefined; target: string | null },
  permissions?: Permissions,
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
  const source = graph.nodes.find((n) => n.id === c.source);
  if (permissions && source && !mayConnect(permissions, source.data.step.kind, target.data.step.kind)) {
    return {
      ok: false,
      reason: permissions.why.connect ?? permissions.why.edit ?? 'You cannot change this connection.',
    };
  }
  return { ok: true };
}
