import type { FlowDocument } from '@tandem/schema';
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { create } from 'zustand';
import { type Clip, copySelection, pasteClip } from '../flow/clipboard.ts';
import { LARGE_FLOW } from '../flow/detail.ts';
import { applyEdit, type Edit } from '../flow/edits.ts';
import {
  type FlowMeta,
  fromDocument,
  type Graph,
  type OutcomeEdge,
  type StepNode,
  toDocument,
} from '../flow/graph.ts';
import { autoLayout } from '../flow/layout.ts';
import { mayChange } from '../flow/permissions.ts';
import { emptyHistory, type History, record, redo, undo } from './history.ts';
import { useSession } from './session.ts';

interface Snapshot {
  meta: FlowMeta;
  graph: Graph;
}

/** Where the flow on the canvas came from, which decides what saving and publishing do. */
export type Origin =
  | { type: 'local' }
  | { type: 'draft'; flowId: string }
  | { type: 'version'; flowId: string; version: number };

export interface EditorState {
  meta: FlowMeta;
  nodes: StepNode[];
  edges: OutcomeEdge[];
  history: History<Snapshot>;
  clipboard: Clip | null;
  origin: Origin;
  /** Published versions open read-only. */
  readOnly: boolean;
  /** Bumped by every edit a user makes, so savers can tell whether there is something new. */
  revision: number;
  /** The revision last loaded, saved or published: anything newer is unsaved work. */
  savedRevision: number;
  /** Bumped when a whole flow is loaded or laid out, so the canvas fits it to the view. */
  fitRequest: number;
  /** Applies an edit; edits with the same `coalesce` key in quick succession (typing) undo as one. */
  dispatch(edit: Edit, coalesce?: string): void;
  onNodesChange(changes: NodeChange<StepNode>[]): void;
  /** Only selection: connections change through edits, and link edges are not the store's. */
  onEdgesChange(changes: EdgeChange<OutcomeEdge | Edge>[]): void;
  /** Records the current state for undo before a gesture that changes it continuously (a drag). */
  checkpoint(): void;
  undo(): void;
  redo(): void;
  load(doc: FlowDocument, origin?: Origin, readOnly?: boolean): void;
  setMeta(patch: Partial<FlowMeta>): void;
  /** Records that the flow as it was at `revision` is now kept on the runtime. */
  markSaved(revision: number): void;
  /** Copies the selected steps (and returns them, for the system clipboard); null when none is selected. */
  copy(): Clip | null;
  /**
   * Pastes `clip` (steps from the system clipboard) or else the last steps copied in this tab; only the steps
   * the signed-in role may add (sales: calls and meetings).
   */
  paste(clip?: Clip): void;
  /** Duplicates the selected steps the role may add. */
  duplicate(): void;
  /** Deletes the selected steps (and connections) the role may change; a sales token leaves marketing's. */
  removeSelected(): void;
  layout(): void;
  selectOnly(nodeIds: string[]): void;
}

const graphOf = (s: EditorState): Graph => ({ nodes: s.nodes, edges: s.edges });
const snapshotOf = (s: EditorState): Snapshot => ({ meta: s.meta, graph: graphOf(s) });

/** The flow document currently on the canvas. */
export function currentDocument(s: Pick<EditorState, 'meta' | 'nodes' | 'edges'>): FlowDocument {
  return toDocument(s.meta, { nodes: s.nodes, edges: s.edges });
}

export function selectedNodeIds(s: Pick<EditorState, 'nodes'>): string[] {
  return s.nodes.filter((n) => n.selected).map((n) => n.id);
}

/** Whether the signed-in role may change, delete or copy this step (sales: its calls and meetings only). */
export function canChangeStep(n: StepNode): boolean {
  return mayChange(useSession.getState().permissions, n.data.step.kind);
}

