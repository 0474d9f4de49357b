import type { FactValue, FlowDocument, MachineConfig, Stage } from '@tandem/schema';

/** A flow as the designer edits it: an optional draft, plus the number of its latest published version. */
export interface FlowRecord {
  id: string;
  name: string;
  draft: FlowDocument | null;
  draftUpdatedAt: number | null;
  latestVersion: number | null;
}

/** An immutable published version with its compiled machine. */
export interface FlowVersionRecord {
  flowId: string;
  version: number;
  name: string;
  doc: FlowDocument;
  machine: MachineConfig;
  publishedAt: number;
}

export interface LeadRecord {
  id: string;
  externalId: string | null;
  email: string | null;
  name: string | null;
  attributes: Record<string, FactValue>;
  bant: Record<string, FactValue>;
  score: number;
  stage: Stage;
  stageReason: string | null;
  recycleCount: number;
  owner: string | null;
  createdAt: number;
  updatedAt: number;
}

export type EnrollmentStatus = 'active' | 'completed' | 'exited' | 'removed';

/** What is stored of an XState snapshot: the lead facts are left out and refreshed before every step. */
export interface StoredSnapshot {
  value: unknown;
  context: Record<string, unknown>;
}

export interface EnrollmentRecord {
  id: string;
  leadId: string;
  flowId: string;
  version: number;
  status: EnrollmentStatus;
  snapshot: StoredSnapshot;
  activeNodes: string[];
  enteredAt: number;
  endedAt: number | null;
  endReason: string | null;
}

/** A delayed machine event (`xstate.after.*`), durable across restarts. */
export interface TimerRecord {
  id: number;
  enrollmentId: string;
  sendId: string;
  event: { type: string };
  nodeId: string;
  dueAt: number;
}

/** A due timer with its enrollment as it stood when the batch was read (null when the enrollment is gone). */
export interface DueTimer extends TimerRecord {
  enrollment: EnrollmentRecord | null;
}

/** A step that only moved an active enrollment's snapshot (status and end fields stay as they are). */
export type SnapshotMove = Pick<EnrollmentRecord, 'id' | 'leadId' | 'snapshot' | 'activeNodes'>;

export type TaskStatus = 'open' | 'claimed' | 'done' | 'expired' | 'cancelled';
export type TaskKind = 'call' | 'meeting' | 'handoff';

export interface TaskRecord {
  id: string;
  leadId: string;
  enrollmentId: string;
  flowId: string;
  version: number;
  nodeId: string;
  kind: TaskKind;
  queue: string;
  title: string;
  details: Record<string, unknown>;
  status: TaskStatus;
  assignee: string | null;
  outcome: string | null;
  reason: string | null;
  attempts: number;
  deadlineAt: number;
  createdAt: number;
  closedAt: number | null;
}

export type MessageStatus = 'pending' | 'sent' | 'dead';

/** A touch waiting to be delivered by a channel adapter; the key lets receivers drop duplicates. */
export interface OutboxRecord {
  id: string;
  idempotencyKey: string;
  leadId: string;
  enrollmentId: string | null;
  channel: string;
  payload: Record<string, unknown>;
  status: MessageStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  /** When its channel gave up on it (it became a dead letter); null unless dead, or dead before this was kept. */
  deadAt: number | null;
}

/** One line of a lead's shared record; `type` is an effect name or a runtime event such as `flowEntered`. */
export interface TimelineEntry {
  id: number;
  leadId: string;
  at: number;
  type: string;
  text: string;
  flowId: string | null;
  version: number | null;
  nodeId: string | null;
  data: Record<string, unknown>;
}

/**
 * A line of the same step folded after a row's own lines: an outcome line (with the "reached" line of the
 * step that follows, `next`), or a step line whose text the store can write again from its `type` and
 * `data` (a score change, an email sent).
 */
export type FoldPart =
  | { nodeId: string; outcome: string; next?: string }
  | { type: string; data: Record<string, unknown> };

/**
 * Lines stored folded into the line that carries this (see the SQLite timeline repo): on a `flowEntered`
 * line, the entry step's "reached" line and its outcome line (`nodeId`, `outcome`); on a `recordOutcome`
 * line, that line itself. `next`: the "reached" line of the step that follows. `rest`: the lines of the
 * same step after those, in order; `eventLine`: the lead event that caused the step, before them all.
 * Reads give back every line.
 */
export interface TimelineFold {
  nodeId: string;
  outcome: string;
  next?: string;
  rest?: FoldPart[];
  /** The lead event's line, in front of the row's own lines: what it holds besides its text. */
  eventLine?: FoldedEvent;
}

/** A lead event's line folded into the row of the step it caused (its text follows from type and data). */
export interface FoldedEvent {
  type: string;
  flowId: string | null;
  nodeId: string | null;
  data: Record<string, unknown>;
  /** When the event happened (the line's `event.at`). */
  at: number;
}

/**
 * A line to write. `event`: the line records a lead event (its type and when it happened), which
 * "did the lead do X within Y" rules read back; the line is the event's only record. Reads of the
 * timeline do not return it.
 */
export type NewTimelineEntry = Omit<TimelineEntry, 'id'> & {
  fold?: TimelineFold;
  event?: { type: string; at: number };
};

export interface TaskFilter {
  queue?: string | undefined;
  /** Any of these queues (a sales token limited to them); unset: every queue. */
  queues?: readonly string[] | undefined;
  status?: string | undefined;
  assignee?: string | undefined;
  leadId?: string | undefined;
}

export interface NodeCounts {
  current: Record<string, number>;
  entered: Record<string, number>;
  outcomes: Record<string, Record<string, number>>;
}

/**
 * A version's leads moved in from the flow's other versions and out to them (a lead moved twice counts in
 * each move), in all and per step they were at when moved.
 */
export interface VersionMoves {
  movedIn: number;
  movedOut: number;
  /** Per step: leads moved in while at it (in this version they arrived at it by the move). */
  movedInAt: Record<string, number>;
  /** Per step: leads moved out while at it (in this version they left it by the move). */
  movedOutAt: Record<string, number>;
}

export interface Waterfall {
  stages: Record<string, number>;
  /**
   * Per funnel stage (inquiry … customer): leads that ever got that far or further, by the furthest stage each
   * lead's stage changes or its stage now reached, recycled and disqualified leads included.
   */
  reached: Record<string, number>;
  recycled: Record<string, number>;
  disqualified: Record<string, number>;
}

export type Role = 'admin' | 'marketing' | 'sales' | 'ingest';

/** An API token as stored: the secret itself is never kept, only its SHA-256 hash. */
export interface TokenRecord {
  id: string;
  hash: string;
  /** The first characters of the secret, so people can tell their tokens apart. */
  prefix: string;
  name: string;
  role: Role;
  /** Sales tokens may be limited to task queues; null means every queue. */
  queues: string[] | null;
  createdAt: number;
  revokedAt: number | null;
  /** When a request last carried it, to the minute (null: never used). */
  lastUsedAt: number | null;
}
