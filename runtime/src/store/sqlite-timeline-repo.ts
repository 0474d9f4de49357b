import { describeEffect, funnelStages } from '@tandem/schema';
import type Database from 'better-sqlite3';
import { describeLeadEvent } from '../engine/event-types.ts';
import type { FlowVersionRecord, NewTimelineEntry, TimelineEntry, TimelineFold } from './records.ts';
import { batched, placeholders, valuesList } from './sqlite-batch.ts';
import { sqliteVersionMoves } from './sqlite-version-moves.ts';
import type { TimelineRepo } from './store.ts';
import { enteredText, stepOfLine } from './timeline-text.ts';

/**
 * Step lines stored folded, one row for several (most of a lead's timeline, and most of the timeline's
 * writes). The row is the step's outcome line, `recordOutcome` with its `nodeId` and `outcome` as ever
 * (so SQL over outcomes finds the row by its first outcome), plus what it stands for: `_in`, the data of
 * the "entered the flow" line and the entry step's "reached" line before it; `_next`, the "reached" line
 * of the step that follows; `_rest`, the lines of the same step after those (`FoldPart`: outcomes with
 * their `_next`, and lines kept as type and data, whose text is written again on reading); `_ev`, the line
 * of the lead event that caused the step, before them all (the row then carries that event's `event_type`
 * and `event_at`, which "did the lead do X" rules read). The row takes
 * the id of its last line; the ids just below it, which no other row takes, belong to its earlier lines,
 * so reads give back exactly the lines an unfolded write would have stored (ids, texts and data), and
 * node counts count the outcomes and steps inside `_rest` too.
 */
const statsTypes = "type IN ('enterNode', 'recordOutcome')";
const waterfallTypes = "type IN ('recycled', 'stageChanged', 'taskCompleted')";

/** SQL ranking a stage by its place in the funnel (0 = inquiry); NULL for a side exit. */
const funnelRank = (expr: string) =>
  `CASE ${expr} ${funnelStages.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} END`;

/** Leads counted by their furthest stage → leads that got at least as far as each stage. */
function reachedBy(rows: { best: number; n: number }[]): Record<string, number> {
  return Object.fromEntries(
    funnelStages.map((stage, i) => [stage, rows.filter((r) => r.best >= i).reduce((sum, r) => sum + r.n, 0)]),
  );
}

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

