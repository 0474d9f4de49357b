import type { NodeKind } from '@tandem/schema';
import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { newStep } from '../flow/edits.ts';
import type { StepNode } from '../flow/graph.ts';
import { freshId } from '../flow/ids.ts';
import { kindOf } from '../flow/kinds.ts';
import { GAP, overlaps, roomToInsert, sizeOf } from '../flow/room.ts';
import { useEditor } from '../store/editor.ts';

type XY = { x: number; y: number };

function make(kind: NodeKind, position: XY) {
  const taken = new Set(useEditor.getState().nodes.map((n) => n.id));
  return newStep(kind, freshId(kind, taken), position);
}

/**
 * Where to put `node` at `at` without covering another step: `at` when it is free, else the first free spot
 * straight below it, so steps added one after another beside the same step stack up instead of piling up.
 */
export function freeSpot(nodes: StepNode[], node: StepNode, at: XY): XY {
  const size = sizeOf(node);
  let y = at.y;
  for (let tries = 0; tries < nodes.length + 1; tries++) {
    const mine = { x: at.x, y, ...size };
    const hit = nodes.find((n) => n.id !== node.id && overlaps(mine, { ...n.position, ...sizeOf(n) }));
    if (!hit) break;
    y = hit.position.y + sizeOf(hit).height + GAP;
  }
  return { x: at.x, y };
}

/**
 * Inserts a step on a connection, centred on `position` (the connection's midpoint) when that is free, else
 * with the steps after it moved along to make room (`roomToInsert`). A plain function, not a hook: every
 * connection on the canvas offers it, and a hook per connection is work at every mount. One edit, so one
 * undo takes the step out and puts the moved steps back.
 */
export function insertOnEdge(edgeId: string, kind: NodeKind, position: XY): void {
  const s = useEditor.getState();
  const made = make(kind, position);
  const room = roomToInsert({ nodes: s.nodes, edges: s.edges }, edgeId, made, position);
  s.dispatch({
    type: 'batch',
    edits: [
      { type: 'insertOnEdge', edgeId, node: { ...made, position: room.position } },
      { type: 'move', positions: room.moves },
    ],
  });
}

/** The ways a step gets onto the canvas: dropped, inserted on a connection, or added from the keyboard. */
export function useAddStep() {
  const { screenToFlowPosition, flowToScreenPosition, setCenter, getZoom } = useReactFlow();

  /** Pans (at the same zoom) so a step just added at `position` is on screen, when it is not. */
  const bringIntoView = useCallback(
    (position: XY) => {
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
      if (!pane) return;
      const topLeft = flowToScreenPosition(position);
      const bottomRight = flowToScreenPosition({ x: position.x + 264, y: position.y + 120 });
      const inView =
        topLeft.x >= pane.left &&
        topLeft.y >= pane.top &&
        bottomRight.x <= pane.right &&
        bottomRight.y <= pane.bottom;
      if (!inView) void setCenter(position.x + 132, position.y + 60, { zoom: getZoom(), duration: 200 });
    },
    [flowToScreenPosition, setCenter, getZoom],
  );

  const addAt = useCallback((kind: NodeKind, position: XY) => {
    useEditor.getState().dispatch({ type: 'addNode', node: make(kind, position) });
  }, []);

  /** From the palette by keyboard or click: after the selected step's first free outcome, else mid-screen. */
  const addFromPalette = useCallback(
    (kind: NodeKind) => {
      const s = useEditor.getState();
      const selected = s.nodes.filter((n) => n.selected);
      const from = selected.length === 1 ? selected[0] : undefined;
      if (from) {
        const used = new Set(s.edges.filter((e) => e.source === from.id).map((e) => e.sourceHandle));
        const free = kindOf(from.data.step.kind)
          .outcomes(from.data.step.settings)
          .find((o) => !used.has(o.id) && !from.data.step.terminal.includes(o.id));
        const beside = { x: from.position.x + (from.measured?.width ?? 264) + 80, y: from.position.y };
        const made = make(kind, beside);
        const position = freeSpot(s.nodes, made, beside);
        const node = { ...made, position };
        if (free && kind !== 'entry') {
          s.dispatch({
            type: 'batch',
            edits: [
              { type: 'addNode', node },
              { type: 'connect', source: from.id, outcome: free.id, target: node.id },
            ],
          });
        } else s.dispatch({ type: 'addNode', node });
        // Added beside the selected step, it may land past the edge of the screen: keyboard users follow it.
        bringIntoView(position);
        return;
      }
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
      const center = pane
        ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 }
        : { x: 400, y: 300 };
      const p = screenToFlowPosition(center);
      addAt(kind, { x: p.x - 132, y: p.y - 60 });
    },
    [addAt, screenToFlowPosition, bringIntoView],
  );

  return { addAt, insertOnEdge, addFromPalette, screenToFlowPosition };
}
