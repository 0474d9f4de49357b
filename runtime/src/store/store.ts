import type {
  DueTimer,
  EnrollmentRecord,
  EnrollmentStatus,
  FlowRecord,
  FlowVersionRecord,
  LeadRecord,
  MessageStatus,
  NewTimelineEntry,
  NodeCounts,
  OutboxRecord,
  SnapshotMove,
  TaskFilter,
  TaskRecord,
  TimelineEntry,
  TimerRecord,
  TokenRecord,
  VersionMoves,
  Waterfall,
} from './records.ts';
import type { WriteHealth } from './write-health.ts';

/** Drafts and immutable published versions. */
export interface FlowRepo {
  getFlow(id: string): Promise<FlowRecord | null>;
  listFlows(): Promise<FlowRecord[]>;
  saveDraft(flow: { id: string; name: string; draft: FlowRecord['draft']; at: number }): Promise<void>;
  getVersion(flowId: string, version: number): Promise<FlowVersionRecord | null>;
  latestVersion(flowId: string): Promise<FlowVersionRecord | null>;
  listVersions(flowId: string): Promise<FlowVersionRecord[]>;
  /** The latest version of every published flow. */
  latestVersions(): Promise<FlowVersionRecord[]>;
  insertVersion(version: FlowVersionRecord): Promise<void>;
}

export interface LeadRepo {
  getLead(id: string): Promise<LeadRecord | null>;
  /**
   * Reads many leads with their enrollments in a few queries, ahead of the `getLead` calls that follow
   * (bulk enrollment): each then finds its lead without a query of its own. Unknown ids are skipped.
   */
  loadLeads(ids: readonly string[]): Promise<void>;
  findLead(key: { externalId?: string | undefined; email?: string | undefined }): Promise<LeadRecord | null>;
  searchLeads(query: string, limit: number): Promise<LeadRecord[]>;
  /** Leads in a flow now whose active steps include `nodeId` (of one version, when given), most recently changed first. */
  leadsAtStep(
    at: { flowId: string; nodeId: string; version?: number | undefined },
    limit: number,
  ): Promise<LeadRecord[]>;
  saveLead(lead: LeadRecord): Promise<void>;
  /**
   * The lead's latest events, oldest first, for "did the lead do X within Y" rules: the timeline lines
   * written with an `event` (see `addTimeline`), in the order they were written.
   */
  recentLeadEvents(leadId: string, limit: number): Promise<{ type: string; at: number }[]>;
  /** Records an incoming event id; false when it was seen before (the event is then not applied again). */
  claimEventId(id: string, leadId: string, type: string, at: number): Promise<boolean>;
}

export interface EnrollmentRepo {
  getEnrollment(id: string): Promise<EnrollmentRecord | null>;
  activeEnrollment(leadId: string, flowId: string): Promise<EnrollmentRecord | null>;
  /** Every enrollment of a lead in a flow, newest first: re-entry policies look at them. */
  enrollmentHistory(leadId: string, flowId: string): Promise<EnrollmentRecord[]>;
  leadEnrollments(leadId: string): Promise<EnrollmentRecord[]>;
  saveEnrollment(enrollment: EnrollmentRecord): Promise<void>;
  /**
   * Moves the snapshots of many active enrollments in one write (a batch of timer steps). Items that
   * share their snapshot and active-step objects are written together.
   */
  moveSnapshots(moves: SnapshotMove[]): Promise<void>;
  /**
   * Active enrollments of a flow on versions other than `version` (only those in `from` when given), by id
   * after `afterId`: a page of the leads a move to `version` looks at.
   */
  activeEnrollmentsOf(
    flowId: string,
    page: { version: number; from?: readonly number[] | undefined; afterId: string; limit: number },
  ): Promise<EnrollmentRecord[]>;
  /** A version's enrollments by status: leads in it now, and how the others ended. */
  enrollmentCounts(flowId: string, version: number): Promise<Record<EnrollmentStatus, number>>;
  /** Points an active enrollment at another version of its flow (its snapshot stays as it is). */
  setEnrollmentVersion(enrollment: EnrollmentRecord, version: number): Promise<void>;
}

