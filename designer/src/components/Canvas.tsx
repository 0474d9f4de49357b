import {
  type Connection,
  Controls,
  type Edge,
  MarkerType,
  ReactFlow,
  type ReactFlowState,
  useReactFlow,
  useStore,
  type Viewport,
} from '@xyflow/react';
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { checkConnection } from '../flow/connect.ts';
import { FAR_ZOOM, LARGE_FLOW } from '../flow/detail.ts';
import type { StepNode } from '../flow/graph.ts';
import { DRAG_MIME, isNodeKind } from '../flow/kinds.ts';
import { type LinkEdge, linkEdges, sameLinks } from '../flow/links.ts';
import { type NamedOutcomeEdge, namedEdges, sameItems, withName } from '../flow/names.ts';
import { withEstimate } from '../flow/unmeasured.ts';
import { useAddStep } from '../hooks/useAddStep.ts';
import { useViewportLayer } from '../hooks/useViewportLayer.ts';
import { useEditor } from '../store/editor.ts';
import { useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';
import { ConnectHint } from './ConnectHint.tsx';
import { DotGrid } from './DotGrid.tsx';
import { FarEdges } from './FarEdges.tsx';
import { FlowMiniMap } from './FlowMiniMap.tsx';
import { LinkEdgeComponent } from './LinkEdge.tsx';
import { OutcomeEdgeComponent } from './OutcomeEdge.tsx';
import { StepNodeComponent } from './StepNode.tsx';

// Module level: a new object per render would re-mount every node.
const nodeTypes = { step: StepNodeComponent };
const edgeTypes = { outcome: OutcomeEdgeComponent, link: LinkEdgeComponent };
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 } };
const minimapColor = (n: StepNode) => (n.data.step.owner.team === 'sales' ? '#d97706' : '#4f46e5');
const multiSelect = ['Meta', 'Control', 'Shift'];
const noEdges: never[] = [];
const zoomedOutOf = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;

function isValidConnection(c: Connection | Edge): boolean {
  const s = useEditor.getState();
  return checkConnection({ nodes: s.nodes, edges: s.edges }, c, useSession.getState().permissions).ok;
}

const openInspector = () => useUi.getState().set({ panel: 'inspect' });
/** Clicking a step shows it in the inspector, except while a test lead runs (the log stays in view). */
const onNodeClick = () => {
  if (useUi.getState().panel !== 'simulate') openInspector();
};

function onConnect(c: Connection) {
  if (!isValidConnection(c) || !c.sourceHandle) return;
  useEditor
    .getState()
    .dispatch({ type: 'connect', source: c.source, outcome: c.sourceHandle, target: c.target });
}

/**
 * A big flow opens on its entry at a readable size, rather than as a speck; the minimap shows the rest.
 * `paneHeight` is the canvas's height; an entry not measured yet counts as a 60 px card.
 */
function openingViewport(
  nodes: StepNode[],
  paneHeight: number,
): { x: number; y: number; zoom: number } | null {
  if (nodes.length <= 12) return null;
  const entry = nodes.find((n) => n.data.step.kind === 'entry') ?? nodes[0];
  if (!entry) return null;
  const zoom = 0.65;
  const height = entry.measured?.height ?? 60;
  return {
    x: 40 - entry.position.x * zoom,
    y: paneHeight / 2 - (entry.position.y + height / 2) * zoom,
    zoom,
  };
}

/** The React Flow canvas: the store's nodes and edges, with drops from the palette. */
/**
 * Where the canvas was when it was left for another area (Leads, Tasks, Reports), and for which loaded
 * flow (`fitRequest` moves on whenever another flow is loaded): coming back shows the same view.
 */
let leftAt: { request: number; viewport: Viewport } | null = null;

