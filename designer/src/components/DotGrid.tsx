import { type ReactFlowState, useStore, useStoreApi } from '@xyflow/react';
import { useId, useLayoutEffect, useRef } from 'react';

const zoomOf = (s: ReactFlowState) => s.transform[2];
/** Remainder in [0, m), snapped to device pixels so the dots stay crisp on their own layer. */
const phase = (v: number, m: number) => {
  const r = ((v % m) + m) % m;
  const dpr = window.devicePixelRatio || 1;
  return Math.round(r * dpr) / dpr;
};

/**
 * The canvas's dot grid, drawn like React Flow's `<Background variant="dots">` but cheap to pan.
 *
 * React Flow's background moves its SVG pattern on every viewport change, so each pan frame repaints
 * (and, without a GPU, re-rasterises) the whole pane. Here the pattern is painted once per zoom level
 * on its own compositor layer, one grid cell larger than the pane, and panning only slides that layer
 * by less than a cell: a transform the compositor applies without painting anything.
 */
export function DotGrid({ gap = 24, size = 1 }: { gap?: number; size?: number }) {
  const ref = useRef<SVGSVGElement>(null);
  const store = useStoreApi();
  const zoom = useStore(zoomOf);
  const patternId = `dot-grid-${useId().replace(/[^\w-]/g, '')}`;
  const cell = gap * zoom || 1;
  const radius = (size * zoom) / 2;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    let last = '';
    const place = ([x, y]: ReactFlowState['transform']) => {
      const next = `translate(${phase(x, cell)}px, ${phase(y, cell)}px)`;
      if (next === last) return;
      last = next;
      el.style.transform = next;
    };
    place(store.getState().transform);
    return store.subscribe((s) => place(s.transform));
  }, [store, cell]);

  return (
    <svg
      ref={ref}
      className="react-flow__background dot-grid"
      style={{ left: -cell, top: -cell, width: `calc(100% + ${cell}px)`, height: `calc(100% + ${cell}px)` }}
      data-testid="rf__background"
      aria-hidden="true"
    >
      {/* Dots sit where React Flow's pattern puts them: half a cell before each multiple of the gap. */}
      <pattern
        id={patternId}
        width={cell}
        height={cell}
        patternUnits="userSpaceOnUse"
        patternTransform={`translate(${-cell / 2},${-cell / 2})`}
      >
        <circle cx={radius} cy={radius} r={radius} className="react-flow__background-pattern dots" />
      </pattern>
      <rect x="0" y="0" width="100%" height="100%" fill={`url(#${patternId})`} />
    </svg>
  );
}
