import type { FlowDocument, FlowIssue } from '@tandem/schema';
import { create } from 'zustand';
import {
  ApiError,
  api,
  type FlowSummary,
  type MoveReport,
  type NodeStats,
  type Published,
  type VersionSummary,
} from '../api/client.ts';
import { confirmReplace, useConfirm } from './confirm.ts';
import { currentDocument, type Origin, useEditor } from './editor.ts';
import { useSession } from './session.ts';
import { useSimulation } from './simulation.ts';

export type Tone = 'info' | 'success' | 'error';

export interface RuntimeStore {
  status: 'unknown' | 'online' | 'offline';
  busy: boolean;
  message: { tone: Tone; text: string; issues?: FlowIssue[] } | null;
  flows: FlowSummary[];
  versions: VersionSummary[];
  /** The flow id `versions` belong to (the flow id can change while they load). */
  versionsFor: string | null;
  lastPublish: Published | null;
  /** Published version whose live counts are overlaid on the canvas. */
  statsTarget: { flowId: string; version: number } | null;
  stats: Record<string, NodeStats>;
  statsAt: number | null;
  /**
   * Leads in progress on the flow's other versions, counted (a dry run) against the version in view or the
   * latest: who could move to it at the step they are at, and who would stay and why. Null when there is
   * nothing to ask (not published, or a token that may not publish).
   */
  movable: MoveReport | null;
  refresh(): Promise<void>;
  /** Saves the draft; true when it was saved (false when it failed or the user chose not to overwrite). */
  save(): Promise<boolean>;
  publish(): Promise<boolean>;
  openDraft(flowId: string): Promise<void>;
  openVersion(flowId: string, version: number): Promise<void>;
  showStats(target: { flowId: string; version: number } | null): void;
  pollStats(): Promise<void>;
}

/** The panel's state after a runtime call failed: offline, signed out (the token dialog asks), or its words. */
export function failure(e: unknown): Partial<RuntimeStore> {
  const err = e instanceof ApiError ? e : new ApiError(String(e), 0, 'error');
  if (err.status === 401) {
    // The token dialog and the panel's status line say what to do; the runtime's own words would only repeat it.
    useSession.getState().expire();
    return { busy: false, status: 'online', message: null };
  }
  return {
    busy: false,
    ...(err.code === 'offline' ? { status: 'offline' as const } : { status: 'online' as const }),
    message: { tone: 'error', text: err.message, ...(err.issues.length ? { issues: err.issues } : {}) },
  };
}

/** Puts `doc` on the canvas in place of the current flow, leaving nothing of the old one behind. */
export function replaceFlow(doc: FlowDocument, origin: Origin = { type: 'local' }, readOnly = false): void {
  useSimulation.getState().stop();
  useRuntime.setState({
    statsTarget: null,
    stats: {},
    statsAt: null,
    lastPublish: null,
    message: null,
    movable: null,
  });
  useEditor.getState().load(doc, origin, readOnly);
}

/**
 * When saving or publishing `doc` would write over a flow on the runtime that was not opened here (a
 * playbook or import under an id already in use, or a changed flow id), asks first; true to go ahead.
 */
async function confirmOverwrite(doc: FlowDocument, action: 'save' | 'publish'): Promise<boolean> {
  const origin = useEditor.getState().origin;
  if (origin.type !== 'local' && origin.flowId === doc.id) return true;
  let existing: FlowSummary | undefined;
  try {
    existing = (await api.listFlows()).find((f) => f.id === doc.id);
  } catch {
    // Unreachable or signed out: the save itself will say so.
    return true;
  }
  if (!existing) return true;
  return useConfirm.getState().ask({
    title: 'A flow with this id is already on the runtime',
    message:
      action === 'save'
        ? `The runtime already has “${existing.name}” under the id “${doc.id}”, and you did not open it here. Saving replaces its draft with this flow. To keep both, cancel and change the flow id (click the canvas background to see the flow settings).`
        : `The runtime already has “${existing.name}” under the id “${doc.id}”, and you did not open it here. Publishing makes this flow its next version and replaces its draft. To keep both, cancel and change the flow id (click the canvas background to see the flow settings).`,
    confirmLabel: action === 'save' ? 'Replace its draft' : 'Publish over it',
    cancelLabel: 'Cancel',
  });
}

/** "1 lead", "12 leads". */
export const leads = (n: number) => `${n.toLocaleString('en')} lead${n === 1 ? '' : 's'}`;

/**
 * The dry run of moving the flow's leads to the version in view, or else `latest`; null when the token may
 * not move leads or there is nothing to count (a failure here only loses the offer, the rest of the panel
 * stands).
 */
async function countMovable(flowId: string, latest: number | undefined): Promise<MoveReport | null> {
  if (!useSession.getState().permissions.canPublish) return null;
  const origin = useEditor.getState().origin;
  const version = origin.type === 'version' && origin.flowId === flowId ? origin.version : latest;
  if (version === undefined) return null;
  try {
    const report = await api.moveLeads(flowId, version, true);
    return report.moved > 0 || report.stayed.length > 0 ? report : null;
  } catch {
    return null;
  }
}

