import type Database from 'better-sqlite3';
import type { DueTimer, MessageStatus, OutboxRecord, TaskRecord, TimerRecord } from './records.ts';
import { batched, placeholders, rowOf, selectList, valuesList } from './sqlite-batch.ts';
import { type EnrollmentRow, enrollmentColumns, toEnrollment } from './sqlite-lead-repo.ts';
import type { WorkRepo } from './store.ts';

/**
 * Most tasks one list answers. Open and claimed tasks come first, so months of closed ones never push the
 * work still to do out of a queue's list.
 */
export const taskListLimit = 500;

interface TimerRow {
  id: number;
  enrollment_id: string;
  send_id: string;
  event: string;
  node_id: string;
  due_at: number;
  /** Set when the timer was set again for later: its time, while `due_at` keeps its place in the index. */
  later_due: number | null;
}

// A delay's event is almost always `{ type: sendId }`; that case is stored as '' (a third of a timer row).
const eventText = (t: { sendId: string; event: { type: string } }) =>
  t.event.type === t.sendId && Object.keys(t.event).length === 1 ? '' : JSON.stringify(t.event);

const timerColumns = ['id', 'enrollment_id', 'send_id', 'event', 'node_id', 'due_at', 'later_due'] as const;
/** Where `later_due` sits in a due timer's array row. */
const laterDueColumn = timerColumns.indexOf('later_due');

/**
 * A due timer with its enrollment's columns after it, read as an array (`raw()`): better-sqlite3 builds
 * an object per row key by key, which cost twice the query itself for these 16 columns.
 */
const toDue = (r: unknown[]): DueTimer => ({
  ...toTimer(rowOf<TimerRow>(timerColumns, r)),
  enrollment:
    r[timerColumns.length] === null
      ? null
      : toEnrollment(rowOf<EnrollmentRow>(enrollmentColumns, r, timerColumns.length)),
});

const toTimer = (r: TimerRow): TimerRecord => ({
  id: r.id,
  enrollmentId: r.enrollment_id,
  sendId: r.send_id,
  event: r.event === '' ? { type: r.send_id } : JSON.parse(r.event),
  nodeId: r.node_id,
  dueAt: r.later_due ?? r.due_at,
});

const taskColumns = {
  id: 'id',
  leadId: 'lead_id',
  enrollmentId: 'enrollment_id',
  flowId: 'flow_id',
  version: 'version',
  nodeId: 'node_id',
  kind: 'kind',
  queue: 'queue',
  title: 'title',
  details: 'details',
  status: 'status',
  assignee: 'assignee',
  outcome: 'outcome',
  reason: 'reason',
  attempts: 'attempts',
  deadlineAt: 'deadline_at',
  createdAt: 'created_at',
  closedAt: 'closed_at',
} as const;

const outboxColumns = {
  id: 'id',
  idempotencyKey: 'idempotency_key',
  leadId: 'lead_id',
  enrollmentId: 'enrollment_id',
  channel: 'channel',
  payload: 'payload',
  status: 'status',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  lastError: 'last_error',
  createdAt: 'created_at',
  sentAt: 'sent_at',
  deadAt: 'dead_at',
} as const;

