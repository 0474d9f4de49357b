import {
  type Edge,
  getBezierPath,
  type InternalNode,
  Position,
  type ReactFlowState,
  useStore,
  useStoreApi,
} from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { LINK_HANDLE } from '../flow/links.ts';
import { useSimulation } from '../store/simulation.ts';

type Handle = NonNullable<InternalNode['internals']['handleBounds']>['source'] extends
  | (infer H)[]
  | null
  | undefined
  ? H
  : never;

const domNodeOf = (s: ReactFlowState) => s.domNode;

/** Where a connection meets `handle` (React Flow's rule: the middle of the handle's outer side). */
function anchor(node: InternalNode, handle: Handle): { x: number; y: number } {
  const x = node.internals.positionAbsolute.x + handle.x;
  const y = node.internals.positionAbsolute.y + handle.y;
  switch (handle.position) {
    case Position.Right:
      return { x: x + handle.width, y: y + handle.height / 2 };
    case Position.Bottom:
      return { x: x + handle.width / 2, y: y + handle.height };
    case Position.Top:
      return { x: x + handle.width / 2, y };
    default:
      return { x, y: y + handle.height / 2 };
  }
}

interface Paths {
  plain: string;
  link: string;
  taken: string;
  selected: string;
}

/** The four paths for `edges`, from the handles React Flow measured; connections to unmeasured steps wait. */
export function pathsOf(
  edges: readonly Edge[],
  lookup: ReactFlowState['nodeLookup'],
  taken: ReadonlySet<string>,
): Paths {
  const out = {
    plain: [] as string[],
    link: [] as string[],
    taken: [] as string[],
    selected: [] as string[],
  };
  for (const e of edges) {
    const source = lookup.get(e.source);
    const target = lookup.get(e.target);
    const from = source?.internals.handleBounds?.source?.find((h) => h.id === e.sourceHandle);
    const to = target?.internals.handleBounds?.target?.[0];
    if (!source || !target || !from || !to) continue;
    const a = anchor(source, from);
    const b = anchor(target, to);
    const [path] = getBezierPath({
      sourceX: a.x,
      sourceY: a.y,
      sourcePosition: from.position,
      targetX: b.x,
      targetY: b.y,
      targetPosition: to.position,
    });
    const isLink = e.sourceHandle === LINK_HANDLE;
    const group = (
      isLink
        ? taken.has(`${e.source}:reentered`) || taken.has(`${e.source}:cameBack`)
        : taken.has(`${e.source}:${e.sourceHandle}`)
    )
      ? out.taken
      : e.selected
        ? out.selected
        : isLink
          ? out.link
          : out.plain;
    group.push(path);
  }
  return {
    plain: out.plain.join(''),
    link: out.link.join(''),
    taken: out.taken.join(''),
    selected: out.selected.join(''),
  };
}

/**
 * The connections of the zoomed-out view (see flow/detail.ts): every connection as a bare line, drawn as
 * four SVG paths (plain, recycle links, taken by the test lead, selected) in React Flow's edge layer, under
 * the steps, instead of one React Flow edge each. React Flow recomputes every edge's endpoints in a store
 * selector on each pan frame, 2,000 selectors for a 1,000-step flow; these paths are only recomputed when
 * the steps or connections change, never while the view moves.
 */
export function FarEdges({ edges }: { edges: readonly Edge[] }) {
  const store = useStoreApi();
  const domNode = useStore(domNodeOf);
  const layer = useMemo(() => domNode?.querySelector<HTMLElement>('.react-flow__edges') ?? null, [domNode]);
  const taken = useSimulation((s) => s.taken);
  // Bumped when anything but the view changes (steps moved, measured, added): an O(1) check per pan frame.
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let last = store.getState().transform;
    let frame = 0;
    const unsubscribe = store.subscribe((s) => {
      if (s.transform !== last) {
        last = s.transform;
        return;
      }
      if (!frame)
        frame = requestAnimationFrame(() => {
          frame = 0;
          setVersion((v) => v + 1);
        });
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [store]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` stands for the store's node internals.
  const paths = useMemo(
    () => pathsOf(edges, store.getState().nodeLookup, taken),
    [edges, taken, store, version],
  );

  if (!layer) return null;
  return createPortal(
    <svg className="far-edges" aria-hidden="true" fill="none" data-testid="far-edges">
      <path className="react-flow__edge-path edge" d={paths.plain} />
      <path className="react-flow__edge-path edge edge--link" d={paths.link} />
      <path className="react-flow__edge-path edge edge--selected" d={paths.selected} />
      <path className="react-flow__edge-path edge edge--taken" d={paths.taken} />
    </svg>,
    layer,
  );
}
