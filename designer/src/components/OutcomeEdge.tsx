import { type NodeKind, nodeKinds } from '@tandem/schema';
import { BaseEdge, type EdgeProps, getBezierPath, type ReactFlowState, useStore } from '@xyflow/react';
import { memo, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { DRAG_MIME, isNodeKind } from '../flow/kinds.ts';
import { insertLabel, type NamedOutcomeEdge } from '../flow/names.ts';
import { insertOnEdge } from '../hooks/useAddStep.ts';
import { useEditor } from '../store/editor.ts';
import { useSession } from '../store/session.ts';
import { useSimulation } from '../store/simulation.ts';
import { useUi } from '../store/ui.ts';
import { KindIcon } from './Icon.tsx';

const quickKinds: NodeKind[] = ['salesCall', 'salesMeeting', 'email', 'wait', 'handoff'];

const domNodeOf = (s: ReactFlowState) => s.domNode;

/**
 * React Flow's `<EdgeLabelRenderer>`, without its cost: that component finds the label layer with a store
 * selector, i.e. a `querySelector` per connection on every store update (every pan frame, 2,000 of them on
 * a zoomed-out 1,000-step flow). Here each connection looks the layer up once.
 *
 * The layer is the viewport portal, which comes after the steps in the page, where React Flow's own label
 * layer comes before them: Tab reaches the steps first, then the + on each connection. Both layers sit in the
 * same stacking context, so the + is drawn as before.
 */
function EdgeLabel({ children }: { children: ReactNode }) {
  const domNode = useStore(domNodeOf);
  const layer = useMemo(
    () => domNode?.querySelector<HTMLElement>('.react-flow__viewport-portal') ?? null,
    [domNode],
  );
  return layer ? createPortal(children, layer) : null;
}

/** A connection from one outcome to a step; its midpoint takes drops (insert a step here) and has a + menu. */
function OutcomeEdgeView(props: EdgeProps<NamedOutcomeEdge>) {
  const { id, source, sourceHandleId, selected, data } = props;
  const [path, labelX, labelY] = getBezierPath(props);
  const taken = useSimulation((s) => s.taken.has(`${source}:${sourceHandleId}`));
  const dragging = useUi((s) => s.dragging !== null);
  const readOnly = useEditor((s) => s.readOnly);
  const addable = useSession((s) => s.permissions.addableKinds);
  const kinds = useMemo(() => quickKinds.filter((k) => addable.has(k)), [addable]);
  // One "+" menu open at a time (opening another closes this one); Escape or a click elsewhere closes it.
  const menu = useUi((s) => s.insertMenu === id);
  const setMenu = (open: boolean) => useUi.getState().set({ insertMenu: open ? id : null });
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!menu) return;
    const close = () => useUi.getState().set({ insertMenu: null });
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      close();
      box.current?.querySelector<HTMLButtonElement>('.edge-insert__button')?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) close();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer, true);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer, true);
    };
  }, [menu]);
  const [over, setOver] = useState(false);
  const at = { x: labelX, y: labelY };
  const classes = ['edge'];
  if (taken) classes.push('edge--taken');
  if (selected) classes.push('edge--selected');

  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        className={classes.join(' ')}
        {...(props.markerEnd ? { markerEnd: props.markerEnd } : {})}
        interactionWidth={16}
      />
      {!readOnly && kinds.length > 0 && (
        <EdgeLabel>
          {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target; the button inside is the keyboard way. */}
          <div
            ref={box}
            className={`edge-insert nodrag nopan${dragging ? ' edge-insert--dropzone' : ''}${over ? ' edge-insert--over' : ''}${menu ? ' edge-insert--open' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`insert-${id}`}
            onDragOver={(e) => {
              if (!e.dataTransfer.types.includes(DRAG_MIME)) return;
              e.preventDefault();
              e.stopPropagation();
              e.dataTransfer.dropEffect = 'copy';
              setOver(true);
            }}
            onDragLeave={() => setOver(false)}
            onDrop={(e) => {
              const kind = e.dataTransfer.getData(DRAG_MIME);
              setOver(false);
              if (!isNodeKind(kind) || !addable.has(kind)) return;
              e.preventDefault();
              e.stopPropagation();
              useUi.getState().set({ dragging: null });
              insertOnEdge(id, kind, at);
            }}
          >
            <button
              type="button"
              className="edge-insert__button"
              aria-label={insertLabel(data.names)}
              aria-expanded={menu}
              onClick={() => setMenu(!menu)}
            >
              +
            </button>
            {menu && (
              <div className="edge-insert__menu" role="menu">
                {kinds.map((k) => (
                  <button
                    type="button"
                    role="menuitem"
                    key={k}
                    onClick={() => {
                      setMenu(false);
                      insertOnEdge(id, k, at);
                    }}
                  >
                    <KindIcon kind={k} /> {nodeKinds[k].title}
                  </button>
                ))}
              </div>
            )}
          </div>
        </EdgeLabel>
      )}
    </>
  );
}

export const OutcomeEdgeComponent = memo(OutcomeEdgeView);