/** Keeps each node's stats object when its numbers did not change, so only changed nodes re-render. */
function mergeStats(
  old: Record<string, NodeStats>,
  next: Record<string, NodeStats>,
): Record<string, NodeStats> {
  const out: Record<string, NodeStats> = {};
  for (const [id, s] of Object.entries(next)) {
    const prev = old[id];
    out[id] = prev && JSON.stringify(prev) === JSON.stringify(s) ? prev : s;
  }
  return out;
}

/** What the store holds before it has spoken to the runtime (tests start from it again). */
export const initialRuntimeState = {
  status: 'unknown',
  busy: false,
  message: null,
  flows: [],
  versions: [],
  versionsFor: null,
  lastPublish: null,
  statsTarget: null,
  stats: {},
  statsAt: null,
  movable: null,
} satisfies Partial<RuntimeStore>;

export const useRuntime = create<RuntimeStore>((set, get) => ({
  ...initialRuntimeState,

  refresh: async () => {
    const flowId = useEditor.getState().meta.id;
    const session = useSession.getState();
    // Not before the runtime has said who the token is (the app refreshes once it has): a token that may not
    // read flows (ingest) is not sent to ask, and the Runtime panel says what it can do instead.
    if (session.status === 'unknown') return;
    if (!session.permissions.canReadFlows) {
      set({ flows: [], versions: [], versionsFor: null });
      return;
    }
    try {
      const flows = await api.listFlows();
      const known = flows.some((f) => f.id === flowId && f.latestVersion !== null);
      const versions = known ? await api.listVersions(flowId) : [];
      const movable = versions.length > 1 ? await countMovable(flowId, versions.at(-1)?.version) : null;
      // Another flow was loaded (or the id edited) meanwhile: its own refresh brings its versions.
      if (useEditor.getState().meta.id !== flowId) {
        set({ status: 'online', flows });
        return;
      }
      set({ status: 'online', flows, versions, versionsFor: flowId, movable });
    } catch (e) {
      set({ ...failure(e), flows: [], versions: [], versionsFor: null, movable: null });
    }
  },
  save: async () => {
    const editor = useEditor.getState();
    if (editor.readOnly) return false;
    const doc = currentDocument(editor);
    if (!(await confirmOverwrite(doc, 'save'))) return false;
    set({ busy: true });
    try {
      const res = await api.saveDraft(doc);
      useEditor.setState({ origin: { type: 'draft', flowId: res.flow.id } });
      useEditor.getState().markSaved(editor.revision);
      const n = res.issues.length;
      set({
        busy: false,
        status: 'online',
        message: {
          tone: 'success',
          text: `Draft saved${n ? ` with ${n} issue${n === 1 ? '' : 's'} to fix before publishing` : ''}.`,
        },
      });
      await get().refresh();
      return true;
    } catch (e) {
      set(failure(e));
      return false;
    }
  },
  publish: async () => {
    const editor = useEditor.getState();
    const doc = currentDocument(editor);
    if (!editor.readOnly && !(await confirmOverwrite(doc, 'publish'))) return false;
    set({ busy: true });
    try {
      const published = await api.publish(doc);
      useEditor.setState({ origin: { type: 'draft', flowId: published.flowId } });
      useEditor.getState().markSaved(editor.revision);
      set({
        busy: false,
        status: 'online',
        lastPublish: published,
        message: {
          tone: 'success',
          text: published.unchanged
            ? `No changes since version ${published.version} of “${doc.name}”: nothing new to publish.`
            : `Published “${doc.name}” as version ${published.version}.`,
        },
        statsTarget: { flowId: published.flowId, version: published.version },
        stats: {},
      });
      await get().refresh();
      return true;
    } catch (e) {
      set(failure(e));
      return false;
    }
  },
  openDraft: async (flowId) => {
    if (!(await confirmReplace('Opening another draft'))) return;
    set({ busy: true });
    try {
      const res = await api.getDraft(flowId);
      replaceFlow(res.flow, { type: 'draft', flowId }, false);
      set({
        busy: false,
        message: { tone: 'info', text: `Opened the draft of “${res.flow.name}”.` },
        statsTarget: null,
        stats: {},
      });
      await get().refresh();
    } catch (e) {
      set(failure(e));
    }
  },
  openVersion: async (flowId, version) => {
    if (!(await confirmReplace(`Opening version ${version}`))) return;
    set({ busy: true });
    try {
      const res = await api.getVersion(flowId, version);
      replaceFlow(res.flow, { type: 'version', flowId, version }, true);
      set({
        busy: false,
        message: { tone: 'info', text: `Viewing version ${version} (read-only).` },
        statsTarget: { flowId, version },
        stats: {},
      });
      await get().refresh();
    } catch (e) {
      set(failure(e));
    }
  },
  showStats: (target) => set({ statsTarget: target, stats: {}, statsAt: null }),
  pollStats: async () => {
    const target = get().statsTarget;
    if (!target) return;
    try {
      const res = await api.stats(target.flowId, target.version);
      if (get().statsTarget !== target) return;
      set({ stats: mergeStats(get().stats, res.nodes), statsAt: Date.now(), status: 'online' });
    } catch (e) {
      set(failure(e));
    }
  },
}));
