import type { FlowIssue } from '@tandem/schema';
import { create } from 'zustand';
import {
  ApiError,
  api,
  type FlowSummary,
  type NodeStats,
  type Published,
  type VersionSummary,
} from '../api/client.ts';
import { currentDocument, useEditor } from './editor.ts';
import { useSession } from './session.ts';

export type Tone = 'info' | 'success' | 'error';

export interface RuntimeStore {
  status: 'unknown' | 'online' | 'offline';
  busy: boolean;
  message: { tone: Tone; text: string; issues?: FlowIssue[] } | null;
  flows: FlowSummary[];
  versions: VersionSummary[];
  lastPublish: Published | null;
  /** Published version whose live counts are overlaid on the canvas. */
  statsTarget: { flowId: string; version: number } | null;
  stats: Record<string, NodeStats>;
  statsAt: number | null;
  refresh(): Promise<void>;
  save(): Promise<void>;
  publish(): Promise<void>;
  openDraft(flowId: string): Promise<void>;
  openVersion(flowId: string, version: number): Promise<void>;
  showStats(target: { flowId: string; version: number } | null): void;
  pollStats(): Promise<void>;
}

function failure(e: unknown): Partial<RuntimeStore> {
  const err = e instanceof ApiError ? e : new ApiError(String(e), 0, 'error');
  if (err.status === 401) useSession.getState().expire();
  return {
    busy: false,
    ...(err.code === 'offline' ? { status: 'offline' as const } : { status: 'online' as const }),
    message: { tone: 'error', text: err.message, ...(err.issues.length ? { issues: err.issues } : {}) },
  };
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

export const useRuntime = create<RuntimeStore>((set, get) => ({
  status: 'unknown',
  busy: false,
  message: null,
  flows: [],
  versions: [],
  lastPublish: null,
  statsTarget: null,
  stats: {},
  statsAt: null,

  refresh: async () => {
    const flowId = useEditor.getState().meta.id;
    try {
      const flows = await api.listFlows();
      const known = flows.some((f) => f.id === flowId && f.latestVersion !== null);
      const versions = known ? await api.listVersions(flowId) : [];
      set({ status: 'online', flows, versions });
    } catch (e) {
      set({ ...failure(e), flows: [], versions: [] });
    }
  },
  save: async () => {
    const editor = useEditor.getState();
    if (editor.readOnly) return;
    set({ busy: true });
    try {
      const res = await api.saveDraft(currentDocument(editor));
      useEditor.setState({ origin: { type: 'draft', flowId: res.flow.id } });
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
    } catch (e) {
      set(failure(e));
    }
  },
  publish: async () => {
    const editor = useEditor.getState();
    set({ busy: true });
    try {
      const doc = currentDocument(editor);
      const published = await api.publish(doc);
      useEditor.setState({ origin: { type: 'draft', flowId: published.flowId } });
      set({
        busy: false,
        status: 'online',
        lastPublish: published,
        message: { tone: 'success', text: `Published “${doc.name}” as version ${published.version}.` },
        statsTarget: { flowId: published.flowId, version: published.version },
        stats: {},
      });
      await get().refresh();
    } catch (e) {
      set(failure(e));
    }
  },
  openDraft: async (flowId) => {
    set({ busy: true });
    try {
      const res = await api.getDraft(flowId);
      useEditor.getState().load(res.flow, { type: 'draft', flowId }, false);
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
    set({ busy: true });
    try {
      const res = await api.getVersion(flowId, version);
      useEditor.getState().load(res.flow, { type: 'version', flowId, version }, true);
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
