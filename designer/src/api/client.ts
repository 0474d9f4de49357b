import type { FlowDocument, FlowIssue } from '@tandem/schema';
import type { Role } from '../flow/permissions.ts';
import { storedToken } from './token.ts';

/** The runtime's API, as the designer uses it. Every call rejects with an `ApiError`. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly issues: FlowIssue[] = [],
  ) {
    super(message);
  }
}

export interface FlowSummary {
  id: string;
  name: string;
  hasDraft: boolean;
  draftUpdatedAt: string | null;
  latestVersion: number | null;
}
export interface VersionSummary {
  version: number;
  publishedAt: string;
  name: string;
}
export interface NodeStats {
  current: number;
  /** Arrivals at the step in this version, leads moved in while at it included. */
  entered: number;
  outcomes: Record<string, number>;
  /** Leads moved in from another version while at the step. */
  movedIn: number;
  /** Leads moved to another version while at the step (they left it by the move). */
  movedOut: number;
}
/**
 * A version's leads by status: in it now, and how the others ended (a moved lead counts by its status in
 * the version it was moved to); then the leads moved in from other versions and out to them.
 */
export interface LeadsByStatus {
  active: number;
  completed: number;
  exited: number;
  removed: number;
  movedIn: number;
  movedOut: number;
}
export interface Me {
  role: Role;
  name: string;
  queues?: string[] | null;
}
export interface Published {
  flowId: string;
  version: number;
  publishedAt: string;
  /** The document was the latest version's: no new version was made. */
  unchanged?: boolean;
}

/** "Send the leads on `version` kept at its step `from` to step `to` of the version they move to." */
export interface MoveMapEntry {
  version: number;
  from: string;
  to: string;
}

/** Who moved (or would move) to a version, and who stays on theirs and why (grouped). */
export interface MoveReport {
  flowId: string;
  version: number;
  dryRun: boolean;
  /** Leads moved, those sent to a chosen step by the map included. */
  moved: number;
  movedFrom: Record<string, number>;
  /** Per map entry, in the order sent: the leads it sends to its step (0 when none is kept there). */
  mapped: {
    version: number;
    from: string;
    fromLabel: string;
    to: string;
    toLabel: string;
    count: number;
  }[];
  /** Leads that stay on their version; a group with a step (`nodeId`) can be sent elsewhere by a map entry. */
  stayed: { version: number; nodeId: string | null; label: string | null; reason: string; count: number }[];
  /** The version's steps a map entry may send leads to (not goals, exits or steps inside side-by-side tracks). */
  targets: { nodeId: string; label: string }[];
}

function headers(json: boolean): Record<string, string> {
  const token = storedToken();
  return {
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
}

export async function call<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: init?.method ?? 'GET',
      headers: headers(init?.body !== undefined),
      ...(init?.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch {
    throw new ApiError(
      'The runtime is not reachable. You can keep editing, checking and simulating locally.',
      0,
      'offline',
    );
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // A proxy error page or an old server: reported below with the status.
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; issues?: FlowIssue[] } } | null)?.error;
    const offline = res.status === 502 || res.status === 503 || res.status === 504;
    throw new ApiError(
      err?.message ?? (offline ? 'The runtime is not reachable.' : `The runtime answered ${res.status}.`),
      res.status,
      err?.code ?? (offline ? 'offline' : 'http_error'),
      err?.issues ?? [],
    );
  }
  return json as T;
}

const enc = encodeURIComponent;

export const api = {
  health: () => call<unknown>('/health'),
  me: () => call<Me>('/me'),
  listFlows: () => call<FlowSummary[]>('/flows'),
  getDraft: (id: string) =>
    call<{ flow: FlowDocument; issues: FlowIssue[]; updatedAt: string }>(`/flows/${enc(id)}/draft`),
  saveDraft: (doc: FlowDocument) =>
    call<{ flow: FlowDocument; issues: FlowIssue[] }>(`/flows/${enc(doc.id)}/draft`, {
      method: 'PUT',
      body: doc,
    }),
  publish: (doc: FlowDocument) =>
    call<Published>(`/flows/${enc(doc.id)}/publish`, { method: 'POST', body: doc }),
  listVersions: (id: string) => call<VersionSummary[]>(`/flows/${enc(id)}/versions`),
  getVersion: (id: string, version: number) =>
    call<Published & { flow: FlowDocument }>(`/flows/${enc(id)}/versions/${version}`),
  /**
   * Moves leads in progress on the flow's other versions to `version` (or only counts them: `dryRun`);
   * `map` sends leads that would stay to steps of `version` chosen for them.
   */
  moveLeads: (id: string, version: number, dryRun: boolean, map: MoveMapEntry[] = []) =>
    call<MoveReport>(`/flows/${enc(id)}/versions/${version}/move-leads`, {
      method: 'POST',
      body: { dryRun, ...(map.length ? { map } : {}) },
    }),
  stats: (id: string, version: number) =>
    call<{ nodes: Record<string, NodeStats>; leads: LeadsByStatus }>(
      `/flows/${enc(id)}/versions/${version}/stats`,
    ),
};
