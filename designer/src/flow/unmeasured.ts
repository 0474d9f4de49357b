import { type NodeHandle, Position } from '@xyflow/react';
import type { StepNode } from './graph.ts';
import { kindOf } from './kinds.ts';
import { LINK_HANDLE } from './links.ts';

/** The card's layout in `styles.css` (`.step`, `.step__outcome`, `.handle`), in flow pixels. */
const CARD_WIDTH = 264;
const HEAD_AND_BODY = 80;
const OUTCOME_ROW = 26;
const HANDLE = 11;

/**
 * Where a step's card and handles will be before the browser has measured it: 264 px wide, about 80 px of
 * header and body, then one 26 px row per outcome with its handle on the right edge; the incoming handle
 * sits halfway down the left edge. React Flow draws every step it has not measured, however far out of
 * view, so a 1,000-step flow used to mount 1,000 cards on opening and drop all but the few in view. With
 * this estimate it culls from the first frame, and fitting the view counts every step; a card that comes
 * into view is measured and the estimate is no longer used (`withEstimate`).
 */
export function estimatedGeometry(step: StepNode['data']['step']): {
  measured: { width: number; height: number };
  handles: NodeHandle[];
} {
  const def = kindOf(step.kind);
  const outcomes = def.outcomes(step.settings);
  const height = HEAD_AND_BODY + OUTCOME_ROW * outcomes.length;
  const handles: NodeHandle[] = outcomes.map((o, i) => ({
    id: o.id,
    type: 'source',
    position: Position.Right,
    x: CARD_WIDTH + 1,
    // Rows are counted from the bottom: the body above them is the part whose height varies.
    y: height - 20 - OUTCOME_ROW * (outcomes.length - 1 - i),
    width: HANDLE,
    height: HANDLE,
  }));
  if (step.kind !== 'entry') {
    handles.push({
      type: 'target',
      position: Position.Left,
      x: -6,
      y: height / 2 - 6,
      width: HANDLE,
      height: HANDLE,
    });
  }
  if ((def.links?.(step.settings) ?? []).length > 0) {
    handles.push({
      id: LINK_HANDLE,
      type: 'source',
      position: Position.Bottom,
      x: CARD_WIDTH / 2 - 6,
      y: height - 6,
      width: HANDLE,
      height: HANDLE,
    });
  }
  // Half a pixel off on purpose: the browser measures whole pixels, so every card that mounts reports a
  // size change, and the editor keeps the measured size from then on.
  return { measured: { width: CARD_WIDTH + 0.5, height: height + 0.5 }, handles };
}

const estimated = new WeakMap<StepNode, StepNode>();

/**
 * The node as React Flow should see it: once measured, the node itself; before, a copy carrying its
 * estimated size and handles (the same copy for the same node, so React Flow skips unchanged nodes).
 */
export function withEstimate(node: StepNode): StepNode {
  if (node.measured?.width !== undefined) return node;
  let copy = estimated.get(node);
  if (!copy) {
    copy = { ...node, ...estimatedGeometry(node.data.step) };
    estimated.set(node, copy);
  }
  return copy;
}
