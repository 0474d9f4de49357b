import { Panel, type ReactFlowState, useReactFlow, useStoreApi } from '@xyflow/react';
import { memo, type PointerEvent, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { StepNode } from '../flow/graph.ts';
import { useEditor } from '../store/editor.ts';

const WIDTH = 200;
const HEIGHT = 150;
/** After the view rests this long, the steps are redrawn sharp in the final frame. */
const SETTLE_MS = 250;

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
/** The flow rectangle the minimap's viewBox shows, and the flow units per minimap pixel. */
type Frame = Rect & { scale: number };

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/** The viewBox React Flow's minimap gives `r`: centred at the minimap's proportions, 5 px of margin. */
function frameOf(r: Rect): Frame {
  const scale = Math.max(r.width / WIDTH, r.height / HEIGHT) || 1;
  const margin = 5 * scale;
  const width = scale * WIDTH;
  const height = scale * HEIGHT;
  return {
    x: r.x - (width - r.width) / 2 - margin,
    y: r.y - (height - r.height) / 2 - margin,
    width: width + margin * 2,
    height: height + margin * 2,
    scale,
  };
}

/** Where an SVG of the minimap's size puts flow point 0,0 and how many pixels a flow unit takes. */
function placement(f: Rect) {
  const k = Math.min(WIDTH / f.width, HEIGHT / f.height);
  return { k, x: (WIDTH - f.width * k) / 2 - f.x * k, y: (HEIGHT - f.height * k) / 2 - f.y * k };
}

type Placement = ReturnType<typeof placement>;

/** The CSS transform that moves a drawing placed by `a` to where placement `b` would draw it. */
function reframe(a: Placement, b: Placement): string | undefined {
  const s = b.k / a.k;
  if (Math.abs(s - 1) < 1e-9 && Math.abs(b.x - a.x * s) < 1e-6 && Math.abs(b.y - a.y * s) < 1e-6)
    return undefined;
  return `translate(${b.x - a.x * s}px, ${b.y - a.y * s}px) scale(${s})`;
}

const sameRect = (a: Rect, b: Rect) =>
  Math.abs(a.x - b.x) < 1e-6 &&
  Math.abs(a.y - b.y) < 1e-6 &&
  Math.abs(a.width - b.width) < 1e-6 &&
  Math.abs(a.height - b.height) < 1e-6;

/** The part of the flow the canvas shows. */
const viewOf = (s: ReactFlowState): Rect => {
  const [x, y, zoom] = s.transform;
  return { x: -x / zoom, y: -y / zoom, width: s.width / zoom, height: s.height / zoom };
};

const MiniNode = memo(function MiniNode({ fill, ...rect }: Rect & { fill: string }) {
  return (
    <rect
      className="react-flow__minimap-node"
      rx={5}
      ry={5}
      {...rect}
      style={{ fill }}
      shapeRendering="crispEdges"
    />
  );
});

function sizeOf(n: StepNode): { width: number; height: number } | null {
  const width = n.measured?.width ?? n.width ?? n.initialWidth;
  const height = n.measured?.height ?? n.height ?? n.initialHeight;
  return width && height ? { width, height } : null;
}

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.userAgent);

/**
 * The flow in miniature with the part in view, pannable (drag) and zoomable (wheel), like React Flow's
 * `<MiniMap pannable zoomable>` but cheap to keep up to date while the canvas moves.
 *
 * React Flow draws the steps and the view mask in one SVG whose viewBox follows the view, so every
 * pan frame repaints (without a GPU: re-rasterises) all 1,000 step rectangles. Here the steps and the
 * view's outline (a hole in the dimming around it) are each painted once on a layer of their own and,
 * while the view moves, keep the frame they were drawn in: transforms, applied by the compositor,
 * follow the view, so a pan frame paints nothing here. Once the view rests, they are redrawn sharp
 * in the current frame.
 */
