import { ManualClock, SqliteStore } from '@tandem/runtime';
import {
  benchApp,
  dropDatabase,
  enrollAll,
  publish,
  seedLeads,
  tableBytes,
  tempDatabase,
  waitFlow,
} from './fixtures.ts';
import { storageHoldsBack } from './holds-back.ts';
import { type Figure, figure, log } from './measure.ts';

const T0 = Date.parse('2026-03-02T09:00:00Z');
/** Everything enrolling a lead writes; the lead row itself exists with or without the enrollment. */
const enrollmentTables = ['enrollments', 'timers', 'timeline', 'tasks', 'outbox'];

/** Bytes per enrolled lead (dbstat) against a minimal row of lead id, state and context. */
export async function storageSuite(n = 100_000): Promise<Figure[]> {
  const path = tempDatabase('storage');
  try {
    const store = new SqliteStore(path);
    const { app, token } = await benchApp(store, new ManualClock(T0));
    await seedLeads(store, n, T0);
    await publish(app, token, waitFlow);
    await enrollAll(app, token, waitFlow.id, n);
    const db = store.db;
    db.exec(
      'CREATE TABLE bench_minimal (lead_id TEXT PRIMARY KEY, state TEXT NOT NULL, context TEXT NOT NULL)',
    );
    db.exec(`INSERT INTO bench_minimal (lead_id, state, context)
      SELECT lead_id, json_extract(snapshot, '$.value'), COALESCE(json_extract(snapshot, '$.context'), '{}') FROM enrollments`);
    db.exec('VACUUM');
    const ours = tableBytes(db, enrollmentTables) / n;
    const perTable = Object.fromEntries(enrollmentTables.map((t) => [t, tableBytes(db, [t]) / n]));
    const state = tableBytes(db, ['enrollments', 'timers']) / n;
    const timeline = tableBytes(db, ['timeline']) / n;
    const minimal = tableBytes(db, ['bench_minimal']) / n;
    const leadRow = tableBytes(db, ['leads']) / n;
    const sample = db.prepare('SELECT snapshot FROM enrollments LIMIT 1').get() as { snapshot: string };
    log(`storage: ${ours.toFixed(0)} B/lead (minimal ${minimal.toFixed(0)} B), snapshot ${sample.snapshot}`);
    await store.close();
    return [
      figure({
        suite: 'Storage',
        name: `bytes per enrolled lead (${enrollmentTables.join(', ')} with their indexes)`,
        value: ours,
        unit: 'B',
        baseline: { name: 'minimal row: lead id, state, context (with its key index)', value: minimal },
        higherIsBetter: false,
        note: `${n.toLocaleString('en-US')} leads waiting on a timer, after VACUUM; the lead's own row adds ${Math.round(leadRow)} B; stored snapshot: \`${sample.snapshot}\``,
        target: { text: '≤ 1 KiB', met: ours <= 1024 },
        holdsBack: storageHoldsBack(perTable),
      }),
      figure({
        suite: 'Storage',
        name: 'of which run state: enrollment + timer rows with their indexes',
        value: state,
        unit: 'B',
        baseline: { name: 'minimal row', value: minimal },
        higherIsBetter: false,
        note: `the rest is the lead's timeline lines written on entry: ${Math.round(timeline)} B`,
      }),
    ];
  } finally {
    dropDatabase(path);
  }
}
