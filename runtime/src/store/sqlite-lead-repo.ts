import type Database from 'better-sqlite3';
import type { EnrollmentRecord, LeadRecord, SnapshotMove } from './records.ts';
import { batched, placeholders, rowOf, selectList } from './sqlite-batch.ts';
import type { EnrollmentRepo, LeadRepo } from './store.ts';

interface LeadRow {
  id: string;
  external_id: string | null;
  email: string | null;
  name: string | null;
  attributes: string;
  bant: string;
  score: number;
  stage: LeadRecord['stage'];
  stage_reason: string | null;
  recycle_count: number;
  owner: string | null;
  created_at: number;
  updated_at: number;
}

export interface EnrollmentRow {
  id: string;
  lead_id: string;
  flow_id: string;
  version: number;
  status: EnrollmentRecord['status'];
  snapshot: string;
  active_nodes: string;
  entered_at: number;
  ended_at: number | null;
  end_reason: string | null;
}

const leadColumns = [
  'id',
  'external_id',
  'email',
  'name',
  'attributes',
  'bant',
  'score',
  'stage',
  'stage_reason',
  'recycle_count',
  'owner',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof LeadRow)[];

export const enrollmentColumns = [
  'id',
  'lead_id',
  'flow_id',
  'version',
  'status',
  'snapshot',
  'active_nodes',
  'entered_at',
  'ended_at',
  'end_reason',
] as const satisfies readonly (keyof EnrollmentRow)[];