export function Canvas() {
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const readOnly = useEditor((s) => s.readOnly);
  const fitRequest = useEditor((s) => s.fitRequest);
  const onNodesChange = useEditor((s) => s.onNodesChange);
  const onEdgesChange = useEditor((s) => s.onEdgesChange);
  const checkpoint = useEditor((s) => s.checkpoint);
  const { fitView, setViewport, getViewport } = useReactFlow();
  const named = useRef<NamedOutcomeEdge[]>([]);
  const links = useRef<LinkEdge[]>([]);
  const allEdges = useMemo(() => {
    const withNames = namedEdges(edges, nodes);
    if (!sameItems(withNames, named.current)) named.current = withNames;
    const next = linkEdges(nodes);
    if (!sameLinks(next, links.current)) links.current = next;
    return links.current.length ? [...named.current, ...links.current] : named.current;
  }, [nodes, edges]);
  const { addAt, screenToFlowPosition } = useAddStep();
  const large = nodes.length > LARGE_FLOW;
  // Large flows are culled: steps not measured yet carry an estimated size, so only those in view mount.
  // Every step is named for screen readers by its label.
  const shown = useMemo(() => nodes.map((n) => withName(large ? withEstimate(n) : n)), [nodes, large]);
  const zoomedOut = useStore(zoomedOutOf) && large;
  useViewportLayer();

  // React Flow mounts once the canvas has been laid out (just after the page's first paint), so a big flow
  // is drawn at its opening view from its first frame: no jump from the top-left corner to the entry.
  const section = useRef<HTMLElement>(null);
  const [opened, setOpened] = useState<{ request: number; viewport: Viewport | null } | null>(null);
  useEffect(() => {
    const height = section.current?.clientHeight ?? 0;
    const { nodes: now, fitRequest: request } = useEditor.getState();
    // Back from another area with the same flow: the canvas comes back where the user left it.
    const left = leftAt?.request === request ? leftAt.viewport : null;
    setOpened({ request, viewport: left ?? openingViewport(now, height) });
    return () => {
      leftAt = { request: useEditor.getState().fitRequest, viewport: getViewport() };
    };
  }, [getViewport]);

  useEffect(() => {
    // The flow the canvas opened with is already at its opening view.
    if (!opened || (opened.viewport && opened.request === fitRequest)) return;
    // Wait a frame so freshly loaded nodes are measured before fitting.
    const t = setTimeout(() => {
      const opening = openingViewport(useEditor.getState().nodes, section.current?.clientHeight ?? 0);
      if (opening) void setViewport(opening, { duration: 200 });
      else void fitView({ padding: 0.15, duration: 200, maxZoom: 1 });
    }, 80);
    return () => clearTimeout(t);
  }, [opened, fitRequest, fitView, setViewport]);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DRAG_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(DRAG_MIME);
      useUi.getState().set({ dragging: null });
      if (
        !isNodeKind(kind) ||
        useEditor.getState().readOnly ||
        !useSession.getState().permissions.addableKinds.has(kind)
      )
        return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      addAt(kind, { x: p.x - 132, y: p.y - 30 });
    },
    [addAt, screenToFlowPosition],
  );

  return (
    <section className="canvas" aria-label="Flow canvas" ref={section}>
      {opened && (
        <ReactFlow<StepNode, (typeof allEdges)[number]>
          {...(opened.viewport ? { defaultViewport: opened.viewport } : {})}
          nodes={shown}
          edges={zoomedOut ? noEdges : allEdges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          defaultEdgeOptions={defaultEdgeOptions}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          isValidConnection={isValidConnection}
          onNodeDragStart={checkpoint}
          onNodeClick={onNodeClick}
          onNodeDoubleClick={openInspector}
          onSelectionDragStart={checkpoint}
          onDrop={onDrop}
          onDragOver={onDragOver}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          deleteKeyCode={null}
          multiSelectionKeyCode={multiSelect}
          selectionKeyCode="Shift"
          className={zoomedOut ? 'canvas--far' : undefined}
          onlyRenderVisibleElements={large && !zoomedOut}
          // Tab goes through the steps, then the + on each connection (OutcomeEdge), and not through the
          // connections themselves. React Flow puts connections before steps in the page, so focusable
          // connections would all come first: a keyboard user would pass every connection of the flow
          // (usually more than its steps) before reaching a step. A connection needs no tab stop of its own:
          // it is made, re-pointed or removed from its step, with the inspector's outcome targets, and a step
          // is inserted on it with its +. Connections keep their names (by the steps' labels) for screen
          // readers reading the canvas.
          edgesFocusable={false}
          minZoom={0.05}
          maxZoom={2}
        >
          <DotGrid gap={24} />
          <FlowMiniMap nodeColor={minimapColor} ariaLabel="Mini map of the flow" />
          <Controls showInteractive={false} />
          <ConnectHint />
          {zoomedOut && <FarEdges edges={allEdges} />}
        </ReactFlow>
      )}
    </section>
  );
}
