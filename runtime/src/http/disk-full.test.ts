import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { IngestThread } from '../ingest/thread.ts';
import { storageFailureCode, WriteHealth } from '../store/write-health.ts';
import { WriteTurn } from '../store/write-turn.ts';
import { type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

/** Holds the database at its current size, as a full disk would: the next write that needs a page fails. */
function fillDisk(app: TestApp): () => void {
  const db = app.store.db;
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
  return () => db.pragma('max_page_count = 4294967294');
}

/** Writes that need new pages: a lead with a long attribute. */
const bigLead = (i: number) => ({ email: `big${i}@example.com`, attributes: { notes: 'x'.repeat(20_000) } });

describe('a full disk', () => {
  it('answers 503 saying so, reports it in the health check, and clears once a write succeeds', async () => {
    t = testApp();
    const free = fillDisk(t);
    const refused = await t.call('POST', '/api/leads', bigLead(1));
    expect(refused.status).toBe(503);
    expect(refused.body.error).toEqual({
      code: 'store_unavailable',
      message:
        'The disk holding the database is full: the change was not applied. Free some space, then send it again.',
    });
    const sick = await t.call('GET', '/api/health');
    expect(sick.status).toBe(503);
    expect(sick.body).toMatchObject({ ok: false, store: 'sqlite', problem: refused.body.error.message });
    // Nothing half-written: the lead is not there.
    expect((await t.call('GET', '/api/leads?search=big1')).body).toEqual([]);

    free();
    expect((await t.call('POST', '/api/leads', bigLead(2))).status).toBe(201);
    expect(await t.call('GET', '/api/health')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('is reported the same when the ingest thread’s write fails', async () => {
    const health = new WriteHealth();
    const entry = new URL('../ingest/fixtures/full-disk-worker.ts', import.meta.url).href;
    const thread = new IngestThread(':memory:', new WriteTurn(), new ManualClock(0), entry, health);
    try {
      const refused = await thread.single(JSON.stringify({ id: 'e1' })).catch((e: unknown) => e);
      // The main thread answers it as its own storage failure (503), and the health check shows it.
      expect(storageFailureCode(refused)).toBe('SQLITE_FULL');
      expect(health.failure?.message).toContain('The disk holding the database is full');
      await thread.single(JSON.stringify({ id: 'freed' }));
      expect(health.failure).toBeNull();
    } finally {
      await thread.close();
    }
  });
});
