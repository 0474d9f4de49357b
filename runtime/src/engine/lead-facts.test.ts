import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { recentEventsSql } from '../store/sqlite-lead-repo.ts';
import { DAY, scoringFlow, type TestApp, testApp } from '../testing.ts';

/** Waits a day, then branches on what the lead did: visited a page within 3 days, is new (2 days), or neither. */
const factsFlow = {
  id: 'facts',
  name: 'Event facts',
  entry: { trigger: { type: 'manual' } },
  nodes: [
    { id: 'start', kind: 'entry', label: 'Start' },
    {
      id: 'pause',
      kind: 'wait',
      label: 'A day',
      settings: { mode: 'duration', duration: { amount: 1, unit: 'days' } },
    },
    {
      id: 'check',
      kind: 'branch',
      label: 'What did the lead do?',
      settings: {
        conditions: [
          {
            id: 'visited',
            label: 'Visited a page in the last 3 days',
            when: {
              match: 'all',
              rules: [
                {
                  fact: 'event',
                  eventType: 'page.visited',
                  op: 'occurred',
                  within: { amount: 3, unit: 'days' },
                },
              ],
            },
          },
          {
            id: 'new',
            label: 'Created in the last 2 days',
            when: {
              match: 'all',
              rules: [
                {
                  fact: 'event',
                  eventType: 'lead.created',
                  op: 'occurred',
                  within: { amount: 2, unit: 'days' },
                },
              ],
            },
          },
        ],
      },
    },
    { id: 'hot', kind: 'goal', label: 'Hot', settings: { reason: 'Visited' } },
    { id: 'fresh', kind: 'goal', label: 'Fresh', settings: { reason: 'New' } },
    { id: 'cold', kind: 'exit', label: 'Cold', settings: { reason: 'Quiet' } },
  ],
  edges: [
    { id: 'e1', source: 'start', outcome: 'next', target: 'pause' },
    { id: 'e2', source: 'pause', outcome: 'done', target: 'check' },
    { id: 'e3', source: 'check', outcome: 'visited', target: 'hot' },
    { id: 'e4', source: 'check', outcome: 'new', target: 'fresh' },
    { id: 'e5', source: 'check', outcome: 'else', target: 'cold' },
  ],
};

let t: TestApp;
afterEach(async () => {
  await t.close();
});

/** The branch's outcome for the lead once the day's wait is over. */
async function branchOutcome(leadId: string): Promise<string> {
  const timeline = (await t.call('GET', `/api/leads/${leadId}/timeline`)).body as {
    type: string;
    nodeId: string | null;
    data: { outcome?: string };
  }[];
  const outcome = timeline.find((l) => l.type === 'recordOutcome' && l.nodeId === 'check');
  return outcome?.data.outcome ?? 'none';
}