/** An upsert statement and a row mapper for a table whose columns map one to one onto a record. */
function mapped<T>(db: Database.Database, table: string, columns: Record<string, string>, json: string[]) {
  const keys = Object.keys(columns);
  const cols = Object.values(columns);
  const upsert = db.prepare(
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${keys.map((k) => `@${k}`).join(', ')})
     ON CONFLICT (id) DO UPDATE SET ${cols
       .filter((c) => c !== 'id')
       .map((c) => `${c} = excluded.${c}`)
       .join(', ')}`,
  );
  const toRecord = (row: Record<string, unknown>) =>
    Object.fromEntries(
      keys.map((k) => [
        k,
        json.includes(k) ? JSON.parse(row[columns[k] as string] as string) : row[columns[k] as string],
      ]),
    ) as T;
  const save = (rec: T) => {
    const r = rec as Record<string, unknown>;
    upsert.run(Object.fromEntries(keys.map((k) => [k, json.includes(k) ? JSON.stringify(r[k]) : r[k]])));
  };
  return { toRecord, save };
}

/** Timers, tasks and the outbox in SQLite. */
export function sqliteWorkRepo(db: Database.Database): WorkRepo {
  const task = mapped<TaskRecord>(db, 'tasks', taskColumns, ['details']);
  const message = mapped<OutboxRecord>(db, 'outbox', outboxColumns, ['payload']);
  const q = {
    cancelTimer: db.prepare('DELETE FROM timers WHERE enrollment_id = ? AND send_id = ?'),
    cancelAll: db.prepare('DELETE FROM timers WHERE enrollment_id = ?'),
    // The enrollment comes with each due timer: a batch of timer steps reads no enrollment on its own.
    due: db
      .prepare(
        `SELECT ${selectList('t', timerColumns)}, ${selectList('e', enrollmentColumns)} FROM timers t LEFT JOIN enrollments e ON e.id = t.enrollment_id
       WHERE t.due_at <= ? ORDER BY t.due_at, t.id LIMIT ?`,
      )
      .raw(),
    next: db.prepare('SELECT MIN(due_at) AS due FROM timers'),
    timersOf: db.prepare(
      'SELECT * FROM timers WHERE enrollment_id = ? ORDER BY coalesce(later_due, due_at), id',
    ),
    // A timer set again for later: the new time goes in `later_due`, and the row keeps its place in the
    // due-time index (no index page written). Matches only a timer whose place is not after the new time.
    rearm: db.prepare(
      `UPDATE timers SET event = ?, node_id = ?, later_due = ?
       WHERE enrollment_id = ? AND send_id = ? AND due_at <= ?`,
    ),
    // A timer whose place came before its time: moved to its time in the index.
    moveLater: db.prepare('UPDATE timers SET due_at = later_due, later_due = NULL WHERE id = ?'),
    task: db.prepare('SELECT * FROM tasks WHERE id = ?'),
    openTasks: db.prepare(
      "SELECT * FROM tasks WHERE enrollment_id = @e AND (@n IS NULL OR node_id = @n) AND status IN ('open', 'claimed')",
    ),
    tasks: db.prepare(
      `SELECT * FROM tasks WHERE (@queue IS NULL OR queue = @queue)
       AND (@queues IS NULL OR queue IN (SELECT value FROM json_each(@queues))) AND (@status IS NULL OR status = @status)
       AND (@assignee IS NULL OR assignee = @assignee) AND (@leadId IS NULL OR lead_id = @leadId)
       ORDER BY status NOT IN ('open', 'claimed'), deadline_at, created_at, id LIMIT ${taskListLimit}`,
    ),
    // Oldest first; dead letters alone come the latest dead first (those of unknown time last): what an admin
    // replays after an outage.
    outbox: db.prepare(
      `SELECT * FROM outbox WHERE (@status IS NULL OR status = @status) AND (@channel IS NULL OR channel = @channel)
       AND (@leadId IS NULL OR lead_id = @leadId)
       ORDER BY iif(@status = 'dead', dead_at, NULL) DESC, created_at, rowid LIMIT 500`,
    ),
    outboxCounts: db.prepare(
      'SELECT channel, status, COUNT(*) AS count FROM outbox GROUP BY channel, status ORDER BY channel, status',
    ),
    nextMessage: db.prepare("SELECT MIN(next_attempt_at) AS due FROM outbox WHERE status = 'pending'"),
    dueMessages: db.prepare(
      "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, rowid LIMIT ?",
    ),
  };
  // One timer or many, the same statements: a single one is a batch of one.
  const takeMany = batched(db, (n) => `DELETE FROM timers WHERE id IN (${placeholders(n)})`, 200);
  const timerRow = (t: Omit<TimerRecord, 'id'>) => [
    t.enrollmentId,
    t.sendId,
    eventText(t),
    t.nodeId,
    t.dueAt,
  ];
  const addMany = batched(
    db,
    (n) => `INSERT INTO timers (enrollment_id, send_id, event, node_id, due_at) VALUES ${valuesList(n, 5)}
     ON CONFLICT (enrollment_id, send_id) DO UPDATE SET event = excluded.event, node_id = excluded.node_id,
       due_at = excluded.due_at, later_due = NULL`,
  );
  return {
    async addTimer(t, options) {
      if (options?.rearm) {
        const moved = q.rearm.run(eventText(t), t.nodeId, t.dueAt, t.enrollmentId, t.sendId, t.dueAt);
        if (moved.changes === 1) return;
      }
      addMany([timerRow(t)]);
    },
    async cancelTimer(enrollmentId, sendId) {
      q.cancelTimer.run(enrollmentId, sendId);
    },
    async cancelTimersOf(enrollmentId) {
      q.cancelAll.run(enrollmentId);
    },
    async dueTimers(now, limit) {
      for (;;) {
        const rows = q.due.all(now, limit) as unknown[][];
        const moved = rows.filter((r) => r[laterDueColumn] !== null);
        if (moved.length === 0) return rows.map(toDue);
        if (!db.inTransaction) {
          // A read: nothing is moved; a timer set for later is due only once its own time has come.
          return rows
            .filter(
              (r) => (r[laterDueColumn] as number | null) === null || (r[laterDueColumn] as number) <= now,
            )
            .map(toDue);
        }
        // Moved to their own time first, so that the timers fire in the order of their times.
        for (const r of moved) q.moveLater.run(r[0]);
      }
    },
    async takeTimer(id) {
      return takeMany([[id]]) === 1;
    },
    async takeTimers(ids) {
      return takeMany(ids.map((id) => [id]));
    },
    async addTimers(timers) {
      addMany(timers.map(timerRow));
    },
    async nextTimerDue() {
      return (q.next.get() as { due: number | null }).due;
    },
    async timersOf(enrollmentId) {
      return (q.timersOf.all(enrollmentId) as TimerRow[]).map(toTimer);
    },
    async saveTask(t) {
      task.save(t);
    },
    async getTask(id) {
      const row = q.task.get(id) as Record<string, unknown> | undefined;
      return row ? task.toRecord(row) : null;
    },
    async listTasks(f) {
      const params = {
        queue: f.queue ?? null,
        queues: f.queues ? JSON.stringify(f.queues) : null,
        status: f.status ?? null,
        assignee: f.assignee ?? null,
        leadId: f.leadId ?? null,
      };
      return (q.tasks.all(params) as Record<string, unknown>[]).map(task.toRecord);
    },
    async openTasksOf(enrollmentId, nodeId) {
      return (q.openTasks.all({ e: enrollmentId, n: nodeId ?? null }) as Record<string, unknown>[]).map(
        task.toRecord,
      );
    },
    async saveMessage(m) {
      message.save(m);
    },
    async outboxCounts() {
      return q.outboxCounts.all() as { channel: string; status: MessageStatus; count: number }[];
    },
    async listOutbox(f) {
      const params = { status: f.status ?? null, channel: f.channel ?? null, leadId: f.leadId ?? null };
      return (q.outbox.all(params) as Record<string, unknown>[]).map(message.toRecord);
    },
    async nextMessageDue() {
      return (q.nextMessage.get() as { due: number | null }).due;
    },
    async dueMessages(now, limit) {
      return (q.dueMessages.all(now, limit) as Record<string, unknown>[]).map(message.toRecord);
    },
  };
}
