import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleFlow, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

/** Score, then a branch: hot leads get a bonus step before the wait; others go straight to it. */
const scoringPaths = () =>
  sampleFlow('paths', {
    nodes: [
      { id: 'start', kind: 'entry', label: 'New lead' },
      { id: 's1', kind: 'score', label: 'Welcome points', settings: { points: 5 } },
      {
        id: 'b',
        kind: 'branch',
        label: 'Hot?',
        settings: {
          conditions: [
            {
              id: 'hot',
              label: 'Score 10+',
              when: { match: 'all', rules: [{ fact: 'score', op: 'gte', value: 10 }] },
            },
          ],
        },
      },
      { id: 's2', kind: 'score', label: 'Hot bonus', settings: { points: 1 } },
      {
        id: 'w',
        kind: 'wait',
        label: 'A day',
        settings: { mode: 'duration', duration: { amount: 1, unit: 'days' } },
      },
      { id: 'done', kind: 'goal', label: 'Done', settings: { reason: 'Nurtured' } },
    ],
    edges: [
      { id: 'e1', source: 'start', outcome: 'next', target: 's1' },
      { id: 'e2', source: 's1', outcome: 'next', target: 'b' },
      { id: 'e3', source: 'b', outcome: 'hot', target: 's2' },
      { id: 'e4', source: 'b', outcome: 'else', target: 'w' },
      { id: 'e5', source: 's2', outcome: 'next', target: 'w' },
      { id: 'e6', source: 'w', outcome: 'done', target: 'done' },
    ],
  } as never);

describe('per-step stats', () => {
  it('count each step entered by the leads that went through it, whatever their path', async () => {
    t = testApp();
    expect((await t.call('POST', '/api/flows/paths/publish', scoringPaths())).status).toBe(201);
    for (const [id, score] of [
      ['cold', 0],
      ['hot', 10],
      ['hot2', 20],
    ] as const) {
      const lead = await t.lead({ externalId: id, score });
      await t.call('POST', '/api/flows/paths/enrollments', { leadId: lead.id });
    }
    const { nodes } = (await t.call('GET', '/api/flows/paths/versions/1/stats')).body;
    const entered = Object.fromEntries(
      Object.entries(nodes).map(([k, v]) => [k, (v as { entered: number }).entered]),
    );
    expect(entered).toMatchObject({ s1: 3, b: 3, s2: 2, w: 3 });
    expect(nodes.w.current).toBe(3);
  });
});

describe('per-step stats of a side-by-side fork', () => {
  it('count each track as taken by every lead that entered the fork', async () => {
    t = testApp();
    const flow = JSON.parse(
      readFileSync(new URL('../../../examples/flows/no-handoff-day-one.json', import.meta.url), 'utf8'),
    );
    await t.call('POST', `/api/flows/${flow.id}/publish`, flow);
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      const lead = await t.lead({ email });
      await t.call('POST', `/api/flows/${flow.id}/enrollments`, { leadId: lead.id });
    }
    const { nodes } = (await t.call('GET', `/api/flows/${flow.id}/versions/1/stats`)).body;
    expect(nodes.together).toEqual({ current: 0, entered: 3, outcomes: { sales: 3, marketing: 3 } });
    // Each track's first step was entered by the same leads.
    expect(nodes['greeting-call'].entered).toBe(3);
    expect(nodes['welcome-email'].entered).toBe(3);
  });
});
