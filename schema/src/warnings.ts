import type { FlowIssue } from './common.ts';
import type { FlowDocument, FlowNode } from './flow.ts';
import { buildGraph, findRegions } from './graph.ts';

/**
 * Outcomes where sales did not take the lead: it was disqualified, could not be reached, was rejected at
 * the hand-off, or the queue let the deadline pass. The waterfall's rule is that such leads always go
 * somewhere (back to nurture through a recycle, or to a Recycled or Disqualified stage with a reason),
 * never into a void.
 */
export const salesRejections: Readonly<Record<string, readonly string[]>> = {
  salesCall: ['disqualified', 'noAnswer', 'expired'],
  handoff: ['rejected', 'expired'],
};

/** Steps a lead passes through at once without being touched: they do not route it anywhere by themselves. */
const passThrough = new Set(['score', 'stage']);

const label = (node: FlowNode) => node.label.trim() || node.id;

/**
 * Advice beside validation: what a flow may do but a B2B waterfall should not. A warning never blocks
 * publishing. Today: a sales rejection outcome (see `salesRejections`) whose path ends the flow with
 * no recycle and no Recycled or Disqualified stage, because the lead then sits in the waterfall where
 * sales left it, owned by nobody and counted in no report. Inside a side-by-side track, an outcome
 * that ends the track is fine: the lead stays in the flow's other tracks. Works on a valid document.
 */
export function flowWarnings(doc: FlowDocument): FlowIssue[] {
  const graph = buildGraph(doc);
  const entry = doc.nodes.find((n) => n.kind === 'entry');
  const regions = entry ? findRegions(graph, entry.id).regionOf : new Map<string, string>();
  const warnings: FlowIssue[] = [];
  for (const node of doc.nodes) {
    const outcomes = salesRejections[node.kind];
    if (!outcomes) continue;
    const inTrack = (regions.get(node.id) ?? '') !== '';
    for (const outcome of outcomes) {
      const end = node.terminal.includes(outcome)
        ? inTrack
          ? null
          : 'leave the flow here'
        : endOfPath(graph, node.id, outcome, inTrack);
      if (end === null) continue;
      const name =
        graph
          .kind(node)
          .outcomes(node.settings)
          .find((o) => o.id === outcome)?.label ?? outcome;
      warnings.push({
        nodeId: node.id,
        path: ['outcomes', outcome],
        code: 'rejection_not_routed',
        message: `“${label(node)}” → “${name}”: these leads ${end}. Recycle them to nurture, or set a Recycled or Disqualified stage with a reason, so they are not lost between marketing and sales.`,
      });
    }
  }
  return warnings;
}

/**
 * How the path from `source`'s `outcome` ends when it reaches no recycle, no Recycled or Disqualified
 * stage and no step that touches or waits for the lead (null when it does, or has no connection: an
 * unconnected outcome is a validation error of its own).
 */
function endOfPath(
  graph: ReturnType<typeof buildGraph>,
  source: string,
  outcome: string,
  inTrack: boolean,
): string | null {
  let from = source;
  let via = outcome;
  const seen = new Set<string>();
  for (;;) {
    const edge = graph.out.get(from)?.get(via)?.[0];
    if (!edge) return null;
    const node = graph.byId.get(edge.target);
    if (!node || seen.has(node.id)) return null;
    seen.add(node.id);
    if (graph.kind(node).final) return `go to “${label(node)}”, which ends the flow`;
    if (!passThrough.has(node.kind)) return null;
    if (node.kind === 'stage' && ['recycled', 'disqualified'].includes(node.settings.stage as string))
      return null;
    if (node.terminal.includes('next')) return inTrack ? null : `end the flow after “${label(node)}”`;
    from = node.id;
    via = 'next';
  }
}
