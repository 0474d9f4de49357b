import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { createApp, ManualClock, SqliteStore } from '@tandem/runtime';
import {
  benchApp,
  dropDatabase,
  enrollAll,
  enrollChunk,
  leadId,
  publish,
  seedLeads,
  tempDatabase,
  waitFlow,
} from './fixtures.ts';
import { type Figure, figure, log, median } from './measure.ts';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const REPS = 3;

type Row = Record<string, unknown>;

/** What enrolling lead-0 wrote: its enrollment, timer and timeline rows, the template of the raw inserts. */
function rowsOfOneLead(path: string): { enrollment: Row; timers: Row[]; timeline: Row[] } {
  const store = new SqliteStore(path);
  const enrollment = store.db.prepare('SELECT * FROM enrollments WHERE lead_id = ?').get(leadId(0)) as Row;
  const timers = store.db.prepare('SELECT * FROM timers WHERE enrollment_id = ?').all(enrollment.id) as Row[];
  const timeline = store.db
    .prepare("SELECT * FROM timeline WHERE lead_id = ? AND type != 'leadCreated'")
    .all(leadId(0)) as Row[];
  store.db.close();
  return { enrollment, timers, timeline };
}

/** Raw inserts of the same rows for every lead, one transaction, prepared statements: the floor. */
function insertRaw(path: string, n: number, template: ReturnType<typeof rowsOfOneLead>): number {
  const store = new SqliteStore(path);
  const db = store.db;
  const columns = (row: Row, skip: string[] = []) => Object.keys(row).filter((k) => !skip.includes(k));
  const insert = (table: string, cols: string[]) =>
    db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
  const eCols = columns(template.enrollment);
  const tCols = columns(template.timers[0] ?? {}, ['id']);
  const lCols = columns(template.timeline[0] ?? {}, ['id']);
  const insE = insert('enrollments', eCols);
  const insT = insert('timers', tCols);
  const insL = insert('timeline', lCols);
  const oldId = template.enrollment.id as string;
  const t = performance.now();
  for (let start = 0; start < n; start += enrollChunk) {
    db.transaction(() => {
      for (let i = start; i < Math.min(n, start + enrollChunk); i++) {
        const id = randomUUID();
        const lead = leadId(i);
        insE.run({ ...template.enrollment, id, lead_id: lead });
        for (const timer of template.timers) {
          const { id: _t, ...row } = timer;
          insT.run({ ...row, enrollment_id: id });
        }
        for (const entry of template.timeline) {
          const { id: _l, ...row } = entry;
          insL.run({ ...row, lead_id: lead, data: (row.data as string).replace(oldId, id) });
        }
      }
    })();
  }
  const ms = performance.now() - t;
  db.close();
  return ms;
}

/** Bulk enrollment of `n` leads through the API against raw inserts of the rows it writes. */
export async function enrollSuite(n = 100_000): Promise<Figure[]> {
  const seed = tempDatabase('enroll-seed');
  const work = tempDatabase('enroll-run');
  try {
    const store = new SqliteStore(seed);
    const { app, token } = await benchApp(store, new ManualClock(T0));
    await seedLeads(store, n, T0);
    await publish(app, token, waitFlow);
    await store.close();
    const ours: number[] = [];
    const raw: number[] = [];
    let template: ReturnType<typeof rowsOfOneLead> | null = null;
    for (let rep = 0; rep < REPS; rep++) {
      copyFileSync(seed, work);
      const s = new SqliteStore(work);
      const a = createApp({ store: s, clock: new ManualClock(T0) });
      const t = performance.now();
      await enrollAll(a, token, waitFlow.id, n);
      ours.push(performance.now() - t);
      await s.close();
      template ??= rowsOfOneLead(work);
      dropDatabase(work);
      copyFileSync(seed, work);
      raw.push(insertRaw(work, n, template));
      dropDatabase(work);
      log(
        `enroll rep ${rep + 1}: ${Math.round(ours.at(-1) ?? 0)} ms (raw ${Math.round(raw.at(-1) ?? 0)} ms)`,
      );
    }
    const rows = 1 + (template?.timers.length ?? 0) + (template?.timeline.length ?? 0);
    const rate = (n / median(ours)) * 1000;
    const rawRate = (n / median(raw)) * 1000;
    return [
      figure({
        suite: 'Bulk enrollment',
        name: `${n.toLocaleString('en-US')} leads into a flow: throughput`,
        value: rate,
        unit: 'leads/s',
        baseline: { name: `raw inserts of the same ${rows} rows per lead`, value: rawRate },
        higherIsBetter: true,
        note: `POST /api/flows/:id/enrollments/batch, ${enrollChunk.toLocaleString('en-US')} lead ids per request`,
      }),
      figure({
        suite: 'Bulk enrollment',
        name: `${n.toLocaleString('en-US')} leads into a flow: total time`,
        value: median(ours) / 1000,
        unit: 's',
        baseline: { name: 'raw inserts', value: median(raw) / 1000 },
        higherIsBetter: false,
      }),
    ];
  } finally {
    dropDatabase(seed);
    dropDatabase(work);
  }
}
