import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY, sampleFlow, type TestApp, testApp } from '../testing.ts';

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
    expect(nodes.together).toEqual({
      current: 0,
      entered: 3,
      outcomes: { sales: 3, marketing: 3 },
      movedIn: 0,
      movedOut: 0,
    });
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

describe('per-version stats of leads moved to another version', () => {
  /** Each step's figures as the canvas shows them, for the steps named. */
  const steps = async (version: number, ids: string[]) => {
    const { nodes } = (await t.call('GET', `/api/flows/sample/versions/${version}/stats`)).body;
    return Object.fromEntries(ids.map((id) => [id, nodes[id]]));
  };
  const leads = async (version: number) =>
    (await t.call('GET', `/api/flows/sample/versions/${version}/stats`)).body.leads;

  it('count a moved lead as leaving its step in the old version and arriving at it in the new one', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    // Ann clicks and waits for her greeting call; Ben is still in the welcome email's window.
    const ann = await t.lead({ email: 'ann@example.com' });
    const ben = await t.lead({ email: 'ben@example.com' });
    for (const lead of [ann, ben]) await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
    await t.emit(ann.id, 'email.clicked', { nodeId: 'welcome' });

    // Version 2 waits five days instead of seven; both move to it where they are.
    const v2 = sampleFlow() as { nodes: { id: string; settings?: Record<string, unknown> }[] };
    const pause = v2.nodes.find((n) => n.id === 'pause') as { settings: Record<string, unknown> };
    pause.settings = { ...pause.settings, duration: { amount: 5, unit: 'days' } };
    expect((await t.call('POST', '/api/flows/sample/publish', v2)).status).toBe(201);
    expect((await t.call('POST', '/api/flows/sample/versions/2/move-leads')).body.moved).toBe(2);

    // Version 1: both entered and reached their step there, and left it by the move; nobody is lost.
    expect(await steps(1, ['welcome', 'call'])).toEqual({
      welcome: { current: 0, entered: 2, outcomes: { clicked: 1 }, movedIn: 0, movedOut: 1 },
      call: { current: 0, entered: 1, outcomes: {}, movedIn: 0, movedOut: 1 },
    });
    expect(await leads(1)).toEqual({
      active: 0,
      completed: 0,
      exited: 0,
      removed: 0,
      movedIn: 0,
      movedOut: 2,
    });
    // Version 2: each arrived at its step by the move.
    expect(await steps(2, ['start', 'welcome', 'call'])).toEqual({
      start: { current: 0, entered: 0, outcomes: {}, movedIn: 0, movedOut: 0 },
      welcome: { current: 1, entered: 1, outcomes: {}, movedIn: 1, movedOut: 0 },
      call: { current: 1, entered: 1, outcomes: {}, movedIn: 1, movedOut: 0 },
    });

    // Cy enters version 2 itself. Ann's call connects; Ben and Cy wait five days and finish.
    const cy = await t.lead({ email: 'cy@example.com' });
    await t.call('POST', '/api/flows/sample/enrollments', { leadId: cy.id });
    const [task] = await t.openTasks(ann.id);
    await t.call('POST', `/api/tasks/${task.id}/complete`, { outcome: 'connected' });
    await t.advance(3 * DAY);
    await t.advance(5 * DAY);

    // Every step's arrivals are accounted for: here now, left by an outcome, or ended there (the goal).
    expect(await steps(2, ['start', 'welcome', 'call', 'pause', 'done'])).toEqual({
      start: { current: 0, entered: 1, outcomes: { next: 1 }, movedIn: 0, movedOut: 0 },
      welcome: { current: 0, entered: 2, outcomes: { noEngagement: 2 }, movedIn: 1, movedOut: 0 },
      call: { current: 0, entered: 1, outcomes: { connected: 1 }, movedIn: 1, movedOut: 0 },
      pause: { current: 0, entered: 2, outcomes: { done: 2 }, movedIn: 0, movedOut: 0 },
      done: { current: 0, entered: 2, outcomes: {}, movedIn: 0, movedOut: 0 },
    });
    // One entry and two leads moved in: three leads, all completed.
    expect(await leads(2)).toEqual({
      active: 0,
      completed: 3,
      exited: 0,
      removed: 0,
      movedIn: 2,
      movedOut: 0,
    });
    // Version 1 is as the move left it.
    expect((await leads(1)).movedOut).toBe(2);
  });

  it('count a lead the move places at another step as arriving there, not at the step it left', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const ann = await t.lead({ email: 'ann@example.com' });
    await t.call('POST', '/api/flows/sample/enrollments', { leadId: ann.id });
    await t.emit(ann.id, 'email.clicked', { nodeId: 'welcome' });

    // In version 2 the greeting call is a day's wait: Ann cannot move there, and is sent to the week's wait.
    const v2 = sampleFlow() as { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] };
    v2.nodes = v2.nodes.map((n) =>
      n.id === 'call'
        ? {
            id: 'call',
            kind: 'wait',
            label: 'A day',
            settings: { mode: 'duration', duration: { amount: 1, unit: 'days' } },
          }
        : n,
    );
    v2.edges = v2.edges.map((e) => (e.source === 'call' ? { ...e, outcome: 'done' } : e));
    expect((await t.call('POST', '/api/flows/sample/publish', v2)).status).toBe(201);
    const map = [{ version: 1, from: 'call', to: 'pause' }];
    expect((await t.call('POST', '/api/flows/sample/versions/2/move-leads', { map })).body.moved).toBe(1);

    expect(await steps(1, ['call'])).toEqual({
      call: { current: 0, entered: 1, outcomes: {}, movedIn: 0, movedOut: 1 },
    });
    expect(await steps(2, ['call', 'pause'])).toEqual({
      call: { current: 0, entered: 0, outcomes: {}, movedIn: 0, movedOut: 0 },
      pause: { current: 1, entered: 1, outcomes: {}, movedIn: 0, movedOut: 0 },
    });
    expect(await leads(2)).toMatchObject({ active: 1, movedIn: 1 });
  });
});
