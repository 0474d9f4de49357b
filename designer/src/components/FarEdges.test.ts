import type { Edge, InternalNode, ReactFlowState } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { LINK_HANDLE } from '../flow/links.ts';
import { pathsOf } from './FarEdges.tsx';

function node(id: string, x: number, source: { id: string; position: 'right' | 'bottom' }[], target = true) {
  return {
    id,
    internals: {
      positionAbsolute: { x, y: 0 },
      handleBounds: {
        source: source.map((h, i) => ({
          ...h,
          x: 260,
          y: 40 + i * 26,
          width: 10,
          height: 10,
          type: 'source',
        })),
        target: target
          ? [{ id: null, position: 'left', x: -5, y: 20, width: 10, height: 10, type: 'target' }]
          : [],
      },
    },
  } as unknown as InternalNode;
}

const lookup = new Map([
  [
    'a',
    node(
      'a',
      0,
      [
        { id: 'next', position: 'right' },
        { id: LINK_HANDLE, position: 'bottom' },
      ],
      false,
    ),
  ],
  ['b', node('b', 400, [{ id: 'done', position: 'right' }])],
]) as unknown as ReactFlowState['nodeLookup'];

const edge = (id: string, source: string, sourceHandle: string, target: string, selected = false): Edge => ({
  id,
  source,
  sourceHandle,
  target,
  selected,
});

describe('zoomed-out connections', () => {
  it('starts each line at its outcome handle and ends it at the target step', () => {
    const paths = pathsOf([edge('e1', 'a', 'next', 'b')], lookup, new Set());
    // Right side of "next" (0 + 260 + 10, 40 + 5) to the left side of b's input (400 - 5, 20 + 5).
    expect(paths.plain).toMatch(/^M270,45 C.* 395,25$/);
    expect(paths.link + paths.taken + paths.selected).toBe('');
  });

  it('groups recycle links, selected connections and the test lead’s path', () => {
    const paths = pathsOf(
      [edge('e1', 'a', 'next', 'b', true), edge('l1', 'a', LINK_HANDLE, 'b'), edge('e2', 'b', 'done', 'b')],
      lookup,
      new Set(['b:done']),
    );
    expect(paths.selected).toMatch(/^M270,45/);
    expect(paths.link).toMatch(/^M265,76 /);
    expect(paths.taken).toMatch(/^M670,45/);
    expect(paths.plain).toBe('');
  });

  it('skips connections whose handles are not measured yet', () => {
    expect(pathsOf([edge('e1', 'a', 'missing', 'b')], lookup, new Set()).plain).toBe('');
  });
});
