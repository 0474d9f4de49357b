import { describe, expect, it } from 'vitest';
import { applyEdit, newStep } from './edits.ts';
import { type Graph, type StepNode, toOutcomeEdge } from './graph.ts';
import { GAP, overlaps, roomToInsert, sizeOf } from './room.ts';

/** A drawn (measured) 264 × 100 card. */
const card = (id: string, x: number, y: number): StepNode => ({
  ...newStep('wait', id, { x, y }),
  measured: { width: 264, height: 100 },
});
const edge = (source: string, target: string) =>
  toOutcomeEdge({ id: `${source}-${target}`, source, outcome: 'done', target });

/** Inserts a wait on `edgeId` at `at` the way the canvas does, returning the graph after. */
function insert(graph: Graph, edgeId: string, at: { x: number; y: number }): Graph {
  const node = newStep('wait', 'new', at);
  const room = roomToInsert(graph, edgeId, node, at);
  return applyEdit(graph, {
    type: 'batch',
    edits: [
      { type: 'insertOnEdge', edgeId, node: { ...node, position: room.position } },
      { type: 'move', positions: room.moves },
    ],
  });
}

function overlapping(graph: Graph): string[] {
  const boxes = graph.nodes.map((n) => ({ id: n.id, ...n.position, ...sizeOf(n) }));
  return boxes.flatMap((a, i) =>
    boxes
      .slice(i + 1)
      .filter((b) => overlaps(a, b))
      .map((b) => `${a.id}/${b.id}`),
  );
}

const at = (g: Graph, id: string) => g.nodes.find((n) => n.id === id)?.position;

describe('roomToInsert', () => {
  it('puts the step on the midpoint and moves nothing when the midpoint is free', () => {
    const graph = { nodes: [card('a', 0, 0), card('b', 1000, 0)], edges: [edge('a', 'b')] };
    const node = newStep('wait', 'new', { x: 0, y: 0 });
    const { width, height } = sizeOf(node);
    expect(roomToInsert(graph, 'a-b', node, { x: 632, y: 50 })).toEqual({
      position: { x: 632 - width / 2, y: 50 - height / 2 },
      moves: {},
    });
  });

  it('moves the target and the steps after it along, by the new card and a gap, between close steps', () => {
    // a → b → c in a row, 36 px apart; d is a branch of a, in the row below, not after b.
    const graph = {
      nodes: [card('a', 0, 0), card('b', 300, 0), card('c', 600, 0), card('d', 300, 400)],
      edges: [edge('a', 'b'), edge('b', 'c'), edge('a', 'd')],
    };
    const after = insert(graph, 'a-b', { x: 282, y: 50 });
    expect(overlapping(after)).toEqual([]);
    expect(at(after, 'new')?.x).toBe(264 + GAP);
    const shift = 264 + GAP + 264 + GAP - 300;
    expect(at(after, 'b')).toEqual({ x: 300 + shift, y: 0 });
    // The steps after the target keep their spacing to it.
    expect(at(after, 'c')).toEqual({ x: 600 + shift, y: 0 });
    expect(at(after, 'a')).toEqual({ x: 0, y: 0 });
    expect(at(after, 'd')).toEqual({ x: 300, y: 400 });
    expect(after.edges.find((e) => e.id === 'a-b')?.target).toBe('new');
  });

  it('leaves the steps a loop goes back to, and pushes on a card that is not after the target but in the way', () => {
    // a → b → c → a (a loop back), and e, on no path from b, sits where the new card goes.
    const graph = {
      nodes: [card('a', 0, 0), card('b', 300, 0), card('c', 600, 0), card('e', 320, 60)],
      edges: [edge('a', 'b'), edge('b', 'c'), edge('c', 'a')],
    };
    const after = insert(graph, 'a-b', { x: 282, y: 50 });
    expect(overlapping(after)).toEqual([]);
    expect(at(after, 'a')).toEqual({ x: 0, y: 0 });
    expect(at(after, 'e')?.x).toBeGreaterThan(300);
  });

  it('makes room downwards when the connection runs down', () => {
    const graph = { nodes: [card('a', 0, 0), card('b', 0, 120)], edges: [edge('a', 'b')] };
    const after = insert(graph, 'a-b', { x: 132, y: 110 });
    expect(overlapping(after)).toEqual([]);
    expect(at(after, 'new')?.y).toBe(100 + GAP);
    expect(at(after, 'b')?.x).toBe(0);
    expect(at(after, 'b')?.y).toBeGreaterThan(120);
  });

  it('makes room backwards on a connection that runs back to an earlier step', () => {
    const graph = { nodes: [card('a', 0, 0), card('b', 300, 0)], edges: [edge('b', 'a')] };
    const after = insert(graph, 'b-a', { x: 282, y: 50 });
    expect(overlapping(after)).toEqual([]);
    expect(at(after, 'b')).toEqual({ x: 300, y: 0 });
    expect(at(after, 'a')?.x).toBeLessThan(0);
  });
});
