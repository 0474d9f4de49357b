import type { FlowDocument } from '@tandem/schema';
import { canonicalJson } from '../canonical-json.ts';

type FlowNode = FlowDocument['nodes'][number];
type FlowEdge = FlowDocument['edges'][number];

/** The steps a sales token may add, change or remove in a draft. */
export const salesKinds: ReadonlySet<string> = new Set(['salesCall', 'salesMeeting']);

const withoutPosition = (n: FlowNode) => canonicalJson({ ...n, position: undefined });

/** The queue that works a sales step's tasks (as the runtime files them: no queue is "unassigned"). */
const queueOf = (n: FlowNode): string => n.owner?.queue ?? 'unassigned';

/**
 * Why a sales token may not save `after` over `before`, or null when it may. Sales may add, change and
 * remove sales calls and meetings and the connections touching them, insert them into a path (re-point
 * an outcome to a new sales step) and take them out again (re-point it to where that step led). Moving
 * other steps on the canvas is allowed; any other change is marketing's. A token limited to `queues`
 * works only its queues' steps, in drafts as in the task list: it may not rewrite another queue's
 * meeting, take it away, move a step into or out of that queue, or re-route that step's outcomes.
 */
export function salesDraftProblem(
  before: FlowDocument,
  after: FlowDocument,
  queues: readonly string[] | null = null,
): string | null {
  const { nodes: bn, edges: be, ...bRest } = before;
  const { nodes: an, edges: ae, ...aRest } = after;
  if (canonicalJson(bRest) !== canonicalJson(aRest)) return 'the flow’s name, entry rule or settings changed';
  const bNodes = new Map(bn.map((n) => [n.id, n]));
  const aNodes = new Map(an.map((n) => [n.id, n]));
  // Checked by id below: a second step under a marketing step's id would hide behind it.
  if (aNodes.size !== an.length) return 'two steps share one id';
  if (new Set(ae.map((e) => e.id)).size !== ae.length) return 'two connections share one id';
  const isSales = (nodes: Map<string, FlowNode>, id: string) => salesKinds.has(nodes.get(id)?.kind ?? '');
  for (const id of new Set([...bNodes.keys(), ...aNodes.keys()])) {
    const b = bNodes.get(id);
    const a = aNodes.get(id);
    if (b && a && withoutPosition(b) === withoutPosition(a)) continue;
    if ((!b || salesKinds.has(b.kind)) && (!a || salesKinds.has(a.kind))) {
      const foreign = queues && [b, a].find((n) => n && !queues.includes(queueOf(n)));
      if (!foreign) continue;
      return `step “${foreign.label || foreign.id}” (${foreign.kind}) belongs to the ${queueOf(foreign)} queue, which this token does not work`;
    }
    const node = (b ?? a) as FlowNode;
    const what = !b ? 'added' : !a ? 'removed' : 'changed';
    return `step “${node.label || node.id}” (${node.kind}) was ${what}`;
  }
  const touches = (e: FlowEdge, nodes: Map<string, FlowNode>) =>
    isSales(nodes, e.source) || isSales(nodes, e.target);
  const slot = (edges: FlowEdge[], e: FlowEdge) =>
    edges.find((x) => x.source === e.source && x.outcome === e.outcome);
  const bEdges = new Map(be.map((e) => [e.id, e]));
  const aEdges = new Map(ae.map((e) => [e.id, e]));
  // A changed connection is checked as the old one removed and the new one added.
  const removedOk = (b: FlowEdge) => {
    if (touches(b, bNodes)) return true;
    const now = slot(ae, b); // re-pointed to a sales step inserted into the path
    return now !== undefined && isSales(aNodes, now.target);
  };
  const addedOk = (a: FlowEdge) => {
    if (touches(a, aNodes)) return true;
    const was = slot(be, a); // a sales step taken out: the outcome goes where that step led
    return (
      was !== undefined &&
      isSales(bNodes, was.target) &&
      be.some((x) => x.source === was.target && x.target === a.target)
    );
  };
  /** A sales step of a queue the token does not work, whose outcomes this edge routes. */
  const foreignSource = (e: FlowEdge, nodes: Map<string, FlowNode>) => {
    const source = nodes.get(e.source);
    return queues && source && salesKinds.has(source.kind) && !queues.includes(queueOf(source))
      ? source
      : undefined;
  };
  for (const id of new Set([...bEdges.keys(), ...aEdges.keys()])) {
    const b = bEdges.get(id);
    const a = aEdges.get(id);
    if (b && a && canonicalJson(b) === canonicalJson(a)) continue;
    const foreign = (b && foreignSource(b, bNodes)) || (a && foreignSource(a, aNodes));
    if (foreign) {
      return `the outcomes of step “${foreign.label || foreign.id}” belong to the ${queueOf(foreign)} queue, which this token does not work`;
    }
    if ((!b || removedOk(b)) && (!a || addedOk(a))) continue;
    const edge = (a ?? b) as FlowEdge;
    const what = !b ? 'added' : !a ? 'removed' : 'changed';
    return `the connection “${edge.source}” → “${edge.target}” (${edge.outcome}) was ${what}`;
  }
  return null;
}
