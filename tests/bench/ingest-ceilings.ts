import { SqliteStore } from '@tandem/runtime';
import { dropDatabase, leadId, tempDatabase } from './fixtures.ts';
import {
  BATCH,
  LEADS,
  load,
  type Run,
  SECONDS,
  type Server,
  spread,
  startServer,
  stopServers,
} from './ingest.ts';
import { type Figure, figure, log, median } from './measure.ts';

const suite = 'Event ingest over HTTP';
const CEILING_REPS = 5;

/**
 * What this machine allows an ingest design, measured in the same run as the missed ingest targets:
 * - the same app answering single events from 10 connections without checking or applying them, after
 *   handing each to a thread and back (`hand-off-worker.ts`), or on the main thread: no work on the
 *   events can make either design faster than that;
 * - SQLite alone writing the two rows every event needs (its id claim and its timeline line), with no
 *   HTTP, checks or engine, on one thread: 10 events a transaction (at most 10 are in flight from 10
 *   connections) and 100 (a batch);
 * - SQLite alone writing what an event that steps the flow stores besides (the step's row, the lead's
 *   score, the moved timer), 100 events a transaction.
 * Returns the figures and a sentence for each missed row's "what holds it back".
 */
export async function ingestCeilings(
  bare: Server,
  bareBatch: number,
  bareStepping: number,
): Promise<{
  figures: Figure[];
  fewConnections: string;
  batch: string;
  stepping: string;
  steppingBatch: string;
}> {
  const dbs = [tempDatabase('ceiling-thread'), tempDatabase('ceiling-main')];
  const thread = await startServer('tandem', dbs[0] as string, ['--answer-only=thread']);
  const main = await startServer('tandem', dbs[1] as string, ['--answer-only=main']);
  const runs = { bare: [] as Run[], thread: [] as Run[], main: [] as Run[] };
  try {
    for (const [name, server] of [['thread', thread] as const, ['main', main] as const]) {
      await load(server, false, `cw${name}`, 2, 10);
    }
    for (let rep = 0; rep < CEILING_REPS; rep++) {
      runs.bare.push(await load(bare, false, `cb${rep}`, SECONDS, 10));
      runs.thread.push(await load(thread, false, `ct${rep}`, SECONDS, 10));
      runs.main.push(await load(main, false, `cm${rep}`, SECONDS, 10));
      log(
        `ingest ceilings rep ${rep + 1}: handed to a thread ${Math.round(runs.thread.at(-1)?.eventsPerSec ?? 0)}, ` +
          `main thread ${Math.round(runs.main.at(-1)?.eventsPerSec ?? 0)} events/s (bare ${Math.round(runs.bare.at(-1)?.eventsPerSec ?? 0)})`,
      );
    }
  } finally {
    await stopServers([thread, main]);
    for (const db of dbs) dropDatabase(db);
  }
  const eps = (rs: Run[]) => median(rs.map((r) => r.eventsPerSec));
  const note = `wrk, 10 keep-alive connections, ${SECONDS} s × ${CEILING_REPS}, alternating with the bare route`;
  // Events a second beside a bare route's, in the ingest suite's table.
  const rate = (name: string, value: number, baseline: Figure['baseline'], detail: string) =>
    figure({ suite, name, value, unit: 'events/s', baseline, higherIsBetter: true, note: detail });
  const bareSingles = { name: 'bare Hono route, single events', value: eps(runs.bare) };
  const handedOff = rate(
    'ceiling, single events, 10 connections: our app handing each event to a thread and back, nothing applied',
    eps(runs.thread),
    bareSingles,
    `${note}; the thread parses the JSON and answers (bench/hand-off-worker.ts); ${spread(runs.thread, runs.bare)}`,
  );
  const onMain = rate(
    'ceiling, single events, 10 connections: our app answering on the main thread, nothing applied',
    eps(runs.main),
    bareSingles,
    `${note}; authentication, routing and headers as for real events, the JSON parsed and answered; ${spread(runs.main, runs.bare)}`,
  );
  const sqlNote =
    'raw better-sqlite3 on one thread, the runtime’s schema and statements, 200,000 lines already stored, ' +
    `random leads of ${LEADS.toLocaleString('en-US')}, WAL checkpoints left out`;
  const floor = (perTransaction: number) =>
    `floor, SQLite alone: an event’s id claim and timeline line, ${perTransaction} events a transaction`;
  const sqlFew = rate(floor(10), rawEventWrites(10), bareSingles, sqlNote);
  const sqlBatch = rate(
    floor(BATCH),
    rawEventWrites(BATCH),
    { name: `bare Hono route, batches of ${BATCH}`, value: bareBatch },
    sqlNote,
  );
  const sqlStep = rate(
    `floor, SQLite alone: an event that steps the flow (id claim, the event’s line, the step’s row, the score, the moved timer), ${BATCH} events a transaction`,
    rawEventWrites(BATCH, { stepping: true }),
    { name: 'bare Hono route, single events, 100 connections', value: bareStepping },
    sqlNote,
  );
  return {
    figures: [handedOff, onMain, sqlFew, sqlBatch, sqlStep],
    ...explainCeilings(handedOff, onMain, sqlFew, sqlBatch, sqlStep),
  };
}

