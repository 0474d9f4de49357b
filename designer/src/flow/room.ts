import { outcomesOrNull } from './edits.ts';
import type { Graph, StepNode } from './graph.ts';
import { estimateSize } from './kinds.ts';

type XY = { x: number; y: number };
type Size = { width: number; height: number };
type Box = XY & Size;

/** The space kept between a card and the card it makes room for. */
export const GAP = 40;

/** A step's size on the canvas: measured when it has been drawn, else estimated from its outcomes. */
export function sizeOf(n: StepNode): Size {
  if (n.measured?.width && n.measured.height) return { width: n.measured.width, height: n.measured.height };
  // Settings being edited may not say their outcomes yet: the estimate for one will do.
  const estimate = estimateSize(outcomesOrNull(n.data.step)?.length ?? 1);
  return { width: n.measured?.width ?? estimate.width, height: n.measured?.height ?? estimate.height };
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * The way a connection runs, reduced to one axis: mostly rightwards on a laid-out flow, but a connection can
 * run down (steps stacked below one another) or back (a loop to an earlier step).
 */
interface Direction {
  axis: 'x' | 'y';
  sign: 1 | -1;
}

const lengthOf = (d: Direction) => (d.axis === 'x' ? 'width' : 'height');

/** Where a box starts and ends along `d` (start < end, whichever way `d` points). */
function span(b: Box, d: Direction): [number, number] {
  const from = b[d.axis];
  const to = from + b[lengthOf(d)];
  return d.sign === 1 ? [from, to] : [-to, -from];
}

/** The position that makes `b` start at `start` along `d`, its other coordinate unchanged. */
function startingAt(b: Box, d: Direction, start: number): XY {
  const at = d.sign === 1 ? start : -start - b[lengthOf(d)];
  return d.axis === 'x' ? { x: at, y: b.y } : { x: b.x, y: at };
}

function directionOf(from: Box, to: Box): Direction {
  const dx = to.x + to.width / 2 - (from.x + from.width / 2);
  const dy = to.y + to.height / 2 - (from.y + from.height / 2);
  return Math.abs(dx) >= Math.abs(dy)
    ? { axis: 'x', sign: dx < 0 ? -1 : 1 }
    : { axis: 'y', sign: dy < 0 ? -1 : 1 };
}

/** `from` and the steps its outcomes lead to, and theirs, without going through `stop`. */
function reachable(graph: Graph, from: string, stop: string): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of graph.edges) {
    const targets = next.get(e.source);
    if (targets) targets.push(e.target);
    else next.set(e.source, [e.target]);
  }
  const seen = new Set([from]);
  const queue = [from];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const target of next.get(id) ?? []) {
      if (target === stop || seen.has(target)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  return seen;
}

/**
 * Moves cards until neither the cards in `moved` nor the cards they push cover another card. Of two cards
 * that overlap, the one further back along `d` stays and the other goes past it, `GAP` beyond its end: cards
 * only ever move forward, so a push can only reach cards further on, and the flow keeps its order. Cards the
 * insertion does not reach are not touched, even where they already overlapped.
 */
function pushApart(boxes: Map<string, Box>, moved: string[], d: Direction): void {
  const queue = [...moved];
  // Each push sends a card past another for good; the bound only guards against a mistake looping forever.
  let budget = boxes.size * boxes.size + queue.length;
  for (let id = queue.shift(); id !== undefined && budget > 0; id = queue.shift()) {
    for (const [other, box] of boxes) {
      const mine = boxes.get(id);
      if (!mine || other === id || !overlaps(mine, box)) continue;
      budget--;
      const [stay, go]: [Box, string] = span(box, d)[0] > span(mine, d)[0] ? [mine, other] : [box, id];
      const goBox = boxes.get(go) as Box;
      boxes.set(go, { ...goBox, ...startingAt(goBox, d, span(stay, d)[1] + GAP) });
      queue.push(go);
      if (go === id) break;
    }
  }
}

/**
 * Where `node`, inserted on the connection `edgeId` with its centre on `at` (the connection's midpoint), goes
 * and which steps move to give it room. Where the midpoint is free the card just goes there. Otherwise it goes
 * `GAP` after the connection's source, along the way the connection runs, and the connection's target moves on
 * to `GAP` after the new card, taking along every step after it (reachable from it, not back through the
 * source, and not behind it), so the rest of the flow keeps its shape. Any card still covered then moves on
 * too: the new card ends up covering no card, and no moved card covers another.
 */
export function roomToInsert(
  graph: Graph,
  edgeId: string,
  node: StepNode,
  at: XY,
): { position: XY; moves: Record<string, XY> } {
  const size = sizeOf(node);
  const centred = { x: at.x - size.width / 2, y: at.y - size.height / 2 };
  const boxes = new Map(graph.nodes.map((n) => [n.id, { ...n.position, ...sizeOf(n) }]));
  const mine = { ...centred, ...size };
  const edge = graph.edges.find((e) => e.id === edgeId);
  const source = edge && boxes.get(edge.source);
  const target = edge && boxes.get(edge.target);
  if (!edge || !source || !target || ![...boxes.values()].some((b) => overlaps(b, mine)))
    return { position: centred, moves: {} };

  const d = directionOf(source, target);
  const placed = { ...mine, ...startingAt(mine, d, span(source, d)[1] + GAP) };
  const by = Math.max(0, span(placed, d)[1] + GAP - span(target, d)[0]);
  const after = [...reachable(graph, edge.target, edge.source)].filter(
    (id) => id !== edge.source && span(boxes.get(id) as Box, d)[0] >= span(target, d)[0],
  );
  for (const id of after) {
    const b = boxes.get(id) as Box;
    boxes.set(id, { ...b, ...startingAt(b, d, span(b, d)[0] + by) });
  }
  boxes.set(node.id, placed);
  pushApart(boxes, [node.id, ...after], d);

  const moves: Record<string, XY> = {};
  for (const n of graph.nodes) {
    const b = boxes.get(n.id) as Box;
    if (b.x !== n.position.x || b.y !== n.position.y) moves[n.id] = { x: b.x, y: b.y };
  }
  const final = boxes.get(node.id) as Box;
  return { position: { x: final.x, y: final.y }, moves };
}
