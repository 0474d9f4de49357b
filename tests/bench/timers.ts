import { copyFileSync } from 'node:fs';
import { createRuntime, ManualClock, SqliteStore } from '@tandem/runtime';
import {
  benchApp,
  DAY,
  dropDatabase,
  enrollAll,
  publish,
  seedLeads,
  tempDatabase,
  waitFlow,
} from './fixtures.ts';
import { holdsBack } from './holds-back.ts';
import { type Figure, figure, log, median } from './measure.ts';

const T0 = Date.parse('2026-03-02T09:00:00Z');

/** Publishes the two-wait flow and enrolls `n` leads: each then waits on one timer due at T0 + 1 day. */
export async function enrolledDatabase(path: string, n: number): Promise<void> {
  const store = new SqliteStore(path);
  const clock = new ManualClock(T0);
  const { app, token } = await benchApp(store, clock);
  await seedLeads(store, n, T0);
  await publish(app, token, waitFlow);
  await enrollAll(app, token, waitFlow.id, n);
  await store.close();
}

/** Drains every due timer with the runtime's scheduler; returns ms and the scheduler's batch size. */
async function drainOurs(path: string, n: number): Promise<{ ms: number; batchSize: number }> {
  const store = new SqliteStore(path);
  const clock = new ManualClock(T0 + DAY);
  const rt = createRuntime({ store, clock });
  const t = performance.now();
  const fired = await rt.scheduler.fireDue();
  const ms = performance.now() - t;
  await store.close();
  if (fired !== n) throw new Error(`the scheduler fired ${fired} of ${n} timers`);
  return { ms, batchSize: rt.scheduler.batchSize };
}

/**
 * The same SQL work with no XState: select due rows by index, read and update the snapshot row,
 * insert the next timer, delete the fired one; one transaction per batch of the scheduler's size.
 */
export function drainRaw(path: string, n: number, batchSize: number): number {
  const store = new SqliteStore(path);
  const db = store.db;
  const now = T0 + DAY;
  const due = db.prepare('SELECT * FROM timers WHERE due_at <= ? ORDER BY due_at, id LIMIT ?');
  const snapshot = db.prepare('SELECT snapshot FROM enrollments WHERE id = ?');
  const update = db.prepare('UPDATE enrollments SET snapshot = ?, active_nodes = ? WHERE id = ?');
  const insert = db.prepare(
    'INSERT INTO timers (enrollment_id, send_id, event, node_id, due_at) VALUES (?, ?, ?, ?, ?)',
  );
  const remove = db.prepare('DELETE FROM timers WHERE id = ?');
  const t = performance.now();
  let fired = 0;
  const batch = db.transaction(() => {
    const rows = due.all(now, batchSize) as { id: number; enrollment_id: string; due_at: number }[];
    for (const row of rows) {
      const snap = JSON.parse((snapshot.get(row.enrollment_id) as { snapshot: string }).snapshot);
      snap.value = 'wait2';
      update.run(JSON.stringify(snap), '["wait2"]', row.enrollment_id);
      insert.run(row.enrollment_id, 'wait2:after', '{"type":"xstate.after.wait2"}', 'wait2', now + DAY);
      remove.run(row.id);
    }
    return rows.length;
  });
  for (;;) {
    const k = batch();
    if (k === 0) break;
    fired += k;
  }
  const ms = performance.now() - t;
  store.db.close();
  if (fired !== n) throw new Error(`the raw drain fired ${fired} of ${n} timers`);
  return ms;
}

/** Timer drain: `n` leads whose timer is due, fired by the scheduler, against the raw SQL work. */
export async function timersSuite(n: number): Promise<Figure[]> {
  const seed = tempDatabase('timers-seed');
  const work = tempDatabase('timers-run');
  const reps = n >= 1_000_000 ? 3 : 5;
  try {
    const t = performance.now();
    await enrolledDatabase(seed, n);
    log(
      `timers: ${n.toLocaleString('en-US')} leads enrolled in ${Math.round(performance.now() - t)} ms (setup)`,
    );
    let batchSize = 0;
    const ours: number[] = [];
    const raw: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      copyFileSync(seed, work);
      const run = await drainOurs(work, n);
      ours.push(run.ms);
      batchSize = run.batchSize;
      dropDatabase(work);
      copyFileSync(seed, work);
      raw.push(drainRaw(work, n, batchSize));
      dropDatabase(work);
      log(
        `timers rep ${rep + 1}: ${Math.round(ours.at(-1) ?? 0)} ms (raw ${Math.round(raw.at(-1) ?? 0)} ms)`,
      );
    }
    const ms = median(ours);
    const rawMs = median(raw);
    const rate = (n / ms) * 1000;
    const rawRate = (n / rawMs) * 1000;
    const big = n >= 1_000_000;
    return [
      figure({
        suite: 'Timer drain',
        name: `${n.toLocaleString('en-US')} due timers: throughput`,
        value: rate,
        unit: 'timers/s',
        baseline: { name: `raw better-sqlite3, same SQL work, batches of ${batchSize}`, value: rawRate },
        higherIsBetter: true,
        target: { text: '≥ 50% of raw SQL', met: rate / rawRate >= 0.5 },
        holdsBack: holdsBack.timers,
      }),
      figure({
        suite: 'Timer drain',
        name: `${n.toLocaleString('en-US')} due timers: total time`,
        value: ms / 1000,
        unit: 's',
        baseline: { name: 'raw better-sqlite3', value: rawMs / 1000 },
        higherIsBetter: false,
        ...(big
          ? { target: { text: '1M in < 30 s', met: ms < 30_000 }, holdsBack: holdsBack.timers }
          : {
              note: `1M projected at this rate: ${((1_000_000 / rate) * 1).toFixed(1)} s; run \`--timers=1000000\` to measure`,
            }),
      }),
    ];
  } finally {
    dropDatabase(seed);
    dropDatabase(work);
  }
}
