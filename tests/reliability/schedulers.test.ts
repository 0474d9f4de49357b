import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DAY, sampleFlow, testApp } from '@tandem/runtime/testing';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

function worker(path: string, at: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'scheduler-worker.ts'), path, String(at)],
    {
      cwd: join(here, '..'),
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const ready = new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (out.includes('ready')) {
        clearInterval(check);
        resolve();
      }
    }, 10);
  });
  const done = new Promise<{ fired: number; attempts: number }>((resolve, reject) =>
    child.once('exit', (code) => {
      const m = /\{"fired":\d+,"attempts":\d+\}/.exec(out);
      if (code === 0 && m) resolve(JSON.parse(m[0]));
      else reject(new Error(`worker exited ${code}: ${out}`));
    }),
  );
  return { child, ready, done };
}

describe('two scheduler loops on one database', () => {
  it('never fire one timer twice', async () => {
    const t = testApp();
    const leads = 300;
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    for (let i = 0; i < leads; i++) {
      const lead = await t.lead({ externalId: `two-${i}` });
      await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
    }
    const due = t.store.db.prepare('SELECT COUNT(*) AS c FROM timers').get() as { c: number };
    expect(due.c).toBe(leads);
    const at = t.clock.now() + 4 * DAY;
    await t.close();

    const a = worker(t.path, at);
    const b = worker(t.path, at);
    await Promise.all([a.ready, b.ready]);
    a.child.stdin.write('go\n');
    b.child.stdin.write('go\n');
    const [ra, rb] = await Promise.all([a.done, b.done]);
    console.log(
      `two schedulers: fired ${ra.fired} + ${rb.fired} of ${leads} timers, tried ${ra.attempts} + ${rb.attempts}`,
    );
    expect(ra.fired + rb.fired).toBe(leads);
    // Both loops went for the timers; the losers found them taken.
    expect(ra.attempts).toBeGreaterThan(0);
    expect(rb.attempts).toBeGreaterThan(0);

    const again = testApp({ path: t.path });
    try {
      const outcomes = again.store.db
        .prepare(
          "SELECT lead_id, COUNT(*) AS c FROM timeline WHERE type = 'recordOutcome' AND node_id = 'welcome' GROUP BY lead_id",
        )
        .all() as { c: number }[];
      expect(outcomes).toHaveLength(leads);
      expect(outcomes.every((o) => o.c === 1)).toBe(true);
      // Each lead now waits a week: one new timer per lead, none left from the window.
      const left = again.store.db.prepare('SELECT node_id, COUNT(*) AS c FROM timers GROUP BY node_id').all();
      expect(left).toEqual([{ node_id: 'pause', c: leads }]);
    } finally {
      await again.close();
    }
  }, 60_000);
});
