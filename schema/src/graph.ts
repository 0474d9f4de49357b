import type { FlowIssue } from './common.ts';
import type { FlowDocument, FlowEdge, FlowNode } from './flow.ts';
import type { SettingUse } from './nodes/kind.ts';
import { type AnyNodeKind, kindDef } from './nodes/registry.ts';

export interface FlowGraph {
  byId: Map<string, FlowNode>;
  /** node id -> outcome -> edges leaving from it */
  out: Map<string, Map<string, FlowEdge[]>>;
  /** Every node a node leads to, edges and recycle targets alike. */
  next(nodeId: string): string[];
  kind(node: FlowNode): AnyNodeKind;
  /**
   * Whether what a step's settings decide is known (its outcomes, their labels, its links, whether it
   * waits): not when a malformed document's step has the settings deciding it malformed, or is of an
   * unknown kind. Its edges are always known; a step whose timing is unknown counts as taking time.
   * Always true for a parsed document.
   */
  knows(node: FlowNode, use: SettingUse): boolean;
}

const nothingUnknown: ReadonlyMap<FlowNode, ReadonlySet<SettingUse>> = new Map();

/** `unknown`: what each step's settings that could not be read decided (see `knows`). */
export function buildGraph(
  doc: FlowDocument,
  unknown: ReadonlyMap<FlowNode, ReadonlySet<SettingUse>> = nothingUnknown,
): FlowGraph {
  const byId = new Map<string, FlowNode>();
  for (const n of doc.nodes) if (!byId.has(n.id)) byId.set(n.id, n);
  const out = new Map<string, Map<string, FlowEdge[]>>();
  for (const e of doc.edges) {
    const perOutcome = out.get(e.source) ?? new Map<string, FlowEdge[]>();
    out.set(e.source, perOutcome);
    perOutcome.set(e.outcome, [...(perOutcome.get(e.outcome) ?? []), e]);
  }
  const kind = (node: FlowNode) => kindDef(node.kind) as AnyNodeKind;
  const knows = (node: FlowNode, use: SettingUse) => !unknown.get(node)?.has(use);
  // Computed once: validation and compilation walk the graph several times.
  const adjacency = new Map<string, string[]>();
  for (const [id, node] of byId) {
    const targets: string[] = [];
    for (const edges of out.get(id)?.values() ?? [])
      for (const e of edges) if (byId.has(e.target)) targets.push(e.target);
    if (knows(node, 'links')) {
      for (const l of kind(node).links?.(node.settings) ?? []) {
        if (l.flowId === undefined && byId.has(l.nodeId)) targets.push(l.nodeId);
      }
    }
    adjacency.set(id, targets);
  }
  const next = (nodeId: string): string[] => adjacency.get(nodeId) ?? [];
  return { byId, out, next, kind, knows };
}

/** Nodes reachable from `start`, following edges and same-flow recycle targets. */
export function reachableFrom(graph: FlowGraph, start: string): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const t of graph.next(stack.pop() as string)) {
      if (!seen.has(t)) {
        seen.add(t);
        stack.push(t);
      }
    }
  }
  return seen;
}

/** Loops made only of instant steps: a lead entering one would spin forever. */
export function instantLoops(graph: FlowGraph): string[][] {
  const instant = (id: string) => {
    const n = graph.byId.get(id) as FlowNode;
    return graph.knows(n, 'waits') && !graph.kind(n).waits(n.settings);
  };
  // Tarjan's strongly connected components over the instant steps only.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const loops: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.next(v).filter(instant)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.next(v).includes(v)) loops.push(scc.reverse());
    }
  };
  for (const id of graph.byId.keys()) if (instant(id) && !idx.has(id)) visit(id);
  return loops;
}

export interface Regions {
  /** node id -> "forkId/trackId" for nodes inside a track, absent for top-level nodes */
  regionOf: Map<string, string>;
  /** "forkId/trackId" -> first node of the track (absent when the track outcome is terminal) */
  firstOf: Map<string, string>;
  issues: FlowIssue[];
}

/**
 * Assigns each node to the top level or to one track of a side-by-side fork. Goals, exits and
 * top-level steps reached from a track end every track; a step cannot belong to two tracks.
 */
export function findRegions(graph: FlowGraph, entryId: string): Regions {
  const regionOf = new Map<string, string>();
  const firstOf = new Map<string, string>();
  const issues: FlowIssue[] = [];
  const said = new Set<string>();
  /** Each problem once, however many connections lead to it. */
  const report = (issue: FlowIssue) => {
    const key = `${issue.code} ${issue.nodeId} ${issue.message}`;
    if (said.has(key)) return;
    said.add(key);
    issues.push(issue);
  };
  const claimed = new Map<string, string>();
  // A kind's own: known for a step with unread settings too (none for an unknown kind).
  const isFinal = (id: string) =>
    (graph.kind(graph.byId.get(id) as FlowNode) as AnyNodeKind | undefined)?.final === true;

  const walk = (start: string, region: string, queue: { start: string; region: string }[]) => {
    const stack = [start];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (isFinal(id)) continue;
      const owner = claimed.get(id);
      if (owner !== undefined) {
        // A track may lead back to a top-level step: the lead leaves all tracks there.
        if (owner !== region && owner !== '') {
          report({
            nodeId: id,
            code: 'track_crossing',
            message: `“${label(graph, id)}” is reached from ${describe(graph, owner)} and from ${describe(graph, region)}; a step belongs to one track (only goals and exits are shared).`,
          });
        }
        continue;
      }
      claimed.set(id, region);
      if (region) regionOf.set(id, region);
      const node = graph.byId.get(id) as FlowNode;
      if (node.kind === 'fork') {
        if (region) {
          report({
            nodeId: id,
            code: 'nested_fork',
            message: 'Side-by-side tracks cannot be nested inside a track.',
          });
          continue;
        }
        // Tracks unknown: what follows is not judged.
        if (!graph.knows(node, 'outcomes')) continue;
        for (const t of node.settings.tracks) {
          const edge = graph.out.get(id)?.get(t.id)?.[0];
          const key = `${id}/${t.id}`;
          if (edge && graph.byId.has(edge.target)) {
            firstOf.set(key, edge.target);
            queue.push({ start: edge.target, region: key });
          }
        }
        continue;
      }
      stack.push(...graph.next(id));
    }
  };
  const queue: { start: string; region: string }[] = [];
  walk(entryId, '', queue);
  while (queue.length > 0) {
    const { start, region } = queue.shift() as { start: string; region: string };
    const owner = claimed.get(start);
    if (owner !== undefined && owner !== region) {
      // Starting there would leave the fork at once, ending the other tracks.
      report({
        nodeId: start,
        code: 'track_crossing',
        message: `The ${describe(graph, region)} starts at “${label(graph, start)}”, which is also reached ${owner ? `from ${describe(graph, owner)}` : 'outside the tracks'}; a track's first step must be its own.`,
      });
      continue;
    }
    walk(start, region, queue);
  }
  return { regionOf, firstOf, issues };
}

function label(graph: FlowGraph, id: string): string {
  return graph.byId.get(id)?.label || id;
}

function describe(graph: FlowGraph, region: string): string {
  if (!region) return 'outside the tracks';
  const [forkId = '', trackId = ''] = region.split('/');
  const fork = graph.byId.get(forkId);
  const track =
    fork?.kind === 'fork' ? fork.settings.tracks.find((t: { id: string }) => t.id === trackId) : undefined;
  return track?.label ? `“${track.label}”` : `track “${trackId}”`;
}