const toLead = (r: LeadRow): LeadRecord => ({
  id: r.id,
  externalId: r.external_id,
  email: r.email,
  name: r.name,
  attributes: JSON.parse(r.attributes),
  bant: JSON.parse(r.bant),
  score: r.score,
  stage: r.stage,
  stageReason: r.stage_reason,
  recycleCount: r.recycle_count,
  owner: r.owner,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * The lead fields a save may change that are stored as they are, with their columns (`id` and
 * `created_at` never change; attributes and BANT are stored as JSON).
 */
const plainLeadFields = [
  ['externalId', 'external_id'],
  ['email', 'email'],
  ['name', 'name'],
  ['score', 'score'],
  ['stage', 'stage'],
  ['stageReason', 'stage_reason'],
  ['recycleCount', 'recycle_count'],
  ['owner', 'owner'],
  ['updatedAt', 'updated_at'],
] as const satisfies readonly (readonly [keyof LeadRecord, string])[];

/** A snapshot without context (most of them) is stored as `{"value":…}` alone. */
const snapshotText = (s: EnrollmentRecord['snapshot']) =>
  Object.keys(s.context).length === 0 ? JSON.stringify({ value: s.value }) : JSON.stringify(s);

const toSnapshot = (text: string): EnrollmentRecord['snapshot'] => {
  const s = JSON.parse(text) as { value: unknown; context?: Record<string, unknown> };
  return { value: s.value, context: s.context ?? {} };
};

export const toEnrollment = (r: EnrollmentRow): EnrollmentRecord => ({
  id: r.id,
  leadId: r.lead_id,
  flowId: r.flow_id,
  version: r.version,
  status: r.status,
  snapshot: toSnapshot(r.snapshot),
  activeNodes: JSON.parse(r.active_nodes),
  enteredAt: r.entered_at,
  endedAt: r.ended_at,
  endReason: r.end_reason,
});

/**
 * Leads and their enrollments as last read or written by this process, kept across transactions: an
 * event reads its lead and enrollments, and reading them was a fifth of an event's cost. Saving a lead
 * or an enrollment drops its entry; the store empties the cache when anything rolls back and when
 * another connection committed (SQLite's data_version). Entries are frozen, so code that changed a
 * cached record in place instead of saving a copy fails loudly rather than leaving the cache wrong.
 */
export class LeadCache {
  readonly leads = new Map<string, LeadRecord>();
  /** A lead's enrollments, read with the lead in one query; saving an enrollment drops its lead's entry. */
  readonly enrollments = new Map<string, readonly EnrollmentRecord[]>();

  constructor(readonly limit = 20_000) {}

  setLead(lead: LeadRecord): void {
    if (this.leads.size >= this.limit) this.clear();
    Object.freeze(lead.attributes);
    Object.freeze(lead.bant);
    this.leads.set(lead.id, Object.freeze(lead));
  }

  setEnrollments(leadId: string, list: EnrollmentRecord[]): void {
    if (this.enrollments.size >= this.limit) this.clear();
    for (const e of list) {
      Object.freeze(e.activeNodes);
      Object.freeze(e.snapshot);
      Object.freeze(e);
    }
    this.enrollments.set(leadId, Object.freeze(list));
  }

  clear(): void {
    this.leads.clear();
    this.enrollments.clear();
  }
}

/**
 * A lead's latest `limit` events, oldest first. An event is stored once, as its timeline line: the
 * lead's lines through `timeline_lead`, newest first, those that carry an event (no index of their own,
 * so an event costs one index entry less at commit).
 */
export const recentEventsSql = `SELECT type, at FROM (
  SELECT id, event_type AS type, event_at AS at FROM timeline
  WHERE lead_id = ? AND event_type IS NOT NULL ORDER BY id DESC LIMIT ?
) ORDER BY id`;

/**
 * Leads with their enrollments (the enrollment's columns after the lead's, one row per enrollment in
 * `ofLead`'s order, one row of NULLs for a lead without any), grouped by lead: an event reads both. Run
 * as arrays (`raw()`): building an object per row, key by key, cost more than the query.
 */
const leadsWithEnrollments = (where: string) =>
  `SELECT ${selectList('l', leadColumns)}, ${selectList('e', enrollmentColumns)}
   FROM leads l LEFT JOIN enrollments e ON e.lead_id = l.id WHERE ${where} ORDER BY l.id, e.entered_at, e.rowid`;

/** Leads, their events (read from their timeline lines) and their enrollments in SQLite. */
export function sqliteLeadRepo(db: Database.Database, cache = new LeadCache()): LeadRepo & EnrollmentRepo {
  const q = {
    lead: db.prepare(leadsWithEnrollments('l.id = ?')).raw(),
    byExternal: db.prepare('SELECT * FROM leads WHERE external_id = ?'),
    byEmail: db.prepare('SELECT * FROM leads WHERE email = ?'),
    search: db.prepare(
      `SELECT * FROM leads WHERE (@q = '' OR id = @q OR external_id LIKE @like ESCAPE '\\' OR email LIKE @like ESCAPE '\\'
         OR name LIKE @like ESCAPE '\\')
       ORDER BY updated_at DESC, id LIMIT @limit`,
    ),
    atStep: db.prepare(
      `SELECT l.* FROM enrollments e JOIN leads l ON l.id = e.lead_id
       WHERE e.flow_id = @flowId AND e.status = 'active' AND (@version IS NULL OR e.version = @version)
         AND EXISTS (SELECT 1 FROM json_each(e.active_nodes) WHERE value = @nodeId)
       ORDER BY l.updated_at DESC, l.id LIMIT @limit`,
    ),
    saveLead: db.prepare(
      `INSERT INTO leads (id, external_id, email, name, attributes, bant, score, stage, stage_reason, recycle_count, owner, created_at, updated_at)
       VALUES (@id, @externalId, @email, @name, @attributes, @bant, @score, @stage, @stageReason, @recycleCount, @owner, @createdAt, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET external_id = excluded.external_id, email = excluded.email, name = excluded.name,
         attributes = excluded.attributes, bant = excluded.bant, score = excluded.score, stage = excluded.stage,
         stage_reason = excluded.stage_reason, recycle_count = excluded.recycle_count, owner = excluded.owner,
         updated_at = excluded.updated_at`,
    ),
    recentEvents: db.prepare(recentEventsSql),
    claimEvent: db.prepare(
      'INSERT OR IGNORE INTO processed_events (id, lead_id, type, at) VALUES (?, ?, ?, ?)',
    ),
    // The enrollment with its lead's columns: a timer step reads both, one query instead of two.
    enrollment: db
      .prepare(
        `SELECT ${selectList('e', enrollmentColumns)}, ${selectList('l', leadColumns)}
         FROM enrollments e LEFT JOIN leads l ON l.id = e.lead_id WHERE e.id = ?`,
      )
      .raw(),
    active: db.prepare("SELECT * FROM enrollments WHERE lead_id = ? AND flow_id = ? AND status = 'active'"),
    history: db.prepare(
      'SELECT * FROM enrollments WHERE lead_id = ? AND flow_id = ? ORDER BY entered_at DESC, rowid DESC',
    ),
    ofLead: db.prepare('SELECT * FROM enrollments WHERE lead_id = ? ORDER BY entered_at, rowid'),
    ofFlow: db.prepare(
      `SELECT * FROM enrollments WHERE flow_id = @flowId AND status = 'active' AND version != @version
         AND (@from IS NULL OR version IN (SELECT value FROM json_each(@from))) AND id > @afterId
       ORDER BY id LIMIT @limit`,
    ),
    countByStatus: db.prepare(
      'SELECT status, COUNT(*) AS n FROM enrollments WHERE flow_id = ? AND version = ? GROUP BY status',
    ),
    setVersion: db.prepare("UPDATE enrollments SET version = ? WHERE id = ? AND status = 'active'"),
    saveEnrollment: db.prepare(
      `INSERT INTO enrollments (id, lead_id, flow_id, version, status, snapshot, active_nodes, entered_at, ended_at, end_reason)
       VALUES (@id, @leadId, @flowId, @version, @status, @snapshot, @activeNodes, @enteredAt, @endedAt, @endReason)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, snapshot = excluded.snapshot,
         active_nodes = excluded.active_nodes, ended_at = excluded.ended_at, end_reason = excluded.end_reason`,
    ),
    // Most saves only move the snapshot; touching status would rewrite two indexes for nothing.
    saveSnapshot: db.prepare(
      `UPDATE enrollments SET snapshot = @snapshot, active_nodes = @activeNodes
       WHERE id = @id AND status = @status AND ended_at IS @endedAt AND end_reason IS @endReason`,
    ),
  };
  const one = (row: unknown) => (row ? toLead(row as LeadRow) : null);
  /** An UPDATE of some lead columns, prepared once per set of columns. */
  const leadUpdates = new Map<string, Database.Statement>();
  const updateLead = (columns: string[]) => {
    const key = columns.join();
    let stmt = leadUpdates.get(key);
    if (!stmt) {
      stmt = db.prepare(`UPDATE leads SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`);
      leadUpdates.set(key, stmt);
    }
    return stmt;
  };
  /** Leads with their enrollments for `n` ids, grouped by lead: prepared once per chunk size. */
  const manyLeads = new Map<number, Database.Statement>();
  const manyLeadsOf = (n: number) => {
    let stmt = manyLeads.get(n);
    if (!stmt) {
      stmt = db.prepare(leadsWithEnrollments(`l.id IN (${placeholders(n)})`)).raw();
      manyLeads.set(n, stmt);
    }
    return stmt;
  };
  const leadIdColumn = leadColumns.indexOf('id');
  /**
   * Rows of `leadsWithEnrollments`: each lead goes into the cache with its enrollments (a lead without any
   * has one row, its enrollment columns NULL). Returns the first lead, or null when there are no rows.
   */
  const cacheLeadRows = (rows: unknown[][]): LeadRecord | null => {
    let first: LeadRecord | null = null;
    for (let i = 0; i < rows.length; ) {
      const lead = toLead(rowOf<LeadRow>(leadColumns, rows[i] as unknown[]));
      const enrollments: EnrollmentRecord[] = [];
      for (; i < rows.length && (rows[i] as unknown[])[leadIdColumn] === lead.id; i++) {
        const row = rows[i] as unknown[];
        if (row[leadColumns.length] !== null) {
          enrollments.push(toEnrollment(rowOf<EnrollmentRow>(enrollmentColumns, row, leadColumns.length)));
        }
      }
      cache.setLead(lead);
      cache.setEnrollments(lead.id, enrollments);
      first ??= lead;
    }
    return first;
  };
  const moveMany = batched(
    db,
    (n) =>
      `UPDATE enrollments SET snapshot = ?, active_nodes = ? WHERE status = 'active' AND id IN (${placeholders(n)})`,
    200,
  );
  return {
    async getLead(id) {
      const cached = cache.leads.get(id);
      if (cached !== undefined) return cached;
      return cacheLeadRows(q.lead.all(id) as unknown[][]);
    },
    async loadLeads(ids) {
      const missing = [...new Set(ids)].filter((id) => !cache.leads.has(id));
      for (let start = 0; start < missing.length; start += 200) {
        const chunk = missing.slice(start, start + 200);
        cacheLeadRows(manyLeadsOf(chunk.length).all(...chunk) as unknown[][]);
      }
    },
    async findLead({ externalId, email }) {
      return (
        (externalId ? one(q.byExternal.get(externalId)) : null) ?? (email ? one(q.byEmail.get(email)) : null)
      );
    },
    async searchLeads(query, limit) {
      // "%" and "_" in what the user typed are matched as themselves, not as wildcards. LIKE ends its pattern
      // at a NUL (the route refuses control characters): "%\0%" would be "%", every lead.
      const like = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return (q.search.all({ q: query, like, limit }) as LeadRow[]).map(toLead);
    },
    async leadsAtStep(at, limit) {
      const params = { flowId: at.flowId, nodeId: at.nodeId, version: at.version ?? null, limit };
      return (q.atStep.all(params) as LeadRow[]).map(toLead);
    },
    async saveLead(l) {
      const before = cache.leads.get(l.id);
      cache.leads.delete(l.id);
      const attributes = JSON.stringify(l.attributes);
      const bant = JSON.stringify(l.bant);
      if (!before) {
        q.saveLead.run({ ...l, attributes, bant });
        return;
      }
      // The cached lead is the stored row (see LeadCache), so only the columns that differ are written: the
      // upsert rewrote every column and so every index, four random B-tree pages for a score change. The
      // saved lead then stays cached as a read would give it back (its facts through JSON), not read again.
      const sameAttributes =
        l.attributes === before.attributes || attributes === JSON.stringify(before.attributes);
      const sameBant = l.bant === before.bant || bant === JSON.stringify(before.bant);
      // Column names and values side by side (no helper closure: the runtime's loader names every closure
      // it creates, which showed in the ingest profile).
      const columns: string[] = [];
      const values: unknown[] = [];
      if (!sameAttributes) {
        columns.push('attributes');
        values.push(attributes);
      }
      if (!sameBant) {
        columns.push('bant');
        values.push(bant);
      }
      for (const [field, column] of plainLeadFields) {
        if (l[field] === before[field]) continue;
        columns.push(column);
        values.push(l[field]);
      }
      if (columns.length > 0) updateLead(columns).run(...values, l.id);
      cache.setLead({
        id: l.id,
        externalId: l.externalId,
        email: l.email,
        name: l.name,
        attributes: sameAttributes ? before.attributes : JSON.parse(attributes),
        bant: sameBant ? before.bant : JSON.parse(bant),
        score: l.score,
        stage: l.stage,
        stageReason: l.stageReason,
        recycleCount: l.recycleCount,
        owner: l.owner,
        createdAt: before.createdAt,
        updatedAt: l.updatedAt,
      });
    },
    async recentLeadEvents(leadId, limit) {
      return q.recentEvents.all(leadId, limit) as { type: string; at: number }[];
    },
    async claimEventId(id, leadId, type, at) {
      return q.claimEvent.run(id, leadId, type, at).changes === 1;
    },
    async getEnrollment(id) {
      const row = q.enrollment.get(id) as unknown[] | undefined;
      if (!row) return null;
      const enrollment = toEnrollment(rowOf<EnrollmentRow>(enrollmentColumns, row));
      // Fill the transaction's lead cache unless it already holds the lead (same row: saves drop entries).
      const leadId = row[enrollmentColumns.length] as string | null;
      if (leadId !== null && !cache.leads.has(leadId)) {
        cache.setLead(toLead(rowOf<LeadRow>(leadColumns, row, enrollmentColumns.length)));
      }
      return enrollment;
    },
    async activeEnrollment(leadId, flowId) {
      const row = q.active.get(leadId, flowId) as EnrollmentRow | undefined;
      return row ? toEnrollment(row) : null;
    },
    async enrollmentHistory(leadId, flowId) {
      return (q.history.all(leadId, flowId) as EnrollmentRow[]).map(toEnrollment);
    },
    async leadEnrollments(leadId) {
      const cached = cache.enrollments.get(leadId);
      if (cached) return [...cached];
      const list = (q.ofLead.all(leadId) as EnrollmentRow[]).map(toEnrollment);
      cache.setEnrollments(leadId, list);
      return [...list];
    },
    async saveEnrollment(e) {
      cache.enrollments.delete(e.leadId);
      const row = {
        id: e.id,
        leadId: e.leadId,
        flowId: e.flowId,
        version: e.version,
        status: e.status,
        snapshot: snapshotText(e.snapshot),
        activeNodes: JSON.stringify(e.activeNodes),
        enteredAt: e.enteredAt,
        endedAt: e.endedAt,
        endReason: e.endReason,
      };
      if (q.saveSnapshot.run(row).changes === 0) q.saveEnrollment.run(row);
    },
    async activeEnrollmentsOf(flowId, page) {
      const rows = q.ofFlow.all({
        flowId,
        version: page.version,
        from: page.from ? JSON.stringify(page.from) : null,
        afterId: page.afterId,
        limit: page.limit,
      }) as EnrollmentRow[];
      return rows.map(toEnrollment);
    },
    async enrollmentCounts(flowId, version) {
      const counts = { active: 0, completed: 0, exited: 0, removed: 0 };
      for (const row of q.countByStatus.all(flowId, version) as {
        status: keyof typeof counts;
        n: number;
      }[]) {
        counts[row.status] = row.n;
      }
      return counts;
    },
    async setEnrollmentVersion(e, version) {
      cache.enrollments.delete(e.leadId);
      q.setVersion.run(version, e.id);
    },
    async moveSnapshots(moves) {
      // Steps reused from the step cache share their snapshot and active-step objects: one text, one UPDATE.
      const groups = new Map<object, Map<object, SnapshotMove[]>>();
      for (const m of moves) {
        cache.enrollments.delete(m.leadId);
        let byNodes = groups.get(m.snapshot);
        if (!byNodes) {
          byNodes = new Map();
          groups.set(m.snapshot, byNodes);
        }
        const list = byNodes.get(m.activeNodes);
        if (list) list.push(m);
        else byNodes.set(m.activeNodes, [m]);
      }
      let changed = 0;
      for (const [snapshot, byNodes] of groups) {
        const text = snapshotText(snapshot as EnrollmentRecord['snapshot']);
        for (const [nodes, list] of byNodes) {
          const active = JSON.stringify(nodes);
          changed += moveMany(
            list.map((m) => [m.id]),
            [text, active],
          );
        }
      }
      if (changed !== moves.length)
        throw new Error(`Moved ${changed} of ${moves.length} enrollments: some were no longer active.`);
    },
  };
}
