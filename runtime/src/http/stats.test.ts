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

/** Stage steps one after another, each waiting for its own event: budget cut, budget back, competitor chosen. */
const stageSwings = () => ({
  id: 'swings',
  name: 'Stage swings',
  entry: { trigger: { type: 'manual' }, reentry: { policy: 'never' } },
  nodes: [
    { id: 'start', kind: 'entry', label: 'New lead' },
    ...(
      [
        ['cut', 'budget.cut', 'disqualified', 'Budget cut'],
        ['back', 'budget.restored', 'mql', 'Budget back'],
        ['lost', 'competitor.chosen', 'disqualified', 'Chose a competitor'],
      ] as const
    ).flatMap(([id, eventType, stage, reason]) => [
      {
        id: `wait-${id}`,
        kind: 'waitForEvent',
        label: `Wait: ${eventType}`,
        settings: { eventType, timeout: { amount: 30, unit: 'days' } },
      },
      { id, kind: 'stage', label: reason, settings: { stage, reason } },
    ]),
    { id: 'done', kind: 'goal', label: 'Done', settings: { reason: 'Seen it all' } },
  ],
  edges: [
    { id: 'e1', source: 'start', outcome: 'next', target: 'wait-cut' },
    { id: 'e2', source: 'wait-cut', outcome: 'received', target: 'cut' },
    { id: 'e3', source: 'cut', outcome: 'next', target: 'wait-back' },
    { id: 'e4', source: 'wait-back', outcome: 'received', target: 'back' },
    { id: 'e5', source: 'back', outcome: 'next', target: 'wait-lost' },
    { id: 'e6', source: 'wait-lost', outcome: 'received', target: 'lost' },
    { id: 'e7', source: 'lost', outcome: 'next', target: 'done' },
    ...['wait-cut', 'wait-back', 'wait-lost'].map((w) => ({
      id: `t-${w}`,
      source: w,
      outcome: 'timedOut',
      target: 'done',
    })),
  ],
});

describe('the waterfall’s disqualifications', () => {
  it('count each of a lead’s disqualifications once, however many land in the same millisecond', async () => {
    t = testApp();
    // Two flows, each with a greeting call whose disqualification moves the stage to disqualified.
    for (const id of ['north', 'south'])
      expect((await t.call('POST', `/api/flows/${id}/publish`, sampleFlow(id))).status).toBe(201);
    const lead = await t.lead({ externalId: 'dq-twice', email: 'kim@northwind.example' });
    for (const id of ['north', 'south'])
      await t.call('POST', `/api/flows/${id}/enrollments`, { leadId: lead.id });
    await t.emit(lead.id, 'email.clicked');
    const calls = await t.openTasks(lead.id);
    expect(calls).toHaveLength(2);
    // Both reps disqualify the lead at the same instant (the manual clock does not move between calls).
    for (const [task, reason] of [
      [calls[0], 'No budget'],
      [calls[1], 'Wrong industry'],
    ])
      expect(
        (await t.call('POST', `/api/tasks/${task.id}/complete`, { outcome: 'disqualified', reason })).status,
      ).toBe(200);
    // The first one moved the stage too, in the same step: still one disqualification, with the rep's reason.
    expect((await t.call('GET', '/api/stats/waterfall')).body.disqualified).toEqual({
      'No budget': 1,
      'Wrong industry': 1,
    });
  });

  it('count a lead disqualified twice by one batch of events twice', async () => {
    t = testApp();
    expect((await t.call('POST', '/api/flows/swings/publish', stageSwings())).status).toBe(201);
    const lead = await t.lead({ externalId: 'swinging', stage: 'mql' });
    await t.call('POST', '/api/flows/swings/enrollments', { leadId: lead.id });
    const batch = await t.call('POST', '/api/events/batch', {
      events: ['budget.cut', 'budget.restored', 'competitor.chosen'].map((type, i) => ({
        id: `swing-${i}`,
        leadId: lead.id,
        type,
      })),
    });
    expect(batch.status).toBe(200);
    expect((await t.timeline(lead.id)).filter((l) => l.startsWith('Stage '))).toEqual([
      'Stage Inquiry → MQL',
      'Stage MQL → Disqualified (Budget cut)',
      'Stage Disqualified → MQL (Budget back)',
      'Stage MQL → Disqualified (Chose a competitor)',
    ]);
    expect((await t.call('GET', '/api/stats/waterfall')).body.disqualified).toEqual({
      'Budget cut': 1,
      'Chose a competitor': 1,
    });
  });
});

describe('the waterfall’s funnel', () => {
  it('counts each lead as far as it ever got, recycled and disqualified leads included', async () => {
    t = testApp();
    // Ann became an MQL and was then recycled; Ben came in as an SAL; Cy is still an inquiry.
    await t.lead({ externalId: 'ann', stage: 'inquiry' });
    await t.lead({ externalId: 'ann', stage: 'mql' });
    await t.lead({ externalId: 'ann', stage: 'recycled', stageReason: 'Not ready this quarter' });
    await t.lead({ externalId: 'ben', stage: 'sal' });
    await t.lead({ externalId: 'cy' });
    const { body } = await t.call('GET', '/api/stats/waterfall');
    expect(body.stages).toMatchObject({ inquiry: 1, sal: 1, recycled: 1 });
    expect(body.reached).toEqual({ inquiry: 3, mql: 2, sal: 1, sql: 0, opportunity: 0, customer: 0 });
  });
});
