import type Database from 'better-sqlite3';
import type { VersionMoves } from './records.ts';
import { versionMovedType as movedType } from './timeline-text.ts';

const countBy = (rows: { key: string; n: number }[]): Record<string, number> =>
  Object.fromEntries(rows.map((r) => [r.key, r.n]));

/**
 * Leads moved between versions, in SQLite: the flow's "moved to version" lines (`version`: the version moved
 * to; `data.from`: the one moved from; `data.nodes`: the steps the lead was at), found through the
 * `timeline_moves` index, whose WHERE every query repeats. A lead moved where it is arrives at its steps in
 * the new version by the move; a lead placed at another step by the move (the line names that step,
 * `node_id`) arrives there by the step's own "reached" line, which node counts already count.
 */
export function sqliteVersionMoves(db: Database.Database) {
  const q = {
    movedIn: db
      .prepare(`SELECT COUNT(*) FROM timeline WHERE flow_id = ? AND version = ? AND type = '${movedType}'`)
      .pluck(),
    movedOut: db
      .prepare(
        `SELECT COUNT(*) FROM timeline WHERE flow_id = ? AND type = '${movedType}' AND json_extract(data, '$.from') = ?`,
      )
      .pluck(),
    movedInAt: db.prepare(
      `SELECT j.value AS key, COUNT(*) AS n FROM timeline t, json_each(t.data, '$.nodes') j
       WHERE t.flow_id = ? AND t.version = ? AND t.type = '${movedType}' AND t.node_id IS NULL
       GROUP BY j.value`,
    ),
    movedOutAt: db.prepare(
      `SELECT j.value AS key, COUNT(*) AS n FROM timeline t, json_each(t.data, '$.nodes') j
       WHERE t.flow_id = ? AND t.type = '${movedType}' AND json_extract(t.data, '$.from') = ? GROUP BY j.value`,
    ),
  };
  return {
    counts(flowId: string, version: number): VersionMoves {
      type Row = { key: string; n: number };
      return {
        movedIn: q.movedIn.get(flowId, version) as number,
        movedOut: q.movedOut.get(flowId, version) as number,
        movedInAt: countBy(q.movedInAt.all(flowId, version) as Row[]),
        movedOutAt: countBy(q.movedOutAt.all(flowId, version) as Row[]),
      };
    },
  };
}