export function FlowMiniMap({
  nodeColor,
  ariaLabel,
}: {
  nodeColor: (n: StepNode) => string;
  ariaLabel: string;
}) {
  const nodes = useEditor((s) => s.nodes);
  const store = useStoreApi();
  const { setViewport, getViewport, zoomTo } = useReactFlow();
  const panel = useRef<HTMLDivElement>(null);
  const steps = useRef<SVGSVGElement>(null);
  const hole = useRef<HTMLDivElement>(null);

  // The steps and their bounds change with edits, not with the view.
  const { content, bounds } = useMemo(() => {
    let box: Rect | null = null;
    const rects = [];
    for (const n of nodes) {
      const size = sizeOf(n);
      if (!size || n.hidden) continue;
      const rect = { x: n.position.x, y: n.position.y, ...size };
      box = box ? union(box, rect) : rect;
      rects.push(<MiniNode key={n.id} {...rect} fill={nodeColor(n)} />);
    }
    return { content: rects, bounds: box };
  }, [nodes, nodeColor]);

  // The frame the steps and the view's hole are drawn in: the current one once the view rests.
  const [drawn, setDrawn] = useState<Rect>(() => frameOf(bounds ?? viewOf(store.getState())));
  const scale = useRef(1);

  // Following the view writes transforms straight to the DOM: no React render per pan frame.
  useLayoutEffect(() => {
    const was = placement(drawn);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last: ReactFlowState['transform'] | null = null;
    let lastSize = '';
    const follow = (s: ReactFlowState) => {
      if (s.transform === last && `${s.width}x${s.height}` === lastSize) return;
      last = s.transform;
      lastSize = `${s.width}x${s.height}`;
      const view = viewOf(s);
      const frame = frameOf(bounds ? union(bounds, view) : view);
      const at = placement(frame);
      scale.current = frame.scale;
      if (steps.current) steps.current.style.transform = reframe(was, at) ?? '';
      const h = hole.current;
      if (h) {
        h.style.width = `${view.width * was.k}px`;
        h.style.height = `${view.height * was.k}px`;
        h.style.transform = `translate(${view.x * at.k + at.x}px, ${view.y * at.k + at.y}px) scale(${at.k / was.k})`;
      }
      clearTimeout(timer);
      if (!sameRect(frame, drawn)) timer = setTimeout(() => setDrawn(frame), SETTLE_MS);
    };
    follow(store.getState());
    const unsubscribe = store.subscribe(follow);
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [store, bounds, drawn]);

  const drag = useRef<{ x: number; y: number } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const from = drag.current;
    if (!from) return;
    drag.current = { x: e.clientX, y: e.clientY };
    const v = getViewport();
    const k = scale.current * v.zoom;
    void setViewport({ x: v.x - (e.clientX - from.x) * k, y: v.y - (e.clientY - from.y) * k, zoom: v.zoom });
  };
  const onPointerUp = () => {
    drag.current = null;
  };

  useEffect(() => {
    const el = panel.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const step = e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002;
      const factor = e.ctrlKey && isMac ? 10 : 1;
      void zoomTo(getViewport().zoom * 2 ** (-e.deltaY * step * factor));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [getViewport, zoomTo]);

  return (
    <Panel position="bottom-right" className="react-flow__minimap minimap" data-testid="rf__minimap">
      <div
        ref={panel}
        className="minimap__frame"
        role="img"
        aria-label={ariaLabel}
        style={{ width: WIDTH, height: HEIGHT }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      >
        <svg
          ref={steps}
          className="react-flow__minimap-svg minimap__steps"
          width={WIDTH}
          height={HEIGHT}
          viewBox={`${drawn.x} ${drawn.y} ${drawn.width} ${drawn.height}`}
          aria-hidden="true"
        >
          {content}
        </svg>
        <div ref={hole} className="minimap__view" />
      </div>
    </Panel>
  );
}
