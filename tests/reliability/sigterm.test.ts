import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { SqliteStore } from '@tandem/runtime';
import { describe, expect, it } from 'vitest';
import { startRuntime, tempDir } from './runtime-process.ts';

describe('SIGTERM', () => {
  it('stops accepting, finishes the request in flight, closes the database and exits 0', async () => {
    const dbPath = join(tempDir(), 'tandem.db');
    const rt = await startRuntime(dbPath);
    const lead = await rt.call('POST', '/api/leads', { externalId: 'term' });
    const batch = (n: number) =>
      Array.from({ length: 1000 }, (_, i) => ({
        id: `term-${n}-${i}`,
        leadId: lead.body.id,
        type: 'page.visited',
        data: { url: `/p/${i}` },
      }));
    // Three full batches on three connections: applying them takes several hundred milliseconds, so
    // the signal lands while work is in flight on any machine.
    const answeredAt: number[] = [];
    const inFlight = [0, 1, 2].map((n) =>
      rt.call('POST', '/api/events/batch', { events: batch(n) }).then((r) => {
        answeredAt.push(performance.now());
        return r;
      }),
    );
    await new Promise((r) => setTimeout(r, 100));
    const termAt = performance.now();
    rt.child.kill('SIGTERM');
    const answers = await Promise.all(inFlight);
    expect(Math.max(...answeredAt)).toBeGreaterThan(termAt);
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.body.results).toHaveLength(1000);
    }
    // Stopped accepting: a new connection is refused (a pooled keep-alive one would not tell).
    await expect(freshGet(`${rt.base}/api/health`)).rejects.toThrow();
    expect(await rt.exited).toBe(0);
    expect(rt.output()).toContain('Closed cleanly.');
    // A cleanly closed SQLite database has checkpointed and removed its write-ahead log.
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    const store = new SqliteStore(dbPath);
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((store.db.prepare('SELECT COUNT(*) AS c FROM processed_events').get() as { c: number }).c).toBe(
        3000,
      );
    } finally {
      await store.close();
    }
  }, 60_000);

  it('a second runtime on a busy port says so in one line and leaves the database alone', async () => {
    const first = await startRuntime(join(tempDir(), 'first.db'));
    const port = new URL(first.base).port;
    const dbPath = join(tempDir(), 'second.db');
    const second = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: join(import.meta.dirname, '..', '..', 'runtime'),
      env: { ...process.env, PORT: port, DATABASE_PATH: dbPath, STATIC_DIR: '/nonexistent' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    first.child.kill('SIGTERM');
    await first.exited;
    expect(second.status).toBe(1);
    expect(second.stderr.trim()).toBe(
      `Port ${port} is already in use (another Tandem runtime, or another program). Stop it, or start this one with PORT=<another port>.`,
    );
    expect(existsSync(dbPath)).toBe(false);
  }, 60_000);
});

/** A GET on a new connection of its own (no keep-alive pool). */
function freshGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
}
