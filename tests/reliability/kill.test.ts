import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SqliteStore } from '@tandem/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { type RuntimeProcess, startRuntime, tempDir } from './runtime-process.ts';

const DAY = 86_400_000;
const cycles = Number(process.env.KILL_CYCLES ?? 8);
const leadCount = 120;
const eventCount = Number(process.env.KILL_EVENTS ?? 6000);

/** entry → welcome email → wait a day → follow-up email → goal: two sends and three timers per lead. */
const killFlow = {
  id: 'kill-test',
  name: 'Kill test nurture',
  entry: { trigger: { type: 'event', eventType: 'lead.created' }, reentry: { policy: 'never' } },
  nodes: [
    { id: 'start', kind: 'entry', label: 'New lead' },
    {
      id: 'welcome',
      kind: 'email',
      label: 'Welcome',
      settings: { template: 'welcome', subject: 'Welcome', window: { amount: 2, unit: 'days' } },
    },
    {
      id: 'pause',
      kind: 'wait',
      label: 'A day',
      settings: { mode: 'duration', duration: { amount: 1, unit: 'days' } },
    },
    {
      id: 'followup',
      kind: 'email',
      label: 'Follow-up',
      settings: { template: 'followup', subject: 'Still there?', window: { amount: 1, unit: 'days' } },
    },
    { id: 'done', kind: 'goal', label: 'Done', settings: { reason: 'Nurtured' } },
  ],
  edges: ['clicked', 'opened', 'noEngagement']
    .flatMap((o) => [
      { id: `w-${o}`, source: 'welcome', outcome: o, target: 'pause' },
      { id: `f-${o}`, source: 'followup', outcome: o, target: 'done' },
    ])
    .concat([
      { id: 'e1', source: 'start', outcome: 'next', target: 'welcome' },
      { id: 'e2', source: 'pause', outcome: 'done', target: 'followup' },
    ]),
};

interface PlannedEvent {
  id: string;
  externalId: string;
  type: string;
  data: Record<string, unknown>;
}

/** A webhook receiver standing in for the e-mail provider: it records every delivery, repeats included. */
function receiver(): Promise<{ server: Server; url: string; deliveries: string[] }> {
  const deliveries: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      deliveries.push(String(req.headers['idempotency-key']));
      res.writeHead(200).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, deliveries }),
    ),
  );
}

const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