describe('"did the lead do X within Y" rules', () => {
  it('see events posted to the API and the lead being created, each at the time it happened', async () => {
    t = testApp();
    expect((await t.call('POST', '/api/flows/facts/publish', factsFlow)).status).toBe(201);
    const visitor = await t.lead({ externalId: 'visitor' });
    const newcomer = await t.lead({ externalId: 'newcomer' });
    const old = await t.lead({ externalId: 'old' });
    // An event that happened a week ago, posted now: too old for a "within 3 days" rule.
    await t.emit(old.id, 'page.visited', { data: { url: '/pricing' }, at: t.clock.now() - 7 * DAY });
    await t.advance(2 * DAY);
    await t.emit(visitor.id, 'page.visited', { data: { url: '/pricing' } });
    // Created two days ago: "new" for one more day only, so the branch sees it as new after the wait.
    const latecomer = await t.lead({ externalId: 'latecomer' });
    for (const lead of [visitor, newcomer, old, latecomer]) {
      expect((await t.call('POST', '/api/flows/facts/enrollments', { leadId: lead.id })).status).toBe(201);
    }
    await t.advance(DAY);
    expect(await branchOutcome(visitor.id)).toBe('visited');
    expect(await branchOutcome(latecomer.id)).toBe('new');
    // Created three days before the branch, and their only visit a week before the post.
    expect(await branchOutcome(newcomer.id)).toBe('else');
    expect(await branchOutcome(old.id)).toBe('else');
    // The event's timeline line reads as before: the event's data with the time it happened.
    const lines = (await t.call('GET', `/api/leads/${old.id}/timeline`)).body as Record<string, unknown>[];
    const visit = lines.find((l) => l.type === 'page.visited');
    expect(visit).toMatchObject({
      text: 'Page visited: /pricing',
      version: null,
      data: { url: '/pricing', eventAt: Date.parse('2026-03-02T09:00:00Z') - 7 * DAY },
    });
    expect(Object.keys(visit ?? {}).sort()).toEqual(
      ['at', 'data', 'flowId', 'id', 'leadId', 'nodeId', 'text', 'type', 'version'].sort(),
    );
  });

  it('read the latest events through the lead index, oldest first', async () => {
    t = testApp();
    const lead = await t.lead({ externalId: 'reader' });
    for (let i = 0; i < 5; i++) await t.emit(lead.id, i % 2 ? 'email.opened' : 'page.visited', { at: i });
    const events = await t.store.read((tx) => tx.recentLeadEvents(lead.id, 3));
    expect(events).toEqual([
      { type: 'page.visited', at: 2 },
      { type: 'email.opened', at: 3 },
      { type: 'page.visited', at: 4 },
    ]);
    const all = await t.store.read((tx) => tx.recentLeadEvents(lead.id, 500));
    expect(all.map((e) => e.type)).toEqual([
      'lead.created',
      'page.visited',
      'email.opened',
      'page.visited',
      'email.opened',
      'page.visited',
    ]);
    // No index of their own: the lead's timeline lines, newest first, through the lead's timeline index.
    const plan = t.store.db.prepare(`EXPLAIN QUERY PLAN ${recentEventsSql}`).all(lead.id, 3) as {
      detail: string;
    }[];
    const details = plan.map((p) => p.detail).join('\n');
    expect(details).toContain('USING INDEX timeline_lead (lead_id=?)');
    expect(details).not.toMatch(/SCAN timeline\b/);
  });

  it('see the event that moves the lead into the rule’s step', async () => {
    t = testApp();
    // The same branch, right after waiting for a visit: the visit that wakes the lead must count.
    const listenThenAsk = {
      ...factsFlow,
      id: 'asks',
      name: 'Asks about the visit that woke it',
      nodes: factsFlow.nodes.map((n) =>
        n.id === 'pause'
          ? { id: 'pause', kind: 'waitForEvent', label: 'Visit?', settings: { eventType: 'page.visited' } }
          : n,
      ),
      edges: [
        ...factsFlow.edges.map((e) => (e.id === 'e2' ? { ...e, outcome: 'received' } : e)),
        { id: 'e6', source: 'pause', outcome: 'timedOut', target: 'cold' },
      ],
    };
    const published = await t.call('POST', '/api/flows/asks/publish', listenThenAsk);
    expect(published.body).toMatchObject({ version: 1 });
    const lead = await t.lead({ externalId: 'waker' });
    expect((await t.call('POST', '/api/flows/asks/enrollments', { leadId: lead.id })).status).toBe(201);
    await t.emit(lead.id, 'page.visited', { data: { url: '/pricing' } });
    expect(await branchOutcome(lead.id)).toBe('visited');
  });

  it('count each event once when its line is stored in the row of the step it caused', async () => {
    // A clock that moves at every read, as the wall clock may while an event is applied: the step still
    // happens when the event was received, so the two share one row.
    class MovingClock extends ManualClock {
      override now(): number {
        const at = super.now();
        this.set(at + 1);
        return at;
      }
    }
    t = testApp({ clock: new MovingClock() });
    expect((await t.call('POST', '/api/flows/visits/publish', scoringFlow('visits'))).status).toBe(201);
    const lead = await t.lead({ externalId: 'scorer' });
    expect((await t.call('POST', '/api/flows/visits/enrollments', { leadId: lead.id })).status).toBe(201);
    const rows = () => t.store.db.prepare('SELECT COUNT(*) AS n FROM timeline').get() as { n: number };
    const before = rows().n;
    for (let i = 0; i < 3; i++) {
      await t.advance(60_000);
      await t.emit(lead.id, 'page.visited', { data: { url: `/p${i}` } });
    }
    // Each visit, its step's outcome, the score change and the return to listening: one row.
    expect(rows().n - before).toBe(3);
    const events = await t.store.read((tx) => tx.recentLeadEvents(lead.id, 10));
    expect(events.map((e) => e.type)).toEqual([
      'lead.created',
      'page.visited',
      'page.visited',
      'page.visited',
    ]);
    const timeline = (await t.call('GET', `/api/leads/${lead.id}/timeline`)).body as {
      id: number;
      type: string;
      text: string;
      flowId: string | null;
      version: number | null;
    }[];
    const visits = timeline.filter((l) => l.type === 'page.visited');
    expect(visits.map((l) => l.text)).toEqual([
      'Page visited: /p0',
      'Page visited: /p1',
      'Page visited: /p2',
    ]);
    expect(visits.every((l) => l.flowId === null && l.version === null)).toBe(true);
    // Each visit comes before the lines of the step it caused, and ids keep the order of the lines.
    const last = timeline.slice(-6);
    expect(last.map((l) => l.type)).toEqual([
      'page.visited',
      'recordOutcome',
      'enterNode',
      'scoreChanged',
      'recordOutcome',
      'enterNode',
    ]);
    expect(timeline.map((l) => l.id)).toEqual([...timeline.map((l) => l.id)].sort((a, b) => a - b));
    expect(timeline.filter((l) => l.type === 'scoreChanged').at(-1)?.text).toContain('→ 15');
  });
});
