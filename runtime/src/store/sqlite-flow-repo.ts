import type Database from 'better-sqlite3';
import type { FlowRecord, FlowVersionRecord } from './records.ts';
import type { FlowRepo } from './store.ts';

interface FlowRow {
  id: string;
  name: string;
  draft: string | null;
  draft_updated_at: number | null;
  latest: number | null;
}

interface VersionRow {
  flow_id: string;
  version: number;
  name: string;
  doc: string;
  machine: string;
  published_at: number;
}

const toFlow = (r: FlowRow): FlowRecord => ({
  id: r.id,
  name: r.name,
  draft: r.draft ? JSON.parse(r.draft) : null,
  draftUpdatedAt: r.draft_updated_at,
  latestVersion: r.latest,
});

const toVersion = (r: VersionRow): FlowVersionRecord => ({
  flowId: r.flow_id,
  version: r.version,
  name: r.name,
  doc: JSON.parse(r.doc),
  machine: JSON.parse(r.machine),
  publishedAt: r.published_at,
});

// Flows known only through published versions still appear in the list, hence the union.
const flowsSql = `
  SELECT ids.id AS id, COALESCE(f.name, v.name) AS name, f.draft AS draft, f.draft_updated_at AS draft_updated_at,
         (SELECT MAX(version) FROM flow_versions WHERE flow_id = ids.id) AS latest
  FROM (SELECT id FROM flows UNION SELECT DISTINCT flow_id FROM flow_versions) AS ids
  LEFT JOIN flows f ON f.id = ids.id
  LEFT JOIN flow_versions v ON v.flow_id = ids.id AND v.version = (SELECT MAX(version) FROM flow_versions WHERE flow_id = ids.id)`;

/**
 * Published versions are immutable, so a parsed one is kept: every step reads its version, and parsing
 * the document and machine again each time cost more than the step itself. The store clears the cache
 * when a transaction rolls back, in case a version inserted by it was read in the meantime.
 */
export class VersionCache {
  readonly #versions = new Map<string, FlowVersionRecord>();
  #latest: FlowVersionRecord[] | null = null;

  get(flowId: string, version: number): FlowVersionRecord | undefined {
    return this.#versions.get(`${version}@${flowId}`);
  }

  set(v: FlowVersionRecord): FlowVersionRecord {
    this.#versions.set(`${v.version}@${v.flowId}`, v);
    return v;
  }

  get latest(): FlowVersionRecord[] | null {
    return this.#latest;
  }

  set latest(list: FlowVersionRecord[] | null) {
    this.#latest = list;
  }

  clear(): void {
    this.#versions.clear();
    this.#latest = null;
  }
}

/** Flow drafts and versions in SQLite. */
export function sqliteFlowRepo(db: Database.Database, cache = new VersionCache()): FlowRepo {
  const q = {
    flow: db.prepare(`${flowsSql} WHERE ids.id = ?`),
    flows: db.prepare(`${flowsSql} ORDER BY ids.id`),
    saveDraft: db.prepare(
      `INSERT INTO flows (id, name, draft, draft_updated_at) VALUES (@id, @name, @draft, @at)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, draft = excluded.draft, draft_updated_at = excluded.draft_updated_at`,
    ),
    version: db.prepare('SELECT * FROM flow_versions WHERE flow_id = ? AND version = ?'),
    latest: db.prepare('SELECT * FROM flow_versions WHERE flow_id = ? ORDER BY version DESC LIMIT 1'),
    latestNumber: db.prepare<[string], { version: number }>(
      'SELECT MAX(version) AS version FROM flow_versions WHERE flow_id = ?',
    ),
    versions: db.prepare('SELECT * FROM flow_versions WHERE flow_id = ? ORDER BY version'),
    latestAll: db.prepare(
      `SELECT v.* FROM flow_versions v
       WHERE v.version = (SELECT MAX(version) FROM flow_versions WHERE flow_id = v.flow_id) ORDER BY v.flow_id`,
    ),
    insertVersion: db.prepare(
      `INSERT INTO flow_versions (flow_id, version, name, doc, machine, published_at)
       VALUES (@flowId, @version, @name, @doc, @machine, @publishedAt)`,
    ),
  };
  return {
    async getFlow(id) {
      const row = q.flow.get(id) as FlowRow | undefined;
      return row ? toFlow(row) : null;
    },
    async listFlows() {
      return (q.flows.all() as FlowRow[]).map(toFlow);
    },
    async saveDraft({ id, name, draft, at }) {
      q.saveDraft.run({ id, name, draft: draft ? JSON.stringify(draft) : null, at });
    },
    async getVersion(flowId, version) {
      const cached = cache.get(flowId, version);
      if (cached) return cached;
      const row = q.version.get(flowId, version) as VersionRow | undefined;
      return row ? cache.set(toVersion(row)) : null;
    },
    async latestVersion(flowId) {
      const latest = q.latestNumber.get(flowId)?.version;
      const cached = latest === undefined || latest === null ? undefined : cache.get(flowId, latest);
      if (cached) return cached;
      const row = q.latest.get(flowId) as VersionRow | undefined;
      return row ? cache.set(toVersion(row)) : null;
    },
    async listVersions(flowId) {
      return (q.versions.all(flowId) as VersionRow[]).map(toVersion);
    },
    async latestVersions() {
      // Asked on every lead event (entry triggers); only a publish changes the answer.
      cache.latest ??= (q.latestAll.all() as VersionRow[]).map(
        (r) => cache.get(r.flow_id, r.version) ?? cache.set(toVersion(r)),
      );
      return cache.latest;
    },
    async insertVersion(v) {
      q.insertVersion.run({ ...v, doc: JSON.stringify(v.doc), machine: JSON.stringify(v.machine) });
      cache.latest = null;
    },
  };
}