/** The same counts with their keys in order: rows and folded lines add up in any order. */
const sortedKeys = <T>(o: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

const line = (
  r: TimelineRow,
  id: number,
  type: string,
  text: string,
  nodeId: string | null,
  data: Record<string, unknown>,
): TimelineEntry => ({
  id,
  leadId: r.lead_id,
  at: r.at,
  type,
  text,
  flowId: r.flow_id,
  version: r.version,
  nodeId,
  data,
});

/** An outcome (with the step reached after it) or a line kept as its type and data, inside `_rest`. */
type StoredPart =
  | { nodeId: string; outcome: string; _next?: string }
  | { type: string; data: Record<string, unknown> };

/** A lead event's line inside a step's row: what it holds besides its text and time. */
interface StoredEvent {
  type: string;
  data: Record<string, unknown>;
  flowId?: string;
  nodeId?: string;
}

interface FoldedData {
  nodeId: string;
  outcome: string;
  _ev?: StoredEvent;
  _in?: { via: string } & Record<string, unknown>;
  _next?: string;
  _rest?: StoredPart[];
}

/** The lines a fold stands for, from its first to its last: what its row's id counts down from. */
const foldedLines = (fold: TimelineFold, isEntry: boolean): number => {
  let n = (isEntry ? 3 : 1) + (fold.next === undefined ? 0 : 1) + (fold.eventLine ? 1 : 0);
  for (const part of fold.rest ?? []) n += 'type' in part || part.next === undefined ? 1 : 2;
  return n;
};

const storedParts = (parts: NonNullable<TimelineFold['rest']>): StoredPart[] =>
  parts.map((p) =>
    'type' in p
      ? { type: p.type, data: p.data }
      : { nodeId: p.nodeId, outcome: p.outcome, ...(p.next === undefined ? {} : { _next: p.next }) },
  );

/** The lines a folded row stands for, in order. */
function unfold(r: TimelineRow, folded: FoldedData, version: FlowVersionRecord | null): TimelineEntry[] {
  const { nodeId, outcome, _in: entered, _next: next, _rest: parts = [], _ev: event } = folded;
  const doc = version?.doc;
  const describe = (type: string, params: Record<string, unknown>) =>
    describeEffect({ type, params }, doc) ?? '';
  const out: TimelineEntry[] = [];
  const outcomeLines = (step: string, result: string, then: string | undefined) => {
    const data = { nodeId: step, outcome: result };
    out.push(line(r, 0, 'recordOutcome', describe('recordOutcome', data), step, data));
    if (then !== undefined) {
      out.push(line(r, 0, 'enterNode', describe('enterNode', { nodeId: then }), then, { nodeId: then }));
    }
  };
  if (event) {
    out.push({
      ...line(r, 0, event.type, describeLeadEvent(event.type, event.data), event.nodeId ?? null, event.data),
      flowId: event.flowId ?? null,
      version: null,
    });
  }
  if (entered) {
    const text = enteredText(doc?.name ?? r.flow_id ?? '', r.version ?? 0, entered.via);
    out.push(line(r, 0, 'flowEntered', text, null, entered));
    out.push(line(r, 0, 'enterNode', describe('enterNode', { nodeId }), nodeId, { nodeId }));
  }
  outcomeLines(nodeId, outcome, next);
  for (const part of parts) {
    if ('type' in part) {
      out.push(line(r, 0, part.type, describe(part.type, part.data), stepOfLine(part.data), part.data));
    } else outcomeLines(part.nodeId, part.outcome, part._next);
  }
  // The row holds the id of its last line; the others take the ids below it, in order.
  out.forEach((l, i) => {
    l.id = r.id - (out.length - 1 - i);
  });
  return out;
}

/** The shared per-lead record and the reports computed from it, in SQLite. */
export function sqliteTimelineRepo(
  db: Database.Database,
  versionOf: (flowId: string, version: number) => Promise<FlowVersionRecord | null>,
  /** Which write transaction is open (see SqliteStore); without it every write reads the id counter. */
  transaction: () => number = () => -1,
): TimelineRepo {
  const q = {
    ofLead: db.prepare('SELECT * FROM timeline WHERE lead_id = ? ORDER BY at, id'),
    current: db.prepare(
      `SELECT j.value AS key, COUNT(*) AS n FROM enrollments e, json_each(e.active_nodes) j
       WHERE e.flow_id = ? AND e.version = ? AND e.status = 'active' GROUP BY j.value`,
    ),
    entered: db.prepare(
      `SELECT node_id AS key, COUNT(*) AS n FROM timeline WHERE flow_id = ? AND version = ? AND type = 'enterNode' AND ${statsTypes} GROUP BY node_id`,
    ),
    // Folded outcome rows also stand for entering their own step (the entry) or the next one, and for the
    // outcomes and steps reached inside `_rest`.
    enteredParts: db.prepare(
      `SELECT json_extract(j.value, '$._next') AS key, COUNT(*) AS n FROM timeline t, json_each(t.data, '$._rest') j
       WHERE t.flow_id = ? AND t.version = ? AND t.type = 'recordOutcome' AND t.${statsTypes}
         AND json_type(j.value, '$._next') = 'text'
       GROUP BY json_extract(j.value, '$._next')`,
    ),
    outcomeParts: db.prepare(
      `SELECT json_extract(j.value, '$.nodeId') AS node, json_extract(j.value, '$.outcome') AS outcome, COUNT(*) AS n
       FROM timeline t, json_each(t.data, '$._rest') j
       WHERE t.flow_id = ? AND t.version = ? AND t.type = 'recordOutcome' AND t.${statsTypes}
         AND json_type(j.value, '$.outcome') = 'text'
       GROUP BY node, outcome`,
    ),
    enteredFolded: db.prepare(
      `SELECT node_id AS entry, json_extract(data, '$._in') IS NOT NULL AS hasIn, json_extract(data, '$._next') AS next,
         COUNT(*) AS n FROM timeline
       WHERE flow_id = ? AND version = ? AND type = 'recordOutcome' AND ${statsTypes}
         AND (json_extract(data, '$._in') IS NOT NULL OR json_extract(data, '$._next') IS NOT NULL)
       GROUP BY entry, hasIn, next`,
    ),
    outcomes: db.prepare(
      `SELECT node_id AS node, json_extract(data, '$.outcome') AS outcome, COUNT(*) AS n FROM timeline
       WHERE flow_id = ? AND version = ? AND type = 'recordOutcome' AND ${statsTypes}
       GROUP BY node_id, outcome`,
    ),
    stages: db.prepare('SELECT stage AS key, COUNT(*) AS n FROM leads GROUP BY stage'),
    // Each lead by the furthest funnel stage it ever had: its stage changes, and its stage now (a lead may be
    // created at a later stage). Side exits (recycled, disqualified) rank nowhere.
    furthest: db.prepare(
      `SELECT best, COUNT(*) AS n FROM (
         SELECT lead_id, MAX(r) AS best FROM (
           SELECT lead_id, ${funnelRank("json_extract(data, '$.stage')")} AS r FROM timeline
           WHERE type = 'stageChanged' AND ${waterfallTypes}
           UNION ALL SELECT id, ${funnelRank('stage')} FROM leads
         ) WHERE r IS NOT NULL GROUP BY lead_id
       ) GROUP BY best`,
    ),
    recycled: db.prepare(
      `SELECT json_extract(data, '$.reason') AS key, COUNT(*) AS n FROM timeline WHERE type = 'recycled' AND ${waterfallTypes} GROUP BY key`,
    ),
    // A sales disqualification often moves the stage in the same step: the task's line, then the stage's
    // as the next disqualification line of that flow version, lead and instant. The pair counts once, with
    // the reason sales gave; every other disqualification counts, even in the same millisecond (two flows'
    // tasks, the events of one batch), so lines are not grouped by lead and time.
    disqualified: db.prepare(
      `SELECT json_extract(data, '$.reason') AS key, COUNT(*) AS n FROM (
         SELECT type, data, LAG(type) OVER (PARTITION BY lead_id, at, flow_id, version ORDER BY id) AS before
         FROM timeline
         WHERE ((type = 'stageChanged' AND json_extract(data, '$.stage') = 'disqualified')
            OR (type = 'taskCompleted' AND json_extract(data, '$.outcome') IN ('disqualified', 'rejected')))
           AND ${waterfallTypes}
       ) WHERE type = 'taskCompleted' OR before IS NOT 'taskCompleted'
       GROUP BY key`,
    ),
  };
  const moves = sqliteVersionMoves(db);
  // A line's columns after its id. A lead event's line also carries the event (`event_type`, `event_at`):
  // it is the event's only record.
  const lineColumns = 'lead_id, at, type, text, flow_id, version, node_id, data, event_type, event_at';
  const plainValues = (l: NewTimelineEntry) => [
    l.leadId,
    l.at,
    l.type,
    l.text,
    l.flowId,
    l.version,
    l.nodeId,
    JSON.stringify(l.data),
    l.event?.type ?? null,
    l.event?.at ?? null,
  ];
  // Lines written together get their ids here, from the table's AUTOINCREMENT counter read once per write,
  // so that plain and folded rows go in together, many per statement (SQLite moves the counter to the
  // largest id).
  const lastId = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'timeline'").pluck();
  // Within one write transaction no other connection writes, so the last id this repository wrote is the
  // counter: later writes in it need not read it again (≈2 µs of an event that steps a flow). A savepoint
  // rolled back leaves it above the counter, which only skips ids; a new transaction reads it afresh.
  let knownIn = -1;
  let knownId = 0;
  const noteId = (id: number) => {
    knownIn = db.inTransaction ? transaction() : -1;
    knownId = id;
  };
  const currentId = (): number => {
    if (knownIn >= 0 && knownIn === transaction() && db.inTransaction) return knownId;
    return (lastId.get() as number | undefined) ?? 0;
  };
  const insertRows = batched(
    db,
    (n) => `INSERT INTO timeline (id, ${lineColumns}) VALUES ${valuesList(n, 11)}`,
  );
  // One plain line (a lead event, most API writes): the counter assigns its id, with no read first.
  const insertOne = db.prepare(`INSERT INTO timeline (${lineColumns}) VALUES (${placeholders(10)})`);
  // Folded rows of the same shape (most timer steps) share their data text.
  const foldedText = new Map<string, string>();
  const foldedData = (l: NewTimelineEntry, fold: TimelineFold, isEntry: boolean) => {
    const event = fold.eventLine;
    if (isEntry || fold.rest?.length || event)
      return JSON.stringify({
        nodeId: fold.nodeId,
        outcome: fold.outcome,
        ...(event
          ? {
              _ev: {
                type: event.type,
                data: event.data,
                ...(event.flowId === null ? {} : { flowId: event.flowId }),
                ...(event.nodeId === null ? {} : { nodeId: event.nodeId }),
              },
            }
          : {}),
        ...(isEntry ? { _in: l.data as FoldedData['_in'] & object } : {}),
        ...(fold.next === undefined ? {} : { _next: fold.next }),
        ...(fold.rest?.length ? { _rest: storedParts(fold.rest) } : {}),
      } satisfies FoldedData);
    const key = `${fold.nodeId}\n${fold.outcome}\n${fold.next ?? ''}`;
    let text = foldedText.get(key);
    if (text === undefined) {
      text = JSON.stringify({
        nodeId: fold.nodeId,
        outcome: fold.outcome,
        ...(fold.next === undefined ? {} : { _next: fold.next }),
      } satisfies FoldedData);
      if (foldedText.size > 10_000) foldedText.clear();
      foldedText.set(key, text);
    }
    return text;
  };
  const insertLines = (lines: NewTimelineEntry[]) => {
    if (lines.length === 0) return;
    let id = currentId();
    const rows: unknown[][] = [];
    for (const l of lines) {
      const fold = l.fold;
      if (!fold) {
        id += 1;
        rows.push([id, ...plainValues(l)]);
        continue;
      }
      const isEntry = l.type === 'flowEntered';
      // The row takes the id of its last line; the ids below it belong to its earlier lines.
      id += foldedLines(fold, isEntry);
      const data = foldedData(l, fold, isEntry);
      rows.push([
        id,
        l.leadId,
        l.at,
        'recordOutcome',
        '',
        l.flowId,
        l.version,
        fold.nodeId,
        data,
        fold.eventLine?.type ?? null,
        fold.eventLine?.at ?? null,
      ]);
    }
    insertRows(rows);
    noteId(id);
  };
  return {
    async addTimeline(e) {
      if (e.fold) insertLines([e]);
      else noteId(Number(insertOne.run(...plainValues(e)).lastInsertRowid));
    },
    async addTimelines(entries) {
      insertLines(entries);
    },
    async timeline(leadId) {
      const out: TimelineEntry[] = [];
      for (const r of q.ofLead.all(leadId) as TimelineRow[]) {
        const entry = toEntry(r);
        const data = entry.data as Partial<FoldedData>;
        if (
          r.type !== 'recordOutcome' ||
          (data._in === undefined &&
            data._next === undefined &&
            data._rest === undefined &&
            data._ev === undefined)
        )
          out.push(entry);
        else out.push(...unfold(r, data as FoldedData, await versionOf(r.flow_id ?? '', r.version ?? 0)));
      }
      return out;
    },
    async nodeCounts(flowId, version) {
      const outcomes: Record<string, Record<string, number>> = {};
      type OutcomeRow = { node: string; outcome: string; n: number };
      for (const r of [
        ...(q.outcomes.all(flowId, version) as OutcomeRow[]),
        ...(q.outcomeParts.all(flowId, version) as OutcomeRow[]),
      ]) {
        outcomes[r.node] = { ...outcomes[r.node], [r.outcome]: (outcomes[r.node]?.[r.outcome] ?? 0) + r.n };
      }
      return {
        current: countBy(q.current.all(flowId, version) as { key: string; n: number }[]),
        entered: sortedKeys(
          countBy([
            ...(q.entered.all(flowId, version) as { key: string; n: number }[]),
            ...(q.enteredParts.all(flowId, version) as { key: string; n: number }[]),
            ...(
              q.enteredFolded.all(flowId, version) as {
                entry: string;
                hasIn: number;
                next: string | null;
                n: number;
              }[]
            ).flatMap((r) => [
              ...(r.hasIn ? [{ key: r.entry, n: r.n }] : []),
              ...(r.next !== null ? [{ key: r.next, n: r.n }] : []),
            ]),
          ]),
        ),
        outcomes: sortedKeys(
          Object.fromEntries(Object.entries(outcomes).map(([node, n]) => [node, sortedKeys(n)])),
        ),
      };
    },
    async versionMoves(flowId, version) {
      return moves.counts(flowId, version);
    },
    async waterfall() {
      type Row = { key: string | null; n: number };
      return {
        stages: countBy(q.stages.all() as Row[]),
        reached: reachedBy(q.furthest.all() as { best: number; n: number }[]),
        recycled: countBy(q.recycled.all() as Row[], 'no reason given'),
        disqualified: countBy(q.disqualified.all() as Row[], 'no reason given'),
      };
    },
  };
}
