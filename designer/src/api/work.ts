import type { FlowDocument } from '@tandem/schema';
import { api, call } from './client.ts';

/** The runtime's leads and sales tasks, as the Leads and Tasks areas read and work them. */

export interface Enrollment {
  id: string;
  leadId: string;
  flowId: string;
  version: number;
  status: 'active' | 'completed' | 'exited' | 'removed';
  /** The steps the lead is at (several on parallel tracks). */
  activeNodes: string[];
  enteredAt: string;
  endedAt: string | null;
  endReason: string | null;
}

export interface Lead {
  id: string;
  externalId: string | null;
  email: string | null;
  name: string | null;
  attributes: Record<string, unknown>;
  bant: Record<string, unknown>;
  score: number;
  stage: string;
  stageReason: string | null;
  recycleCount: number;
  owner: string | null;
  createdAt: string;
  updatedAt: string;
  enrollments: Enrollment[];
}

/** What adding sample leads did: who was added, how many events they sent, and what they entered. */
export interface SampleLeads {
  leads: { id: string; externalId: string; name: string }[];
  events: number;
  enrolled: Record<string, number>;
}

/** One line of a lead's shared record: a touch, a response, a decision or a change. */
export interface TimelineEntry {
  id: number;
  leadId: string;
  at: string;
  type: string;
  text: string;
  flowId: string | null;
  version: number | null;
  nodeId: string | null;
  data: Record<string, unknown>;
}

export type TaskStatus = 'open' | 'claimed' | 'done' | 'expired' | 'cancelled';

export interface Task {
  id: string;
  leadId: string;
  flowId: string;
  version: number;
  nodeId: string;
  kind: 'call' | 'meeting' | 'handoff';
  queue: string;
  title: string;
  details: Record<string, unknown>;
  status: TaskStatus;
  assignee: string | null;
  outcome: string | null;
  reason: string | null;
  attempts: number;
  deadlineAt: string;
  overdue: boolean;
  createdAt: string;
  closedAt: string | null;
}

/** A task as the inbox lists it: with its lead's name and email. */
export interface TaskListItem extends Task {
  leadName: string | null;
  leadEmail: string | null;
  leadExternalId: string | null;
}

/** A task with what the rep needs to work it: the lead, its touch history, the agenda and the outcomes. */
export interface TaskDetail extends Task {
  lead: Lead;
  /** Oldest first. */
  history: TimelineEntry[];
  agenda: string[] | null;
  outcomes: { id: string; label: string }[];
}

export interface TaskFilter {
  queue?: string | undefined;
  status?: TaskStatus | undefined;
  assignee?: string | undefined;
  leadId?: string | undefined;
}

/** The runtime answers at most this many tasks per request, open and claimed ones first. */
export const taskListLimit = 500;

const enc = encodeURIComponent;

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// Published versions never change, so each is asked for once per page.
const versions = new Map<string, Promise<FlowDocument | null>>();

export const work = {
  /** Leads matching `search` (part of a name, email or external id, or a whole id); without one, the most recently changed. */
  searchLeads: (search: string, limit = 50) =>
    call<Lead[]>(`/leads${query({ search: search.trim(), limit: String(limit) })}`),
  lead: (id: string) => call<Lead>(`/leads/${enc(id)}`),
  /** Enrolls a lead in a flow's latest published version (the flow's re-entry policy may refuse: 409). */
  enroll: (flowId: string, leadId: string) =>
    call<Enrollment>(`/flows/${enc(flowId)}/enrollments`, { method: 'POST', body: { leadId } }),
  /** Adds made-up leads (marked `sample`) that enter the example flows, to try the product with. */
  addSampleLeads: (count: number) =>
    call<SampleLeads>('/admin/sample-leads', { method: 'POST', body: { count } }),
  /** Takes a lead out of a flow: its timers and open tasks end; its timeline keeps what happened. */
  unenroll: (flowId: string, leadId: string) =>
    call<Enrollment>(`/flows/${enc(flowId)}/enrollments/${enc(leadId)}`, { method: 'DELETE' }),
  /** The leads at a step of a published version now, most recently changed first. */
  leadsAtStep: (at: { flowId: string; version: number; nodeId: string }, limit = 100) =>
    call<Lead[]>(
      `/leads${query({ flowId: at.flowId, atStep: at.nodeId, version: String(at.version), limit: String(limit) })}`,
    ),
  /** Oldest first, as the runtime keeps it. */
  timeline: (id: string) => call<TimelineEntry[]>(`/leads/${enc(id)}/timeline`),
  /** Open and claimed first, then closed ones, each by deadline. */
  tasks: (filter: TaskFilter = {}) => call<TaskListItem[]>(`/tasks${query({ ...filter })}`),
  task: (id: string) => call<TaskDetail>(`/tasks/${enc(id)}`),
  claim: (id: string, assignee: string) =>
    call<Task>(`/tasks/${enc(id)}/claim`, { method: 'POST', body: { assignee } }),
  release: (id: string, by: string) =>
    call<Task>(`/tasks/${enc(id)}/release`, { method: 'POST', body: { by } }),
  attempt: (id: string, note: string) =>
    call<Task>(`/tasks/${enc(id)}/attempt`, {
      method: 'POST',
      body: note.trim() ? { note: note.trim() } : {},
    }),
  complete: (id: string, input: { outcome: string; reason?: string; assignee?: string }) =>
    call<Task>(`/tasks/${enc(id)}/complete`, { method: 'POST', body: input }),
  /**
   * A published flow version's document (for step labels and owners), or null when it cannot be read: the
   * pages then show ids instead of labels rather than failing.
   */
  flowVersion: (flowId: string, version: number): Promise<FlowDocument | null> => {
    const key = `${flowId}@${version}`;
    let known = versions.get(key);
    if (!known) {
      known = api.getVersion(flowId, version).then(
        (v) => v.flow,
        () => {
          versions.delete(key);
          return null;
        },
      );
      versions.set(key, known);
    }
    return known;
  },
};

/** Forgets the flow versions read so far (tests start each from an empty page). */
export function forgetFlowVersions(): void {
  versions.clear();
}
