import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStore } from '@tandem/runtime';
import { describe, expect, it } from 'vitest';
import { startRuntime, tempDir } from './runtime-process.ts';

describe('SIGTERM', () => {
  it('stops accepting, finishes the request in flight, closes the database and exits 0', async () => {
    const dbPath = join(tempDir(), 'tandem.db');
    const rt = await startRuntime(dbPath);
    const lead = await rt.call('POST', '/api/leads', { externalId: 'term' });
    const events = Array.from({ length: 1000 }, (_, i) => ({
      id: `term-${i}`,
      leadId: lead.body.id,
      type: 'page.visited',
      data: { url: `/p/${i}` },
    }));
    let answeredAt = 0;
    const inFlight = rt.call('POST', '/api/events/batch', { events }).then((r) => {
      answeredAt = performance.now();
      return r;
    });
    // Wait until the server is working on it (the batch takes a while to apply: ~200 ms on a 2-core
    // machine since the ingest optimisations, down from over 250 ms), then ask it to stop.
    await new Promise((r) => setTimeout(r, 100));
    const termAt = performance.now();
    rt.child.kill('SIGTERM');
    const res = await inFlight;
    expect(answeredAt).toBeGreaterThan(termAt);
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(1000);
    await expect(rt.call('GET', '/api/health')).rejects.toThrow();
    expect(await rt.exited).toBe(0);
    expect(rt.output()).toContain('Closed cleanly.');
    // A cleanly closed SQLite database has checkpointed and removed its write-ahead log.
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    const store = new SqliteStore(dbPath);
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((store.db.prepare('SELECT COUNT(*) AS c FROM processed_events').get() as { c: number }).c).toBe(
        1000,
      );
    } finally {
      await store.close();
    }
  }, 60_000);
});
