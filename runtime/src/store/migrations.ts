import type Database from 'better-sqlite3';

/** Versioned schema changes, applied in order at start; never edit a shipped one, add the next. */
export const migrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE flows (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, draft TEXT, draft_updated_at INTEGER
      );
      CREATE TABLE flow_versions (
        flow_id TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL,
        machine TEXT NOT NULL, published_at INTEGER NOT NULL, PRIMARY KEY (flow_id, version)
      );
      CREATE TABLE leads (
        id TEXT PRIMARY KEY, external_id TEXT UNIQUE, email TEXT UNIQUE COLLATE NOCASE, name TEXT,
        attributes TEXT NOT NULL, bant TEXT NOT NULL, score REAL NOT NULL, stage TEXT NOT NULL,
        stage_reason TEXT, recycle_count INTEGER NOT NULL, owner TEXT,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
      );
      CREATE INDEX leads_stage ON leads (stage);
      CREATE TABLE lead_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, lead_id TEXT NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL, data TEXT NOT NULL
      );
      CREATE INDEX lead_events_lead ON lead_events (lead_id, seq);
      CREATE TABLE processed_events (
        id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL
      );
      CREATE TABLE enrollments (
        id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, flow_id TEXT NOT NULL, version INTEGER NOT NULL,
        status TEXT NOT NULL, snapshot TEXT NOT NULL, active_nodes TEXT NOT NULL,
        entered_at INTEGER NOT NULL, ended_at INTEGER, end_reason TEXT
      );
      CREATE INDEX enrollments_lead ON enrollments (lead_id, flow_id, entered_at);
      CREATE INDEX enrollments_flow ON enrollments (flow_id, version, status);
      -- A lead is in a flow at most once at a time.
      CREATE UNIQUE INDEX enrollments_one_active ON enrollments (lead_id, flow_id) WHERE status = 'active';
      CREATE TABLE timers (
        id INTEGER PRIMARY KEY AUTOINCREMENT, enrollment_id TEXT NOT NULL, send_id TEXT NOT NULL,
        event TEXT NOT NULL, node_id TEXT NOT NULL, due_at INTEGER NOT NULL,
        UNIQUE (enrollment_id, send_id)
      );
      CREATE INDEX timers_due ON timers (due_at, id);
      CREATE TABLE tasks (
        id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, enrollment_id TEXT NOT NULL, flow_id TEXT NOT NULL,
        version INTEGER NOT NULL, node_id TEXT NOT NULL, kind TEXT NOT NULL, queue TEXT NOT NULL,
        title TEXT NOT NULL, details TEXT NOT NULL, status TEXT NOT NULL, assignee TEXT, outcome TEXT,
        reason TEXT, attempts INTEGER NOT NULL, deadline_at INTEGER NOT NULL, created_at INTEGER NOT NULL,
        closed_at INTEGER
      );
      CREATE INDEX tasks_queue ON tasks (queue, status, deadline_at);
      CREATE INDEX tasks_enrollment ON tasks (enrollment_id, node_id, status);
      CREATE TABLE outbox (
        id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, lead_id TEXT NOT NULL, enrollment_id TEXT,
        channel TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL, last_error TEXT, created_at INTEGER NOT NULL, sent_at INTEGER
      );
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
      CREATE TABLE timeline (
        id INTEGER PRIMARY KEY AUTOINCREMENT, lead_id TEXT NOT NULL, at INTEGER NOT NULL, type TEXT NOT NULL,
        text TEXT NOT NULL, flow_id TEXT, version INTEGER, node_id TEXT, data TEXT NOT NULL
      );
      CREATE INDEX timeline_lead ON timeline (lead_id, id);
      CREATE INDEX timeline_flow ON timeline (flow_id, version, type, node_id);
      CREATE INDEX timeline_type ON timeline (type);
    `,
  },
  {
    version: 2,
    name: 'settings',
    // Runtime state that must survive a restart, such as where the manual clock stands.
    sql: 'CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);',
  },
  {
    version: 3,
    name: 'access',
    // API tokens (only SHA-256 hashes are stored) and signatures of accepted inbound webhooks (replays).
    sql: `
      CREATE TABLE tokens (
        id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL, name TEXT NOT NULL,
        role TEXT NOT NULL, queues TEXT, created_at INTEGER NOT NULL, revoked_at INTEGER
      );
      CREATE TABLE webhook_receipts (signature TEXT PRIMARY KEY, received_at INTEGER NOT NULL);
      CREATE INDEX webhook_receipts_at ON webhook_receipts (received_at);
    `,
  },
  {
    version: 4,
    name: 'leaner timeline indexes',
    // Stats and the waterfall read only a few line types; lead events and most step lines need no entry
    // in these two indexes (the queries repeat each index's WHERE so SQLite can use it).
    sql: `
      DROP INDEX timeline_flow;
      CREATE INDEX timeline_flow ON timeline (flow_id, version, type, node_id)
        WHERE type IN ('enterNode', 'recordOutcome');
      DROP INDEX timeline_type;
      CREATE INDEX timeline_type ON timeline (type) WHERE type IN ('recycled', 'stageChanged', 'taskCompleted');
    `,
  },
  {
    version: 5,
    name: 'lead events stored once, in the timeline',
    // A lead event was stored twice: a `lead_events` row (read only by "did the lead do X within Y" rules)
    // and its timeline line; `lead.created` also has its `leadCreated` line. The line now carries the
    // event: `event_type` and `event_at` (when the event happened), NULL on every other line, read
    // through `timeline_lead` (no index of its own: one random B-tree page less per event at commit).
    //
    // Backfill: the k-th `lead_events` row of a (lead, type, at) goes with the k-th line of that lead
    // with the same key, both in write order (they were written together, in one transaction): an event
    // line (no flow version, same type, `eventAt` in its data) or, for `lead.created`, the `leadCreated`
    // line written at the same time. A row left without a line (the database was edited by hand) gets
    // a new event line, worded as the runtime words one, at the time the event happened: no fact lost,
    // and the lead's timeline shows why a rule saw it.
    sql: `
      ALTER TABLE timeline ADD COLUMN event_type TEXT;
      ALTER TABLE timeline ADD COLUMN event_at INTEGER;

      CREATE TEMP TABLE m5_pairs (line_id INTEGER PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, type TEXT NOT NULL, at INTEGER NOT NULL);
      INSERT INTO m5_pairs (line_id, seq, type, at)
      WITH events AS (
        SELECT seq, lead_id, type, at, row_number() OVER (PARTITION BY lead_id, type, at ORDER BY seq) AS k
        FROM lead_events
      ),
      candidates AS (
        SELECT id, lead_id, 'lead.created' AS type, at FROM timeline WHERE type = 'leadCreated'
        UNION ALL
        SELECT id, lead_id, type, json_extract(data, '$.eventAt') FROM timeline
        WHERE version IS NULL AND type IN (SELECT type FROM lead_events) AND json_valid(data)
          AND json_type(data, '$.eventAt') IN ('integer', 'real')
      ),
      lines AS (
        SELECT id, lead_id, type, at, row_number() OVER (PARTITION BY lead_id, type, at ORDER BY id) AS k
        FROM candidates
      )
      SELECT l.id, e.seq, e.type, e.at FROM events e
      JOIN lines l ON l.lead_id = e.lead_id AND l.type = e.type AND l.at = e.at AND l.k = e.k;

      UPDATE timeline SET event_type = p.type, event_at = p.at FROM m5_pairs p WHERE timeline.id = p.line_id;

      INSERT INTO timeline (lead_id, at, type, text, flow_id, version, node_id, data, event_type, event_at)
      SELECT lead_id, at, type,
        label || CASE WHEN detail = '' THEN '' ELSE ': ' || substr(detail, 1, length(detail) - 3) END,
        NULL, NULL, NULL, json_set(CASE WHEN json_valid(data) AND json_type(data) = 'object' THEN data ELSE '{}' END, '$.eventAt', at),
        type, at
      FROM (
        SELECT seq, lead_id, at, type, data,
          CASE type
            WHEN 'lead.created' THEN 'Lead created'
            WHEN 'email.opened' THEN 'Email opened'
            WHEN 'email.clicked' THEN 'Email clicked'
            WHEN 'email.bounced' THEN 'Email bounced'
            WHEN 'email.unsubscribed' THEN 'Unsubscribed'
            WHEN 'webinar.registered' THEN 'Registered for a webinar'
            WHEN 'webinar.attended' THEN 'Attended a webinar'
            WHEN 'webinar.declined' THEN 'Declined a webinar'
            WHEN 'meeting.booked' THEN 'Meeting booked'
            WHEN 'meeting.held' THEN 'Meeting held'
            WHEN 'meeting.noShow' THEN 'Meeting no-show'
            WHEN 'call.logged' THEN 'Call logged'
            WHEN 'attributes.changed' THEN 'Lead details changed'
            WHEN 'form.submitted' THEN 'Form submitted'
            WHEN 'page.visited' THEN 'Page visited'
            WHEN 'content.downloaded' THEN 'Content downloaded'
            ELSE 'Event “' || type || '”'
          END AS label,
          CASE WHEN json_valid(data) THEN
            iif(json_type(data, '$.outcome') = 'text' AND json_extract(data, '$.outcome') <> '', json_extract(data, '$.outcome') || ' · ', '') ||
            iif(json_type(data, '$.reason') = 'text' AND json_extract(data, '$.reason') <> '', json_extract(data, '$.reason') || ' · ', '') ||
            iif(json_type(data, '$.formId') = 'text' AND json_extract(data, '$.formId') <> '', json_extract(data, '$.formId') || ' · ', '') ||
            iif(json_type(data, '$.url') = 'text' AND json_extract(data, '$.url') <> '', json_extract(data, '$.url') || ' · ', '') ||
            iif(json_type(data, '$.asset') = 'text' AND json_extract(data, '$.asset') <> '', json_extract(data, '$.asset') || ' · ', '') ||
            iif(json_type(data, '$.note') = 'text' AND json_extract(data, '$.note') <> '', json_extract(data, '$.note') || ' · ', '')
          ELSE '' END AS detail
        FROM lead_events WHERE seq NOT IN (SELECT seq FROM m5_pairs)
      )
      ORDER BY seq;

      DROP TABLE m5_pairs;
      DROP INDEX lead_events_lead;
      DROP TABLE lead_events;
    `,
  },
  {
    version: 6,
    name: 'token last used',
    // When a request last carried each token (recorded at most once a minute), so admins can spot unused ones.
    sql: 'ALTER TABLE tokens ADD COLUMN last_used_at INTEGER;',
  },
  {
    version: 7,
    name: 'timers moved later in place',
    // A timer set again for a later time (a timeout restarted by each visit) keeps its place in the
    // due-time index and records the new time here: one table page written instead of two index pages.
    // The scheduler moves it in the index once its old time comes (see the SQLite work repo).
    sql: 'ALTER TABLE timers ADD COLUMN later_due INTEGER;',
  },
  {
    version: 8,
    name: 'message dead-lettered at',
    // When a message became a dead letter, so reports can say when and list the latest first. A dead letter
    // of an older runtime takes the time of its lead's latest "not delivered" line for it (written when it
    // went dead, again each time a replay failed); one without such a line keeps NULL: its time is unknown.
    sql: `
      ALTER TABLE outbox ADD COLUMN dead_at INTEGER;
      UPDATE outbox SET dead_at = (
        SELECT MAX(t.at) FROM timeline t
        WHERE t.lead_id = outbox.lead_id AND t.type = 'messageUndelivered'
          AND CASE WHEN json_valid(t.data) THEN json_extract(t.data, '$.messageId') END = outbox.id
      ) WHERE status = 'dead';
    `,
  },
  {
    version: 9,
    name: 'version moves by flow',
    // Per-version stats count the leads moved into and out of a version by its flow's "moved to version"
    // lines: few, found here without reading the flow's whole timeline.
    sql: "CREATE INDEX timeline_moves ON timeline (flow_id, version) WHERE type = 'versionMoved';",
  },
];

/** A database written by a newer runtime: this one would read and write tables it does not know. */
export class NewerSchemaError extends Error {}

/** Brings the database up to the latest migration, each in its own transaction. */
export function migrate(db: Database.Database): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  refuseNewer(applied);
  let latest = 0;
  for (const m of migrations) {
    latest = m.version;
    if (!applied.has(m.version)) applyMigration(db, m);
  }
  return latest;
}

/**
 * Applies one migration unless it is applied already, deciding under the write lock (BEGIN IMMEDIATE):
 * two processes starting together (the runtime and the tokens CLI during an upgrade) both saw it missing,
 * and the second then failed on tables the first had just made. Returns whether it applied it.
 */
export function applyMigration(db: Database.Database, m: (typeof migrations)[number]): boolean {
  return db
    .transaction(() => {
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) return false;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        Date.now(),
      );
      return true;
    })
    .immediate();
}

/**
 * Refuses a database that a newer runtime has migrated (a rolled-back deployment, an old CLI): this
 * runtime would write rows without the newer columns' meaning and silently lose or break work.
 */
function refuseNewer(applied: Set<number>): void {
  const known = Math.max(...migrations.map((m) => m.version));
  const newest = Math.max(0, ...applied);
  if (newest <= known) return;
  throw new NewerSchemaError(
    `This database was written by a newer Tandem runtime (schema version ${newest}; this one knows up to ${known}). Start the newer runtime, or restore a backup made with this version.`,
  );
}