/** Durable timers, sales tasks and the outbox: the work the runtime owes. */
export interface WorkRepo {
  /**
   * Adds a timer, or sets it again (per enrollment and send id). `rearm`: the timer is most likely set
   * already (a step was left and entered again), so a later time is recorded in place first.
   */
  addTimer(timer: Omit<TimerRecord, 'id'>, options?: { rearm?: boolean }): Promise<void>;
  cancelTimer(enrollmentId: string, sendId: string): Promise<void>;
  cancelTimersOf(enrollmentId: string): Promise<void>;
  /**
   * Due timers, oldest first, each with its enrollment read in the same query. Inside a transaction, a
   * timer set again for later than its place in the due order is moved to its time first, not returned.
   */
  dueTimers(now: number, limit: number): Promise<DueTimer[]>;
  /** Deletes the timer and says whether it was still there, so a timer fires exactly once. */
  takeTimer(id: number): Promise<boolean>;
  /** Deletes several timers; returns how many were still there. */
  takeTimers(ids: number[]): Promise<number>;
  /** Adds (or replaces, per enrollment and send id) several timers in one write. */
  addTimers(timers: Omit<TimerRecord, 'id'>[]): Promise<void>;
  /** When the scheduler must next look at the timers: the earliest timer, or a timer's place before it was set later. */
  nextTimerDue(): Promise<number | null>;
  timersOf(enrollmentId: string): Promise<TimerRecord[]>;
  saveTask(task: TaskRecord): Promise<void>;
  getTask(id: string): Promise<TaskRecord | null>;
  listTasks(filter: TaskFilter): Promise<TaskRecord[]>;
  openTasksOf(enrollmentId: string, nodeId?: string): Promise<TaskRecord[]>;
  saveMessage(message: OutboxRecord): Promise<void>;
  /** At most 500 messages, oldest first; dead letters alone (`status: 'dead'`) the latest dead first. */
  listOutbox(filter: {
    status?: string | undefined;
    channel?: string | undefined;
    leadId?: string | undefined;
  }): Promise<OutboxRecord[]>;
  dueMessages(now: number, limit: number): Promise<OutboxRecord[]>;
  /** Messages per channel and status, all of them (the list answers at most 500). */
  outboxCounts(): Promise<{ channel: string; status: MessageStatus; count: number }[]>;
  /** When the next pending message is due for its (next) attempt; null when none is pending. */
  nextMessageDue(): Promise<number | null>;
}

export interface TimelineRepo {
  addTimeline(entry: NewTimelineEntry): Promise<void>;
  /** Several lines in order, in one write (lines without `entryStep`). */
  addTimelines(entries: NewTimelineEntry[]): Promise<void>;
  timeline(leadId: string): Promise<TimelineEntry[]>;
  nodeCounts(flowId: string, version: number): Promise<NodeCounts>;
  /** Leads moved into and out of a version, by its flow's "moved to version" lines. */
  versionMoves(flowId: string, version: number): Promise<VersionMoves>;
  waterfall(): Promise<Waterfall>;
}

/** Small pieces of runtime state kept across restarts. */
export interface SettingsRepo {
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
}

/** API tokens, replay protection for inbound webhooks and replaying dead letters. */
export interface AccessRepo {
  insertToken(token: TokenRecord): Promise<void>;
  /** An active (not revoked) token by the hash of its secret. */
  tokenByHash(hash: string): Promise<TokenRecord | null>;
  listTokens(): Promise<TokenRecord[]>;
  revokeToken(id: string, at: number): Promise<void>;
  /** Records that a request carried the token. */
  touchToken(id: string, at: number): Promise<void>;
  /** Remembers an accepted webhook signature; false when it was seen before (a replay). */
  rememberWebhook(signature: string, at: number, forgetBefore: number): Promise<boolean>;
  getMessage(id: string): Promise<OutboxRecord | null>;
  /** Dead letters back to pending with fresh attempts, due at `now`; returns the ids requeued. */
  requeueDead(
    filter: { id?: string | undefined; channel?: string | undefined },
    now: number,
  ): Promise<string[]>;
}

/** Nested all-or-nothing work inside a transaction, so one failing item of a batch does not undo the others. */
export interface Savepoints {
  savepoint<T>(work: () => Promise<T>): Promise<T>;
}

/** Everything the runtime reads and writes; one implementation per database. */
export interface StoreTx
  extends FlowRepo,
    LeadRepo,
    EnrollmentRepo,
    WorkRepo,
    TimelineRepo,
    SettingsRepo,
    AccessRepo,
    Savepoints {}

/**
 * Storage behind one interface. Every change happens in `transaction`: all or nothing. The methods are
 * async so that a PostgreSQL store, shared by several runtime processes, can implement the same contract.
 */
export interface Store {
  readonly kind: string;
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Reads outside a transaction (may see a consistent but not the very latest state). */
  read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Changes whenever another process (or connection) committed to the database: lets callers trust a cache. */
  externalChanges?(): number;
  /** Whether writes are failing because of the storage (a full disk…), for the health check. */
  readonly writeHealth?: WriteHealth;
  close(): Promise<void>;
}