/** The part of `clip` the signed-in role may add: its steps of allowed kinds and the connections between them. */
function allowedClip(clip: Clip | null): Clip | null {
  if (!clip) return null;
  const nodes = clip.nodes.filter(canChangeStep);
  if (nodes.length === 0) return null;
  if (nodes.length === clip.nodes.length) return clip;
  const ids = new Set(nodes.map((n) => n.id));
  return { nodes, edges: clip.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
}

function prepare(doc: FlowDocument): Snapshot {
  const { meta, graph } = fromDocument(doc);
  if (doc.nodes.some((n) => !n.position)) {
    const positions = autoLayout(graph);
    return { meta, graph: applyEdit(graph, { type: 'move', positions }) };
  }
  return { meta, graph };
}

/**
 * `next` with the sizes the canvas measured for steps of the same id in `prev`, on large flows. A size belongs
 * to the card on screen, not to history or to a file: a step brought back by undo, or loaded again (another
 * version of the flow), would otherwise go back to its estimated size (flow/unmeasured.ts, large flows only),
 * which React Flow would not measure again while the card stays the same. A card whose size changes is
 * measured again.
 */
function keepSizes(prev: StepNode[], next: StepNode[]): StepNode[] {
  if (next.length <= LARGE_FLOW) return next;
  const sizes = new Map(prev.map((n) => [n.id, n.measured]));
  return next.map((n) => {
    const measured = sizes.get(n.id);
    return n.measured || !measured ? n : { ...n, measured };
  });
}

export const useEditor = create<EditorState>((set, get) => {
  /** Applies a user's change: recorded for undo, refused on read-only versions. */
  let lastCoalesce: { key: string; at: number } | null = null;
  const change = (next: (s: EditorState) => Partial<Snapshot> | null, coalesce?: string) => {
    const s = get();
    if (s.readOnly) return;
    const result = next(s);
    if (!result) return;
    const graph = result.graph ?? graphOf(s);
    const now = Date.now();
    const merge = coalesce !== undefined && lastCoalesce?.key === coalesce && now - lastCoalesce.at < 1500;
    lastCoalesce = coalesce === undefined ? null : { key: coalesce, at: now };
    set({
      meta: result.meta ?? s.meta,
      nodes: graph.nodes,
      edges: graph.edges,
      history: merge ? s.history : record(s.history, snapshotOf(s)),
      revision: s.revision + 1,
    });
  };
  const restore = (r: { history: History<Snapshot>; value: Snapshot } | null) => {
    if (!r) return;
    set((s) => ({
      ...r.value.graph,
      nodes: keepSizes(s.nodes, r.value.graph.nodes),
      meta: r.value.meta,
      history: r.history,
      revision: s.revision + 1,
    }));
  };

  const empty = prepare({
    schemaVersion: 1,
    id: 'untitled',
    name: 'Untitled flow',
    entry: { trigger: { type: 'manual' }, reentry: { policy: 'never' } },
    nodes: [],
    edges: [],
  });
  return {
    meta: empty.meta,
    ...empty.graph,
    history: emptyHistory(),
    clipboard: null,
    origin: { type: 'local' },
    readOnly: false,
    revision: 0,
    savedRevision: 0,
    fitRequest: 0,

    dispatch: (edit, coalesce) => change((s) => ({ graph: applyEdit(graphOf(s), edit) }), coalesce),
    onNodesChange: (changes) => {
      const s = get();
      // Read-only versions still let the user select steps to look at them.
      const allowed = s.readOnly
        ? changes.filter((c) => c.type === 'select' || c.type === 'dimensions')
        : changes;
      if (allowed.length) set({ nodes: applyNodeChanges(allowed, s.nodes) });
      if (allowed.some((c) => c.type === 'position' && !c.dragging)) set({ revision: get().revision + 1 });
    },
    onEdgesChange: (changes) => {
      const allowed = changes.filter((c): c is EdgeChange<OutcomeEdge> => c.type === 'select');
      if (allowed.length) set({ edges: applyEdgeChanges(allowed, get().edges) });
    },
    checkpoint: () => {
      if (!get().readOnly) set((s) => ({ history: record(s.history, snapshotOf(s)) }));
    },
    undo: () => restore(undo(get().history, snapshotOf(get()))),
    redo: () => restore(redo(get().history, snapshotOf(get()))),
    load: (doc, origin = { type: 'local' }, readOnly = false) => {
      const snap = prepare(doc);
      set((s) => ({
        meta: snap.meta,
        ...snap.graph,
        nodes: keepSizes(s.nodes, snap.graph.nodes),
        origin,
        readOnly,
        history: emptyHistory(),
        revision: s.revision + 1,
        savedRevision: s.revision + 1,
        fitRequest: s.fitRequest + 1,
      }));
    },
    markSaved: (revision) => set({ savedRevision: revision }),
    setMeta: (patch) =>
      change((s) => ({ meta: { ...s.meta, ...patch } }), `meta:${Object.keys(patch).join(',')}`),
    copy: () => {
      const s = get();
      const clip = copySelection(graphOf(s), selectedNodeIds(s));
      if (clip) set({ clipboard: clip });
      return clip;
    },
    paste: (from) => {
      const clip = allowedClip(from ?? get().clipboard);
      if (!clip) return;
      change((s) => {
        const pasted = pasteClip(graphOf(s), clip);
        // Paste again lands further along, not on top of the previous paste.
        set({ clipboard: pasted });
        return { graph: applyEdit(graphOf(s), { type: 'paste', ...pasted }) };
      });
    },
    duplicate: () =>
      change((s) => {
        const clip = allowedClip(copySelection(graphOf(s), selectedNodeIds(s)));
        if (!clip) return null;
        return { graph: applyEdit(graphOf(s), { type: 'paste', ...pasteClip(graphOf(s), clip) }) };
      }),
    removeSelected: () =>
      change((s) => {
        const changeable = new Set(s.nodes.filter(canChangeStep).map((n) => n.id));
        const nodeIds = selectedNodeIds(s).filter((id) => changeable.has(id));
        // A connection is the role's to remove when it touches a step the role may change.
        const edgeIds = s.edges
          .filter((e) => e.selected && (changeable.has(e.source) || changeable.has(e.target)))
          .map((e) => e.id);
        if (!nodeIds.length && !edgeIds.length) return null;
        return { graph: applyEdit(graphOf(s), { type: 'remove', nodeIds, edgeIds }) };
      }),
    layout: () => {
      change((s) => ({ graph: applyEdit(graphOf(s), { type: 'move', positions: autoLayout(graphOf(s)) }) }));
      set((s) => ({ fitRequest: s.fitRequest + 1 }));
    },
    selectOnly: (nodeIds) => set((s) => applyEdit(graphOf(s), { type: 'select', nodeIds })),
  };
});