describe('crash recovery under SIGKILL', () => {
  it('applies every acknowledged event once, fires every timer once and loses or doubles no message', async () => {
    const dbPath = join(tempDir(), 'tandem.db');
    const hook = await receiver();
    servers.push(hook.server);
    const env = {
      CHANNELS: 'email=webhook,webinar=webhook,task=webhook',
      WEBHOOK_URL: hook.url,
      WEBHOOK_SECRET: 'kill-test-secret',
    };
    const rand = (n: number) => Math.floor(Math.random() * n);

    const leads = Array.from({ length: leadCount }, (_, i) => `kill-lead-${i}`);
    const planned: PlannedEvent[] = Array.from({ length: eventCount }, (_, i) => {
      const externalId = leads[rand(leadCount)] as string;
      const opened = i % 25 === 0;
      return {
        id: `ev-${i}`,
        externalId,
        type: opened ? 'email.opened' : 'page.visited',
        data: { n: `ev-${i}`, url: `/pricing?i=${i}` },
      };
    });
    const acked = new Set<string>();
    const leadsAcked = new Set<string>();
    const stats = {
      kills: 0,
      singlePosts: 0,
      batchPosts: 0,
      duplicatesAnswered: 0,
      advancesStarted: 0,
      advances: 0,
      lostRequests: 0,
      timerStepsDuringKills: 0,
    };

    /** Sends events until told to stop or everything is acknowledged; unacknowledged ones stay pending. */
    const ingestWorker = async (rt: RuntimeProcess, stop: { now: boolean }) => {
      while (!stop.now) {
        const pending = planned.filter((e) => !acked.has(e.id) && leadsAcked.has(e.externalId));
        if (pending.length === 0) return;
        const start = rand(Math.max(1, pending.length - 30));
        const take = Math.random() < 0.5 ? 1 : 1 + rand(30);
        const slice = pending.slice(start, start + take);
        const single = slice.length === 1;
        const body = single ? slice[0] : { events: slice };
        try {
          const res = await rt.call('POST', single ? '/api/events' : '/api/events/batch', body);
          if (res.status !== 200)
            throw new Error(`events answered ${res.status}: ${JSON.stringify(res.body)}`);
          for (const e of slice) acked.add(e.id);
          if (single) stats.singlePosts++;
          else stats.batchPosts++;
        } catch (error) {
          if (!stop.now && !(error instanceof TypeError)) throw error;
          stats.lostRequests++;
          return;
        }
      }
    };
    const clockWorker = async (rt: RuntimeProcess, stop: { now: boolean }) => {
      while (!stop.now) {
        try {
          stats.advancesStarted++;
          await rt.call('POST', '/api/admin/clock/advance', { ms: 2 * 3_600_000 });
          stats.advances++;
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 40));
      }
    };
    const createLeads = async (rt: RuntimeProcess) => {
      for (const externalId of leads) {
        if (leadsAcked.has(externalId)) continue;
        const res = await rt.call('POST', '/api/leads', { externalId, email: `${externalId}@example.com` });
        if (res.status !== 200 && res.status !== 201) throw new Error(`lead answered ${res.status}`);
        leadsAcked.add(externalId);
      }
    };
    const publish = async (rt: RuntimeProcess) => {
      const latest = await rt.call('GET', '/api/flows/kill-test/versions');
      // 404 until the flow's first publish.
      if (latest.status === 404)
        expect((await rt.call('POST', '/api/flows/kill-test/publish', killFlow)).status).toBe(201);
    };

    for (let cycle = 0; cycle < cycles; cycle++) {
      const rt = await startRuntime(dbPath, env);
      try {
        // Acknowledged events must answer "duplicate" after a crash: they were durably applied.
        const sample = [...acked].sort(() => Math.random() - 0.5).slice(0, 40);
        for (const id of sample) {
          const ev = planned.find((e) => e.id === id) as PlannedEvent;
          const res = await rt.call('POST', '/api/events', ev);
          expect(res.body.status).toBe('duplicate');
          stats.duplicatesAnswered++;
        }
        await publish(rt);
        const stop = { now: false };
        const work = Promise.all([
          (async () => {
            await createLeads(rt).catch(() => undefined);
            await Promise.all([ingestWorker(rt, stop), ingestWorker(rt, stop), ingestWorker(rt, stop)]);
          })(),
          clockWorker(rt, stop),
        ]);
        await new Promise((r) => setTimeout(r, 700 + rand(1500)));
        rt.child.kill('SIGKILL');
        stop.now = true;
        stats.kills++;
        await rt.exited;
        await work;
      } catch (error) {
        rt.child.kill('SIGKILL');
        throw error;
      }
    }

    // Timers that fired while the runtime was being killed: waits done, e-mail windows closed.
    const during = new SqliteStore(dbPath);
    stats.timerStepsDuringKills = (
      during.db
        .prepare(
          `SELECT COUNT(*) AS c FROM timeline WHERE type = 'recordOutcome' AND flow_id = 'kill-test'
           AND (node_id = 'pause' OR json_extract(data, '$.outcome') = 'noEngagement')`,
        )
        .get() as { c: number }
    ).c;
    await during.close();

    // A last, clean run: everything still pending is sent (with repeats), time runs out the journeys.
    const rt = await startRuntime(dbPath, env);
    await publish(rt);
    await createLeads(rt);
    const stop = { now: false };
    await Promise.all([ingestWorker(rt, stop), ingestWorker(rt, stop)]);
    expect(acked.size).toBe(eventCount);
    const repeats = await rt.call('POST', '/api/events/batch', {
      events: planned.slice(0, 500),
    });
    expect(repeats.body.results.every((r: { status: string }) => r.status === 'duplicate')).toBe(true);
    expect((await rt.call('POST', '/api/admin/clock/advance', { ms: 30 * DAY })).status).toBe(200);
    for (let i = 0; i < 20; i++) {
      const pending = await rt.call('GET', '/api/outbox?status=pending');
      if (pending.body.length === 0) break;
      await rt.call('POST', '/api/admin/tick');
    }
    rt.child.kill('SIGTERM');
    expect(await rt.exited).toBe(0);

    const store = new SqliteStore(dbPath);
    const db = store.db;
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // Every event applied exactly once.
      const applied = db
        .prepare(
          "SELECT json_extract(data, '$.n') AS n, COUNT(*) AS c FROM timeline WHERE event_type IS NOT NULL AND json_extract(data, '$.n') IS NOT NULL GROUP BY n",
        )
        .all() as { n: string; c: number }[];
      expect(applied.length).toBe(eventCount);
      expect(applied.filter((r) => r.c !== 1)).toEqual([]);
      // Every lead went through the flow once; each timer's outcome is recorded exactly once.
      const enrollments = db
        .prepare("SELECT lead_id, status FROM enrollments WHERE flow_id = 'kill-test'")
        .all() as { lead_id: string; status: string }[];
      expect(enrollments.length).toBe(leadCount);
      expect(enrollments.every((e) => e.status === 'completed')).toBe(true);
      const outcomes = db
        .prepare(
          "SELECT lead_id, node_id, COUNT(*) AS c FROM timeline WHERE flow_id = 'kill-test' AND type = 'recordOutcome' GROUP BY lead_id, node_id",
        )
        .all() as { lead_id: string; node_id: string; c: number }[];
      // entry, welcome (window timer or open), pause (wait timer), follow-up (window timer or open)
      expect(outcomes.length).toBe(leadCount * 4);
      expect(outcomes.filter((o) => o.c !== 1)).toEqual([]);
      const clock = Number(
        (db.prepare("SELECT value FROM settings WHERE key = 'manualClock.now'").get() as { value: string })
          .value,
      );
      const overdue = db.prepare('SELECT COUNT(*) AS c FROM timers WHERE due_at <= ?').get(clock) as {
        c: number;
      };
      expect(overdue.c).toBe(0);
      // Outbox: one message per send, each key unique, all sent, every key delivered.
      const messages = db.prepare('SELECT idempotency_key AS k, status, lead_id FROM outbox').all() as {
        k: string;
        status: string;
      }[];
      const killFlowSends = db
        .prepare(
          "SELECT COUNT(*) AS c FROM outbox WHERE enrollment_id IN (SELECT id FROM enrollments WHERE flow_id = 'kill-test')",
        )
        .get() as { c: number };
      expect(killFlowSends.c).toBe(leadCount * 2);
      expect(new Set(messages.map((m) => m.k)).size).toBe(messages.length);
      expect(messages.filter((m) => m.status !== 'sent')).toEqual([]);
      const delivered = new Set(hook.deliveries);
      expect(messages.filter((m) => !delivered.has(m.k))).toEqual([]);
      expect([...delivered].filter((k) => !messages.some((m) => m.k === k))).toEqual([]);
      const repeatsDelivered = hook.deliveries.length - delivered.size;
      // A repeat can only come from a kill between "provider accepted" and "marked sent".
      // (one in-flight message per channel at most: channels are delivered side by side).
      expect(repeatsDelivered).toBeLessThanOrEqual(stats.kills * 3);
      const timers = db.prepare("SELECT COUNT(*) AS c FROM timeline WHERE type = 'recordOutcome'").get() as {
        c: number;
      };
      const figures = {
        ...stats,
        events: eventCount,
        leads: leadCount,
        eventsAppliedOnce: applied.length,
        killFlowTimerOutcomes: outcomes.length,
        allOutcomesRecorded: timers.c,
        outboxMessages: messages.length,
        deliveries: hook.deliveries.length,
        repeatedDeliveries: repeatsDelivered,
      };
      console.log(`kill test figures: ${JSON.stringify(figures)}`);
    } finally {
      await store.close();
    }
  }, 240_000);
});