/**
 * The sentences the missed ingest rows get from the ceilings measured in the same run (also used to render
 * the report again from benchmarks.json).
 */
export function explainCeilings(
  handedOff: Figure,
  onMain: Figure,
  sqlFew: Figure,
  sqlBatch: Figure,
  sqlStep?: Figure,
): { fewConnections: string; batch: string; stepping: string; steppingBatch: string } {
  const x = (f: Figure) => `${f.ratio.toFixed(2)}×`;
  const n = (v: number) => Math.round(v).toLocaleString('en-US');
  const us = (eventsPerSec: number) => 1e6 / eventsPerSec;
  const µs = (v: number) => `${Math.max(0, v).toFixed(1)} µs`;
  const budget = us(0.45 * onMain.baseline.value);
  const left = budget - us(onMain.value) - us(sqlFew.value);
  return {
    fewConnections:
      `In this run, with nothing applied, handing each event to a thread and back reached ${n(handedOff.value)} ` +
      `events/s (${x(handedOff)} the bare route), and answering on the main thread reached ${n(onMain.value)} ` +
      `(${x(onMain)}). On one thread, 45% of the bare route allows ${µs(budget)} an event: our HTTP stack ` +
      `takes ${µs(us(onMain.value))} and SQLite alone, writing an event’s two rows 10 to a transaction, ` +
      `${µs(us(sqlFew.value))}, ` +
      (left > 0
        ? `which leaves ${µs(left)} to check the event and step its enrollments (≈15–20 µs in the batch profile).`
        : `together ${µs(-left)} over it before the event is checked or its enrollments stepped.`),
    batch:
      'In this run SQLite alone, writing only an event’s two rows 100 to a transaction on one thread, took ' +
      `${µs(us(sqlBatch.value))} an event (${n(sqlBatch.value)} events/s, ${x(sqlBatch)} the bare route); 45% ` +
      `of the bare route allows ${µs(us(0.45 * sqlBatch.baseline.value))}.`,
    stepping: sqlStep
      ? `In this run SQLite alone, writing only what such an event stores, ${BATCH} to a transaction on one ` +
        `thread, took ${µs(us(sqlStep.value))} an event. The thread that applies events may spend ` +
        `${µs(us(0.45 * sqlStep.baseline.value))} an event for 45% of the bare route (single events from 100 ` +
        `connections), which leaves ${µs(us(0.45 * sqlStep.baseline.value) - us(sqlStep.value))} for checking the ` +
        `event, stepping the flow and the hand-off between threads; ${µs(us(10_000))} for 10,000 events/s ` +
        `leaves ${µs(us(10_000) - us(sqlStep.value))}.`
      : '',
    steppingBatch: sqlStep
      ? `In this run SQLite alone, writing only what such an event stores, ${BATCH} to a transaction on one ` +
        `thread, took ${µs(us(sqlStep.value))} an event; 45% of the bare route allows ` +
        `${µs(us(0.45 * sqlBatch.baseline.value))}, and 10,000 events/s ${µs(us(10_000))} (a batch is applied ` +
        `on one thread).`
      : '',
  };
}

