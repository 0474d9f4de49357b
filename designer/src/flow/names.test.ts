import { describe, expect, it } from 'vitest';
import { tinyGraph } from '../test/fixtures.ts';
import { applyEdit } from './edits.ts';
import { connectionLabel, insertLabel, namedEdges, withName } from './names.ts';

describe('accessible names of connections and steps', () => {
  it('name connections by the steps’ labels, with the outcome where the step has several', () => {
    const g = tinyGraph();
    const names = namedEdges(g.edges, g.nodes);
    expect(names.map((e) => e.ariaLabel)).toEqual([
      'Connection from Start to Welcome',
      'Connection from Welcome (Clicked) to Done',
      'Connection from Welcome (Opened within 3 days) to Done',
      'Connection from Welcome (No engagement) to Done',
    ]);
    expect(names.map((e) => insertLabel(e.data.names))[1]).toBe(
      'Insert a step between Welcome (Clicked) and Done',
    );
  });

  it('fall back to the step’s id when its label is empty', () => {
    const g = applyEdit(tinyGraph(), { type: 'updateStep', id: 'mail', patch: { label: ' ' } });
    const [first] = namedEdges(g.edges, g.nodes);
    expect(first && connectionLabel(first.data.names)).toBe('Connection from Start to mail');
    expect(g.nodes.map(withName).map((n) => n.ariaLabel)).toEqual([
      'Start, Entry',
      'mail, Email',
      'Done, Goal',
    ]);
  });

  it('keep a connection’s copy while its steps stay the same, and rename it when one is renamed', () => {
    const g = tinyGraph();
    const before = namedEdges(g.edges, g.nodes);
    const moved = applyEdit(g, { type: 'move', positions: { mail: { x: 10, y: 10 } } });
    expect(namedEdges(moved.edges, moved.nodes)).toEqual(before);
    expect(namedEdges(moved.edges, moved.nodes)[0]).toBe(before[0]);
    const renamed = applyEdit(g, { type: 'updateStep', id: 'done', patch: { label: 'Booked' } });
    const after = namedEdges(renamed.edges, renamed.nodes);
    expect(after[0]).toBe(before[0]);
    expect(after[1]?.ariaLabel).toBe('Connection from Welcome (Clicked) to Booked');
  });
});
