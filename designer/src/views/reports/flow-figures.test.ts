import { describe, expect, it } from 'vitest';
import type { NodeStats } from '../../api/client.ts';
import { tinyFlow } from '../../test/fixtures.ts';
import { flowFigures } from './flow-figures.ts';

const at = (current: number, entered = current): NodeStats => ({
  current,
  entered,
  outcomes: {},
  movedIn: 0,
  movedOut: 0,
});

describe('what a version’s counts say about the flow', () => {
  it('takes leads by status and moves from the runtime and entries from the entry step', () => {
    const figures = flowFigures(
      tinyFlow(),
      { start: at(0, 12), mail: at(7, 14), done: at(0, 5) },
      { active: 7, completed: 4, exited: 0, removed: 1, movedIn: 2, movedOut: 2 },
    );
    expect(figures).toEqual({
      now: 7,
      entered: 12,
      completed: 4,
      exited: 0,
      removed: 1,
      movedIn: 2,
      movedOut: 2,
    });
  });
});
