import type Database from 'better-sqlite3';
import type { TimelineEntry } from './records.ts';
import type { TimelineRepo } from './store.ts';

interface TimelineRow {
  id: number;
  lead_id: string;
  at: number;
  type: string;
  text: string;
  flow_id: string | null;
  version: number | null;
  node_id: string | null;
  data: string;
}

const toEntry = (r: TimelineRow): TimelineEntry => ({
  id: r.id,
  leadId: r.lead_id,
  at: r.at,
  type: r.type,
  text: r.text,
  flowId: r.flow_id,
  version: r.version,
  nodeId: r.node_id,
  data: JSON.parse(r.data),
});

const countBy = (rows: { key: string | null; n: number }[], fallback = 'unknown') => {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.key ?? fallback] = (out[r.key ?? fallback] ?? 0) + r.n;
  return out;
};

/** The shared per-lead record and the reports computed from it, in SQLite. */
export function sqliteTimelineRepo(db: Database.Database): TimelineRepo {
  const q = {
    add: db.prepare(
      `INSERT INTO timeline (lead_id, at, type, text, flow_id, version, node_id, data)
       VALUES (@leadId, @at, @type, @text, @flowId, @version, @nodeId, @data)`,
    ),
    ofLead: db.prepare('SELECT * FROM timeline WHERE lead_id = ? ORDER BY at, id'),
    current: db.prepare(
      `SELECT j.value AS key, COUNT(*) AS n FROM enrollments e, json_each(e.active_nodes) j
       WHERE e.flow_id = ? AND e.version = ? AND e.status = 'active' GROUP BY j.value`,
    ),
    entered: db.prepare(
      `SELECT node_id AS key, COUNT(*) AS n FROM timeline WHERE flow_id = ? AND version = ? AND type = 'enterNode' GROUP BY node_id`,
    ),
    outcomes: db.prepare(
      `SELECT node_id AS node, json_extract(data, '$.outcome') AS outcome, COUNT(*) AS n FROM timeline
       WHERE flow_id = ? AND version = ? AND type = 'recordOutcome' GROUP BY node_id, outcome`,
    ),
    stages: db.prepare('SELECT stage AS key, COUNT(*) AS n FROM leads GROUP BY stage'),
    recycled: db.prepare(
      `SELECT json_extract(data, '$.reason') AS key, COUNT(*) AS n FROM timeline WHERE type = 'recycled' GROUP BY key`,
    ),
    // A sales disqualification often moves the stage in the same step: count it once, with the first reason given.
    disqualified: db.prepare(
      `SELECT json_extract(data, '$.reason') AS key, COUNT(*) AS n FROM timeline WHERE id IN (
         SELECT MIN(id) FROM timeline
         WHERE (type = 'stageChanged' AND json_extract(data, '$.stage') = 'disqualified')
            OR (type = 'taskCompleted' AND json_extract(data, '$.outcome') IN ('disqualified', 'rejected'))
         GROUP BY lead_id, at
       ) GROUP BY key`,
    ),
  };
  return {
    async addTimeline(e) {
      q.add.run({ ...e, data: JSON.stringify(e.data) });
    },
    async timeline(leadId) {
      return (q.ofLead.all(leadId) as TimelineRow[]).map(toEntry);
    },
    async nodeCounts(flowId, version) {
      const outcomes: Record<string, Record<string, number>> = {};
      for (const r of q.outcomes.all(flowId, version) as { node: string; outcome: string; n: number }[]) {
        outcomes[r.node] = { ...outcomes[r.node], [r.outcome]: r.n };
      }
      return {
        current: countBy(q.current.all(flowId, version) as { key: string; n: number }[]),
        entered: countBy(q.entered.all(flowId, version) as { key: string; n: number }[]),
        outcomes,
      };
    },
    async waterfall() {
      type Row = { key: string | null; n: number };
      return {
        stages: countBy(q.stages.all() as Row[]),
        recycled: countBy(q.recycled.all() as Row[], 'no reason given'),
        disqualified: countBy(q.disqualified.all() as Row[], 'no reason given'),
      };
    },
  };
}
