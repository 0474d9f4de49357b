const indexes = new WeakMap<object, { length: number; byId: Map<string, unknown> }>();

/**
 * A flow's steps by id, built once per `nodes` array: the runtime steps leads of a published
 * (immutable) document thousands of times, and each step and timeline line looks steps up by id.
 * Rebuilt when the array's length changed, so a list grown or shrunk in place is never read stale.
 * The first step with an id wins, as with `Array.find`.
 */
export function nodeIndex<N extends { id: string }>(doc: { nodes: N[] }): Map<string, N> {
  const cached = indexes.get(doc.nodes);
  if (cached && cached.length === doc.nodes.length) return cached.byId as Map<string, N>;
  const byId = new Map<string, N>();
  for (const n of doc.nodes) if (!byId.has(n.id)) byId.set(n.id, n);
  indexes.set(doc.nodes, { length: doc.nodes.length, byId });
  return byId;
}