/**
 * Events a second SQLite writes when it does only what every event needs, in transactions of `perTransaction`:
 * claim the event's id and add its timeline line, with the runtime's statements on a database of the
 * runtime's schema that already holds 20 lines per lead. With `stepping`, also what an event that moves
 * the score flow (`scoreFlow`) stores: the step's row (its lines folded into one, as the runtime stores
 * them), the lead's new score and the lead's timeout moved 30 days on. Checkpoints are left out (the runtime
 * runs them on a thread of its own), so this is a floor of the cost, not of what a server pays.
 */
export function rawEventWrites(
  perTransaction: number,
  { stepping = false, events = 50_000 }: { stepping?: boolean; events?: number } = {},
): number {
  const path = tempDatabase(`raw-events-${perTransaction}`);
  const store = new SqliteStore(path);
  const db = store.db;
  try {
    db.pragma('wal_autocheckpoint = 0');
    const claim = db.prepare(
      'INSERT OR IGNORE INTO processed_events (id, lead_id, type, at) VALUES (?, ?, ?, ?)',
    );
    const line = db.prepare(
      'INSERT INTO timeline (lead_id, at, type, text, flow_id, version, node_id, data, event_type, event_at) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const score = db.prepare('UPDATE leads SET score = ?, updated_at = ? WHERE id = ?');
    const timer = db.prepare(
      `INSERT INTO timers (enrollment_id, send_id, event, node_id, due_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (enrollment_id, send_id) DO UPDATE SET event = excluded.event, node_id = excluded.node_id, due_at = excluded.due_at`,
    );
    // The timeout set again for later, as the runtime does it: in place, its index entry left where it was.
    const rearm = db.prepare(
      `UPDATE timers SET event = ?, node_id = ?, later_due = ? WHERE enrollment_id = ? AND send_id = ? AND due_at <= ?`,
    );
    const timeout = 30 * 86_400_000;
    const step = (lead: string, at: number) => {
      const points = `{"type":"scoreChanged","data":{"nodeId":"score","points":5,"score":${at % 1000},"reason":"Page visit"}}`;
      line.run(
        lead,
        at,
        'recordOutcome',
        '',
        'bench-score',
        1,
        'listen',
        `{"nodeId":"listen","outcome":"received","_next":"score","_rest":[${points},{"nodeId":"score","outcome":"next","_next":"listen"}]}`,
        null,
        null,
      );
      score.run(at % 1000, at, lead);
      rearm.run(
        '',
        'listen',
        at + timeout,
        `enrollment-${lead}`,
        'xstate.after.2592000000.listen',
        at + timeout,
      );
    };
    const write = (id: string, lead: string, at: number) => {
      claim.run(id, lead, 'page.visited', at);
      line.run(
        lead,
        at,
        'page.visited',
        'Visited /pricing',
        null,
        null,
        null,
        `{"url":"/pricing","eventAt":${at}}`,
        'page.visited',
        at,
      );
    };
    const at = Date.now();
    db.transaction(() => {
      for (let i = 0; i < 20 * LEADS; i++) write(`seed-${i}`, leadId(i % LEADS), at);
      if (!stepping) return;
      const lead = db.prepare(
        `INSERT INTO leads (id, email, attributes, bant, score, stage, recycle_count, created_at, updated_at)
         VALUES (?, ?, '{}', '{}', 0, 'inquiry', 0, ?, ?)`,
      );
      for (let i = 0; i < LEADS; i++) {
        lead.run(leadId(i), `lead${i}@example.com`, at, at);
        timer.run(`enrollment-${leadId(i)}`, 'xstate.after.2592000000.listen', '', 'listen', at + timeout);
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const group = db.transaction((first: number) => {
      for (let i = first; i < first + perTransaction; i++) {
        const lead = leadId(Math.floor(Math.random() * LEADS));
        write(`raw-${i}`, lead, at + i);
        if (stepping) step(lead, at + i);
      }
    });
    const started = performance.now();
    for (let i = 0; i < events; i += perTransaction) group(i);
    return (events / (performance.now() - started)) * 1000;
  } finally {
    db.close();
    dropDatabase(path);
  }
}
