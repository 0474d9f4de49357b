import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from './clock.ts';
import { restoreManualClock } from './scheduler.ts';
import { DAY, sampleFlow, type TestApp, tempDatabasePath, testApp } from './testing.ts';

const open: TestApp[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close().catch(() => undefined);
});

/** A runtime on a real listening server over the given database file. */
async function start_(path: string, now: number) {
  const t = testApp({ path, clock: new ManualClock(now) });
  open.push(t);
  const server = serve({ fetch: t.app.fetch, port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const http = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      ...(body === undefined
        ? { headers: t.headers }
        : { body: JSON.stringify(body), headers: { ...t.headers, 'content-type': 'application/json' } }),
    });
    return { status: res.status, body: await res.json() };
  };
  const stop = async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
    open.splice(open.indexOf(t), 1);
  };
  return { t, http, stop };
}

describe('durable timers', () => {
  it('survive a restart mid-journey and fire exactly once', async () => {
    const path = tempDatabasePath();
    const first = await start_(path, Date.parse('2026-03-02T09:00:00Z'));
    await first.http('POST', '/api/flows/sample/publish', sampleFlow());
    const lead = (await first.http('POST', '/api/leads', { email: 'restart@example.com' })).body;
    await first.http('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
    await first.http('POST', '/api/admin/clock/advance', { ms: 1 * DAY });
    const stoppedAt = first.t.clock.now();
    await first.stop();

    // Reopen the same file; the welcome email's 3-day window is still pending.
    const second = await start_(path, stoppedAt);
    expect((await second.http('GET', '/api/health')).body.nextTimerAt).toBe('2026-03-05T09:00:00.000Z');
    const fired = await second.http('POST', '/api/admin/clock/advance', { ms: 2 * DAY });
    expect(fired.body.fired).toBe(1);
    let current = (await second.http('GET', `/api/leads/${lead.id}`)).body;
    expect(current.enrollments[0].activeNodes).toEqual(['pause']);
    const resumedAt = second.t.clock.now();
    await second.stop();

    // A third start past every due time fires the week-long wait once, and nothing twice.
    const third = await start_(path, resumedAt);
    expect((await third.http('POST', '/api/admin/clock/advance', { ms: 30 * DAY })).body.fired).toBe(1);
    expect((await third.http('POST', '/api/admin/clock/advance', { ms: 30 * DAY })).body.fired).toBe(0);
    current = (await third.http('GET', `/api/leads/${lead.id}`)).body;
    expect(current.enrollments[0].status).toBe('completed');
    const timeline = (await third.http('GET', `/api/leads/${lead.id}/timeline`)).body as {
      type: string;
      nodeId: string;
    }[];
    expect(timeline.filter((e) => e.type === 'recordOutcome' && e.nodeId === 'welcome')).toHaveLength(1);
    expect(timeline.filter((e) => e.type === 'recordOutcome' && e.nodeId === 'pause')).toHaveLength(1);
    const outbox = (await third.http('GET', '/api/outbox')).body as { status: string }[];
    expect(outbox.map((m) => m.status)).toEqual(['sent']);
  });

  it('resumes the manual clock where it stood, not at its start date', async () => {
    const path = tempDatabasePath();
    const start = Date.parse('2026-03-02T09:00:00Z');
    const first = await start_(path, start);
    await first.http('POST', '/api/admin/clock/advance', { ms: 10 * DAY });
    await first.stop();
    // The process restarts with the configured CLOCK_START, which lies in the past by now.
    const second = await start_(path, start);
    await restoreManualClock(second.t.app.runtime.store, second.t.clock);
    expect((await second.http('GET', '/api/admin/clock')).body.now).toBe('2026-03-12T09:00:00.000Z');
    await second.stop();
  });

  it('fires what fell due while the process was down on the first tick', async () => {
    const t = testApp();
    open.push(t);
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const lead = await t.lead({ email: 'late@example.com' });
    await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
    // Time passes without anyone advancing through the API, as when the process was stopped.
    t.clock.set(t.clock.now() + 4 * DAY);
    expect(await t.app.runtime.tick()).toEqual({ fired: 1, sent: 1 });
    expect((await t.enrollment(lead.id, 'sample')).activeNodes).toEqual(['pause']);
  });

  it('fires large numbers of due timers in batches', async () => {
    const t = testApp();
    open.push(t);
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const events = Array.from({ length: 250 }, (_, i) => ({ email: `lead${i}@example.com` }));
    for (const e of events) {
      const lead = await t.lead(e);
      await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
    }
    const res = await t.advance(3 * DAY);
    expect(res.fired).toBe(250);
    const stats = (await t.call('GET', '/api/flows/sample/versions/1/stats')).body.nodes;
    expect(stats.pause.current).toBe(250);
    expect(stats.welcome.outcomes).toEqual({ noEngagement: 250 });
  });
});
