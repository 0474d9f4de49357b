import { afterEach, describe, expect, it } from 'vitest';
import { sampleFlow, type TestApp, testApp } from '../testing.ts';
import { IngestThread } from './thread.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

function thread(app: TestApp): IngestThread {
  const events = app.app.runtime.events;
  if (!(events instanceof IngestThread)) throw new Error('events are not applied on the ingest thread');
  return events;
}

const visit = (leadId: string, id: string) => ({ id, leadId, type: 'page.visited', data: { url: `/${id}` } });

describe('the ingest thread', () => {
  it('applies events with its own connection, and the main thread reads them at once', async () => {
    t = testApp({ ingestThread: true });
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const lead = await t.lead({ email: 'ada@example.com' });
    await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
    expect(thread(t).running).toBe(false);
    const clicked = await t.call('POST', '/api/events', {
      id: 'c1',
      leadId: lead.id,
      type: 'email.clicked',
      data: { url: 'https://x.example/p' },
    });
    expect(clicked.body).toMatchObject({ status: 'applied', delivered: 1 });
    expect(thread(t).running).toBe(true);
    // The click moved the enrollment on to the sales call: the main thread's lead cache saw the commit.
    expect(await t.openTasks(lead.id)).toHaveLength(1);
    expect(await t.timeline(lead.id)).toContain('Email clicked: https://x.example/p');
  });

  it('applies events at the time the main thread received them, on its clock', async () => {
    t = testApp({ ingestThread: true });
    const lead = await t.lead({ email: 'ada@example.com' });
    await t.advance(3 * 86_400_000);
    await t.call('POST', '/api/events', visit(lead.id, 'v1'));
    const line = (await t.call('GET', `/api/leads/${lead.id}/timeline`)).body.find(
      (e: { type: string }) => e.type === 'page.visited',
    );
    expect(line.at).toBe(new Date(t.clock.now()).toISOString());
  });

  it('takes turns with the main thread’s writes: nothing waits out SQLite’s busy timeout or fails', async () => {
    t = testApp({ ingestThread: true });
    const lead = await t.lead({ email: 'ada@example.com' });
    const started = performance.now();
    const [events, leads] = await Promise.all([
      Promise.all(
        Array.from({ length: 200 }, (_, i) => t.call('POST', '/api/events', visit(lead.id, `e${i}`))),
      ),
      Promise.all(
        Array.from({ length: 40 }, (_, i) => t.call('POST', '/api/leads', { email: `l${i}@x.example` })),
      ),
    ]);
    expect(events.map((r) => r.status)).toEqual(events.map(() => 200));
    expect(leads.map((r) => r.status)).toEqual(leads.map(() => 201));
    expect(performance.now() - started).toBeLessThan(5_000);
    const stored = t.store.db
      .prepare("SELECT count(*) FROM timeline WHERE lead_id = ? AND event_type = 'page.visited'")
      .pluck()
      .get(lead.id);
    expect(stored).toBe(200);
  });

  it('answers the events in flight before it stops', async () => {
    t = testApp({ ingestThread: true });
    const lead = await t.lead({ email: 'ada@example.com' });
    const inFlight = Array.from({ length: 50 }, (_, i) =>
      t.call('POST', '/api/events', visit(lead.id, `e${i}`)),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    await t.app.runtime.stop();
    expect(thread(t).running).toBe(false);
    expect((await Promise.all(inFlight)).map((r) => r.body.status)).toEqual(inFlight.map(() => 'applied'));
  });

  it('refuses the events a crashed thread held, and starts again for the next', async () => {
    t = testApp({ ingestThread: true });
    const lead = await t.lead({ email: 'ada@example.com' });
    await t.call('POST', '/api/events', visit(lead.id, 'warm'));
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      t.call('POST', '/api/events', visit(lead.id, `e${i}`)),
    );
    await thread(t).terminate();
    const answers = await Promise.all(inFlight);
    // Each event was either applied before the thread died or answered 503: send it again.
    for (const r of answers) {
      if (r.status === 200) expect(r.body.status).toBe('applied');
      else expect(r).toMatchObject({ status: 503, body: { error: { code: 'ingest_interrupted' } } });
    }
    const refused = answers.filter((r) => r.status !== 200);
    const after = await t.call('POST', '/api/events', visit(lead.id, 'after'));
    expect(after.body).toMatchObject({ status: 'applied' });
    // Sent again, each interrupted event is applied now, or acknowledged once if it was applied after all.
    for (const [i, r] of answers.entries()) {
      if (r.status === 200) continue;
      const again = (await t.call('POST', '/api/events', visit(lead.id, `e${i}`))).body.status;
      expect(['applied', 'duplicate']).toContain(again);
    }
    expect(refused.length + answers.filter((r) => r.status === 200).length).toBe(20);
    // The main thread can still write.
    expect((await t.call('POST', '/api/leads', { email: 'next@x.example' })).status).toBe(201);
  });
});
