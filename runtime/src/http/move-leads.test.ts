import { examples } from '@tandem/examples';
import { afterEach, describe, expect, it } from 'vitest';
import { type Body, DAY, sampleFlow, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

type Doc = { nodes: Body[]; edges: Body[] } & Record<string, unknown>;

/** The sample flow with some steps changed (by id), and maybe without some steps and their connections. */
function edited(change: Record<string, (node: Body) => Body>, without: string[] = []): Doc {
  const doc = sampleFlow() as Doc;
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => !without.includes(n.id)).map((n) => change[n.id]?.(n) ?? n),
    edges: doc.edges.filter((e) => !without.includes(e.source) && !without.includes(e.target)),
  };
}

/** Version 2 without the sales call: a click goes straight to the goal. */
function withoutCall(): Doc {
  const doc = edited({}, ['call', 'stage-dq']);
  doc.edges.push({ id: 'e2', source: 'welcome', outcome: 'clicked', target: 'done' });
  return doc;
}

const setting = (key: string, value: unknown) => (n: Body) => ({
  ...n,
  settings: { ...n.settings, [key]: value },
});

/** Publishes the sample flow and enrolls new leads; answers their ids. */
async function leadsIn(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const lead = await t.lead({ email: `lead${i}@example.com`, name: `Lead ${i}` });
    expect((await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id })).status).toBe(201);
    ids.push(lead.id);
  }
  return ids;
}

const move = (version: number, body?: unknown) =>
  t.call('POST', `/api/flows/sample/versions/${version}/move-leads`, body);

describe('moving leads in progress to another version', () => {
  it('moves a waiting lead to the new version, keeping the time it already waited', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const [lead] = (await leadsIn(1)) as [string];
    // The welcome email's 3-day window ends: the lead waits a week from there.
    await t.advance(3 * DAY);
    expect((await t.enrollment(lead, 'sample')).activeNodes).toEqual(['pause']);
    await t.advance(DAY);

    const shorter = edited({ pause: setting('duration', { amount: 5, unit: 'days' }) });
    expect((await t.call('POST', '/api/flows/sample/publish', shorter)).status).toBe(201);
    const res = await move(2);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      flowId: 'sample',
      version: 2,
      dryRun: false,
      moved: 1,
      movedFrom: { 1: 1 },
      mapped: [],
      stayed: [],
      targets: [
        { nodeId: 'welcome', label: 'Welcome email' },
        { nodeId: 'call', label: 'Greeting call' },
        { nodeId: 'stage-dq', label: 'Disqualify' },
        { nodeId: 'pause', label: 'Wait a week' },
      ],
    });
    const enrollment = await t.enrollment(lead, 'sample');
    expect(enrollment).toMatchObject({ version: 2, activeNodes: ['pause'], status: 'active' });
    expect(await t.timeline(lead)).toContain('Moved to version 2 of “Sample nurture” (was on version 1)');
    const stats = await t.call('GET', '/api/flows/sample/versions/2/stats');
    expect(stats.body.nodes.pause.current).toBe(1);

    // One day waited of five: four days to go, not six.
    await t.advance(4 * DAY - 1000);
    expect((await t.enrollment(lead, 'sample')).status).toBe('active');
    await t.advance(1000);
    expect((await t.enrollment(lead, 'sample')).status).toBe('completed');
  });

  it('steps a moved lead by the new version’s connections', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const [lead] = (await leadsIn(1)) as [string];
    const published = await t.call('POST', '/api/flows/sample/publish', withoutCall());
    expect(published.body.error).toBeUndefined();
    expect((await move(2)).body.moved).toBe(1);
    await t.emit(lead, 'email.clicked', { nodeId: 'welcome' });
    expect((await t.enrollment(lead, 'sample')).status).toBe('completed');
    expect(await t.openTasks(lead)).toEqual([]);
  });

  it('keeps leads whose step was removed on their version, and says why', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const [atCall, inEmail] = (await leadsIn(2)) as [string, string];
    await t.emit(atCall, 'email.clicked', { nodeId: 'welcome' });
    const [task] = await t.openTasks(atCall);

    const published = await t.call('POST', '/api/flows/sample/publish', withoutCall());
    expect(published.body.error).toBeUndefined();
    const res = await move(2);
    expect(res.body.moved).toBe(1);
    expect(res.body.stayed).toEqual([
      {
        version: 1,
        nodeId: 'call',
        label: 'Greeting call',
        reason: 'the step is not in version 2',
        count: 1,
      },
    ]);
    expect((await t.enrollment(atCall, 'sample')).version).toBe(1);
    expect((await t.enrollment(inEmail, 'sample')).version).toBe(2);
    // The lead that stayed goes on as before: its task is still in version 1.
    const done = await t.call('POST', `/api/tasks/${task.id}/complete`, { outcome: 'connected' });
    expect(done.status).toBe(200);
    expect((await t.enrollment(atCall, 'sample')).status).toBe('completed');
  });

  it('moves a lead at a sales call with its task, whose deadline follows the new one', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const [lead] = (await leadsIn(1)) as [string];
    await t.emit(lead, 'email.clicked', { nodeId: 'welcome' });
    const [before] = await t.openTasks(lead);

    await t.call(
      'POST',
      '/api/flows/sample/publish',
      edited({ call: setting('deadline', { amount: 3, unit: 'days' }) }),
    );
    expect((await move(2)).body.moved).toBe(1);
    const [after] = await t.openTasks(lead);
    expect(after.id).toBe(before.id);
    expect(Date.parse(after.deadlineAt) - Date.parse(before.deadlineAt)).toBe(DAY);

    // The old deadline passes with the task still open; the new one expires it.
    await t.advance(2 * DAY + 1000);
    expect((await t.openTasks(lead)).map((x: Body) => x.id)).toEqual([before.id]);
    await t.advance(DAY);
    expect(await t.openTasks(lead)).toEqual([]);
    expect((await t.call('GET', `/api/tasks/${before.id}`)).body.status).toBe('expired');
  });

  it('keeps a lead whose step became another kind of step', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const [lead] = (await leadsIn(1)) as [string];
    await t.advance(3 * DAY);
    const v2 = edited({
      pause: (n) => ({
        ...n,
        kind: 'waitForEvent',
        settings: { eventType: 'form.submitted', timeout: { amount: 7, unit: 'days' } },
      }),
    });
    v2.edges = v2.edges.map((e) => (e.id === 'e7' ? { ...e, outcome: 'received' } : e));
    v2.edges.push({ id: 'e8', source: 'pause', outcome: 'timedOut', target: 'done' });
    expect((await t.call('POST', '/api/flows/sample/publish', v2)).status).toBe(201);
    const res = await move(2);
    expect(res.body).toMatchObject({
      moved: 0,
      stayed: [
        { version: 1, nodeId: 'pause', reason: 'the step is another kind of step in version 2', count: 1 },
      ],
    });
    expect((await t.enrollment(lead, 'sample')).version).toBe(1);
  });

  it('keeps a lead whose step moved into a side-by-side track, and says so', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const [lead] = (await leadsIn(1)) as [string];
    await t.advance(3 * DAY);
    const v2 = edited({ pause: (n) => ({ ...n, terminal: ['done'] }) });
    const wait = { mode: 'duration', duration: { amount: 2, unit: 'days' } };
    v2.nodes.push(
      {
        id: 'both',
        kind: 'fork',
        label: 'Both',
        settings: {
          tracks: [
            { id: 'a', label: 'A' },
            { id: 'b', label: 'B' },
          ],
        },
      },
      { id: 'other', kind: 'wait', label: 'Other wait', settings: wait, terminal: ['done'] },
    );
    v2.edges = v2.edges
      .filter((e) => e.id !== 'e7')
      .map((e) => (e.target === 'pause' ? { ...e, target: 'both' } : e));
    v2.edges.push(
      { id: 'f1', source: 'both', outcome: 'a', target: 'pause' },
      { id: 'f2', source: 'both', outcome: 'b', target: 'other' },
    );
    const published = await t.call('POST', '/api/flows/sample/publish', v2);
    expect(published.body.error).toBeUndefined();
    expect((await move(2)).body.stayed).toEqual([
      {
        version: 1,
        nodeId: 'pause',
        label: 'Wait a week',
        reason: 'the step moved into or out of a side-by-side track in version 2',
        count: 1,
      },
    ]);
    expect((await t.enrollment(lead, 'sample')).version).toBe(1);
  });

  it('counts without changing anything on a dry run, and moves only from the versions named', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const [first] = (await leadsIn(1)) as [string];
    await t.call('POST', '/api/flows/sample/publish', edited({ welcome: setting('subject', 'Welcome!') }));
    const second = await t.lead({ email: 'second@example.com' });
    await t.call('POST', '/api/flows/sample/enrollments', { leadId: second.id });
    await t.call('POST', '/api/flows/sample/publish', edited({ welcome: setting('subject', 'Hello') }));

    const dry = await move(3, { dryRun: true });
    expect(dry.body).toMatchObject({ dryRun: true, moved: 2, movedFrom: { 1: 1, 2: 1 } });
    expect((await t.enrollment(first, 'sample')).version).toBe(1);
    expect(await t.timeline(first)).not.toContain(
      'Moved to version 3 of “Sample nurture” (was on version 1)',
    );

    const res = await move(3, { from: [2] });
    expect(res.body).toMatchObject({ moved: 1, movedFrom: { 2: 1 } });
    expect((await t.enrollment(first, 'sample')).version).toBe(1);
    expect((await t.enrollment(second.id, 'sample')).version).toBe(3);
    // Asked again, the lead already moved is not counted twice.
    expect((await move(3, { from: [2] })).body.moved).toBe(0);
  });

  it('moves many leads, across transactions', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const ids: string[] = [];
    for (let i = 0; i < 1200; i++) ids.push((await t.lead({ externalId: `bulk-${i}` })).id);
    const batch = await t.call('POST', '/api/flows/sample/enrollments/batch', { leadIds: ids });
    expect(batch.status).toBeLessThan(300);
    await t.call('POST', '/api/flows/sample/publish', edited({ welcome: setting('subject', 'Hi') }));
    expect((await move(2)).body.moved).toBe(1200);
    const counts = await t.call('GET', '/api/flows/sample/versions/2/stats');
    expect(counts.body.nodes.welcome.current).toBe(1200);
    expect((await t.call('GET', '/api/flows/sample/versions/1/stats')).body.nodes.welcome.current).toBe(0);
  });

  it('keeps leads at a webinar whose date changed, and in a fork that got another track', async () => {
    t = testApp();
    const flow = JSON.parse(
      JSON.stringify(examples.find((e) => e.id === 'sales-plus-marketing-nurture')?.flow),
    ) as Doc & { id: string };
    const webinar = (doc: Doc, startsAt: string) => {
      const node = doc.nodes.find((n) => n.id === 'webinar');
      node.settings = { ...node.settings, startsAt };
      return doc;
    };
    const at = (path: string, body?: unknown) => t.call('POST', `/api/flows/${flow.id}${path}`, body);
    await at('/publish', webinar(structuredClone(flow), '2026-04-01T16:00:00Z'));
    const lead = await t.lead({ email: 'webinar@example.com' });
    await at('/enrollments', { leadId: lead.id });
    await t.advance(5 * DAY);
    expect((await t.enrollment(lead.id, flow.id)).activeNodes).toContain('webinar');

    // The same date with a new label: the lead moves. Another date: it stays.
    const relabelled = webinar(structuredClone(flow), '2026-04-01T16:00:00Z');
    relabelled.nodes.find((n) => n.id === 'webinar').label = 'Webinar: forecasting (April)';
    await at('/publish', relabelled);
    expect((await at('/versions/2/move-leads')).body.moved).toBe(1);
    await at('/publish', webinar(structuredClone(flow), '2026-04-08T16:00:00Z'));
    expect((await at('/versions/3/move-leads')).body.stayed).toEqual([
      {
        version: 2,
        nodeId: 'webinar',
        label: 'Webinar: forecasting (April)',
        reason: 'the step’s date or calendar wait changed in version 3',
        count: 1,
      },
    ]);

    const forked = webinar(structuredClone(flow), '2026-04-01T16:00:00Z');
    const fork = forked.nodes.find((n) => n.id === 'side-by-side');
    fork.settings.tracks.push({ id: 'extra', label: 'Extra' });
    forked.nodes.push({
      id: 'extra-wait',
      kind: 'wait',
      label: 'A day',
      settings: { mode: 'duration', duration: { amount: 1, unit: 'days' } },
      terminal: ['done'],
    });
    forked.edges.push({ id: 'x1', source: 'side-by-side', outcome: 'extra', target: 'extra-wait' });
    expect((await at('/publish', forked)).status).toBe(201);
    expect((await at('/versions/4/move-leads')).body.stayed).toMatchObject([
      { version: 2, nodeId: 'side-by-side', reason: 'a track was added to the step in version 4', count: 1 },
    ]);
  });

  it('refuses what it cannot do, changing nothing', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    await leadsIn(1);
    expect((await move(2)).status).toBe(404);
    const empty = await move(1, { from: [] });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('at least one version');
    expect((await move(1, { fromm: [1] })).status).toBe(400);
    const sales = await t.as('sales');
    expect((await sales('POST', '/api/flows/sample/versions/1/move-leads')).status).toBe(403);
    expect((await move(1)).body).toMatchObject({ moved: 0, stayed: [] });
  });

  it('says a step became another kind when a webinar turned into an email', async () => {
    t = testApp();
    const flow = JSON.parse(
      JSON.stringify(examples.find((e) => e.id === 'sales-plus-marketing-nurture')?.flow),
    ) as Doc & { id: string };
    flow.nodes.find((n) => n.id === 'webinar').settings.startsAt = '2026-04-01T16:00:00Z';
    await t.call('POST', `/api/flows/${flow.id}/publish`, flow);
    const lead = await t.lead({ email: 'webinar@example.com' });
    await t.call('POST', `/api/flows/${flow.id}/enrollments`, { leadId: lead.id });
    await t.advance(5 * DAY);
    expect((await t.enrollment(lead.id, flow.id)).activeNodes).toContain('webinar');

    const v2 = structuredClone(flow);
    const step = v2.nodes.find((n) => n.id === 'webinar');
    step.kind = 'email';
    step.settings = { template: 'recording', subject: 'The recording', window: { amount: 3, unit: 'days' } };
    v2.edges = v2.edges.filter((e) => e.source !== 'webinar');
    for (const [outcome, target] of [
      ['clicked', 'score-webinar'],
      ['opened', 'recording-email'],
      ['noEngagement', 'case-study-email'],
    ])
      v2.edges.push({ id: `webinar--${outcome}`, source: 'webinar', outcome, target });
    expect((await t.call('POST', `/api/flows/${flow.id}/publish`, v2)).status).toBe(201);
    const res = await t.call('POST', `/api/flows/${flow.id}/versions/2/move-leads`);
    expect(res.body.stayed).toEqual([
      {
        version: 1,
        nodeId: 'webinar',
        label: 'Webinar: forecasting in volatile markets',
        reason: 'the step is another kind of step in version 2',
        count: 1,
      },
    ]);
    expect((await t.enrollment(lead.id, flow.id)).version).toBe(1);
  });

  it('says a track was removed when a lead’s fork lost one', async () => {
    t = testApp();
    /** Three tracks side by side, each a wait of its own; `tracks` of them in the flow. */
    const forked = (tracks: number) => {
      const doc = sampleFlow() as Doc;
      const ids = ['a', 'b', 'c'].slice(0, tracks);
      doc.nodes = [
        doc.nodes[0] as Body,
        {
          id: 'both',
          kind: 'fork',
          label: 'Side by side',
          settings: { tracks: ids.map((id) => ({ id, label: id })) },
        },
        ...ids.map((id, i) => ({
          id: `wait-${id}`,
          kind: 'wait',
          label: `Wait ${id}`,
          settings: { mode: 'duration', duration: { amount: i + 1, unit: 'days' } },
          terminal: ['done'],
        })),
      ];
      doc.edges = [
        { id: 'e1', source: 'start', outcome: 'next', target: 'both' },
        ...ids.map((id) => ({ id: `t-${id}`, source: 'both', outcome: id, target: `wait-${id}` })),
      ];
      return doc;
    };
    await t.call('POST', '/api/flows/sample/publish', forked(3));
    const [lead] = (await leadsIn(1)) as [string];
    const published = await t.call('POST', '/api/flows/sample/publish', forked(2));
    expect(published.body.error).toBeUndefined();
    expect((await move(2)).body.stayed).toEqual([
      {
        version: 1,
        nodeId: 'both',
        label: 'Side by side',
        reason: 'a track was removed from the step in version 2',
        count: 1,
      },
    ]);
    expect((await t.enrollment(lead, 'sample')).version).toBe(1);
  });

  it('puts a moved open task in the queue the new version names, with the step’s new talking points', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const [open, claimed] = (await leadsIn(2)) as [string, string];
    for (const lead of [open, claimed]) await t.emit(lead, 'email.clicked', { nodeId: 'welcome' });
    const [claimedTask] = await t.openTasks(claimed);
    await t.call('POST', `/api/tasks/${claimedTask.id}/claim`, { assignee: 'tess' });

    const v2 = edited({
      call: (n) => ({
        ...n,
        label: 'Welcome call',
        owner: { team: 'sales', queue: 'insideSales' },
        settings: { ...n.settings, purpose: 'Book a demo', talkingPoints: ['The demo'], maxAttempts: 4 },
      }),
    });
    await t.call('POST', '/api/flows/sample/publish', v2);
    expect((await move(2)).body.moved).toBe(2);

    const [task] = await t.openTasks(open);
    expect(task).toMatchObject({
      version: 2,
      queue: 'insideSales',
      title: 'Welcome call',
      details: { purpose: 'Book a demo', talkingPoints: ['The demo'], maxAttempts: 4 },
    });
    // The queue the task now waits in is told of it, as of a new task; the claimed one's queue did not change.
    const notices = (await t.call('GET', '/api/outbox?channel=task')).body as Body[];
    expect(notices.filter((m) => m.payload.movedFrom)).toEqual([
      expect.objectContaining({
        payload: expect.objectContaining({
          taskId: task.id,
          queue: 'insideSales',
          movedFrom: 'telequalifying',
        }),
      }),
    ]);
    const inside = await t.as('sales', ['insideSales']);
    expect((await inside('GET', '/api/tasks?queue=insideSales')).body.map((x: Body) => x.id)).toEqual([
      task.id,
    ]);
    expect((await inside('POST', `/api/tasks/${task.id}/complete`, { outcome: 'connected' })).status).toBe(
      200,
    );

    // The rep who claimed the other one keeps it in the queue they work, with what the step now asks.
    const [kept] = await t.openTasks(claimed);
    expect(kept).toMatchObject({
      status: 'claimed',
      assignee: 'tess',
      queue: 'telequalifying',
      title: 'Welcome call',
    });
    const tele = await t.as('sales', ['telequalifying']);
    expect((await tele('POST', `/api/tasks/${kept.id}/complete`, { outcome: 'connected' })).status).toBe(200);
  });
});

/**
 * Version 2 without the greeting call: a click goes to a welcome call of inside sales instead (connected:
 * on to the week's wait), a lead that did not engage cools off three days before the week's wait, and
 * "not now" starts two tracks side by side.
 */
function withWelcomeCall(): Doc {
  const doc = edited({}, ['call']);
  doc.edges = doc.edges.map((e) => (e.id === 'e4' ? { ...e, target: 'cool-off' } : e));
  const days = (amount: number) => ({ mode: 'duration', duration: { amount, unit: 'days' } });
  doc.nodes.push(
    {
      id: 'welcome-call',
      kind: 'salesCall',
      label: 'Welcome call',
      owner: { team: 'sales', queue: 'insideSales' },
      settings: {
        purpose: 'Book a demo',
        talkingPoints: ['The demo'],
        deadline: { amount: 3, unit: 'days' },
        maxAttempts: 2,
      },
      terminal: ['noAnswer', 'converted', 'expired'],
    },
    { id: 'cool-off', kind: 'wait', label: 'Cool off', settings: days(3) },
    {
      id: 'both',
      kind: 'fork',
      label: 'Both',
      settings: {
        tracks: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      },
    },
    { id: 'track-a', kind: 'wait', label: 'A day', settings: days(1), terminal: ['done'] },
    { id: 'track-b', kind: 'wait', label: 'Two days', settings: days(2), terminal: ['done'] },
  );
  doc.edges.push(
    { id: 'w1', source: 'welcome', outcome: 'clicked', target: 'welcome-call' },
    { id: 'w2', source: 'welcome-call', outcome: 'connected', target: 'pause' },
    { id: 'w3', source: 'welcome-call', outcome: 'disqualified', target: 'stage-dq' },
    { id: 'w4', source: 'welcome-call', outcome: 'notNow', target: 'both' },
    { id: 'c1', source: 'cool-off', outcome: 'done', target: 'pause' },
    { id: 'f1', source: 'both', outcome: 'a', target: 'track-a' },
    { id: 'f2', source: 'both', outcome: 'b', target: 'track-b' },
  );
  return doc;
}

/** Publishes the sample flow and then `v2`; answers a lead at the greeting call (with its task) and one still at the welcome email. */
async function leadAtRemovedCall(v2: Doc = withWelcomeCall()) {
  await t.call('POST', '/api/flows/sample/publish', sampleFlow());
  const [atCall, inEmail] = (await leadsIn(2)) as [string, string];
  await t.emit(atCall, 'email.clicked', { nodeId: 'welcome' });
  const [task] = await t.openTasks(atCall);
  const published = await t.call('POST', '/api/flows/sample/publish', v2);
  expect(published.body.error).toBeUndefined();
  return { atCall, inEmail, task };
}

describe('sending leads whose step was removed to a step chosen by hand', () => {
  it('counts on a dry run what the map would do, changing nothing', async () => {
    t = testApp();
    const { atCall, task } = await leadAtRemovedCall();
    const map = [{ version: 1, from: 'call', to: 'welcome-call' }];

    const before = await move(2, { dryRun: true });
    expect(before.body.stayed).toEqual([
      {
        version: 1,
        nodeId: 'call',
        label: 'Greeting call',
        reason: 'the step is not in version 2',
        count: 1,
      },
    ]);
    // Where they can be sent: not the entry, not the goal, not a step inside the side-by-side tracks.
    expect(before.body.targets.map((s: Body) => s.nodeId)).toEqual([
      'welcome',
      'stage-dq',
      'pause',
      'welcome-call',
      'cool-off',
      'both',
    ]);

    const dry = await move(2, { dryRun: true, map });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      moved: 2,
      movedFrom: { 1: 2 },
      mapped: [
        {
          version: 1,
          from: 'call',
          fromLabel: 'Greeting call',
          to: 'welcome-call',
          toLabel: 'Welcome call',
          count: 1,
        },
      ],
      stayed: [],
    });
    expect((await t.enrollment(atCall, 'sample')).version).toBe(1);
    expect((await t.openTasks(atCall)).map((x: Body) => x.id)).toEqual([task.id]);
    expect((await t.timeline(atCall)).some((line) => line.startsWith('Moved to version'))).toBe(false);
  });

  it('puts a lead at the chosen sales step: its old task is cancelled and the new step makes its own', async () => {
    t = testApp();
    const { atCall, inEmail, task } = await leadAtRemovedCall();
    await t.advance(DAY);
    const res = await move(2, { map: [{ version: 1, from: 'call', to: 'welcome-call' }] });
    expect(res.body).toMatchObject({ dryRun: false, moved: 2, mapped: [{ count: 1 }], stayed: [] });
    const movedAt = t.clock.now();

    expect(await t.enrollment(atCall, 'sample')).toMatchObject({
      version: 2,
      status: 'active',
      activeNodes: ['welcome-call'],
    });
    // The lead still at the welcome email moved by itself, at its step.
    expect(await t.enrollment(inEmail, 'sample')).toMatchObject({ version: 2, activeNodes: ['welcome'] });
    expect((await t.call('GET', `/api/tasks/${task.id}`)).body.status).toBe('cancelled');
    const [fresh] = await t.openTasks(atCall);
    expect(fresh).toMatchObject({
      version: 2,
      nodeId: 'welcome-call',
      queue: 'insideSales',
      title: 'Welcome call',
      details: { purpose: 'Book a demo', talkingPoints: ['The demo'] },
    });
    // A full three-day deadline from the move, not from when the lead reached the greeting call.
    expect(Date.parse(fresh.createdAt)).toBe(movedAt);
    expect(Date.parse(fresh.deadlineAt)).toBe(movedAt + 3 * DAY);
    const timeline = await t.timeline(atCall);
    expect(timeline).toContain(
      'Moved to version 2 of “Sample nurture” at “Welcome call” (was at “Greeting call” on version 1)',
    );
    expect(timeline).toContain(
      'Telequalifying task “Greeting call” cancelled: the lead was moved to “Welcome call” of version 2',
    );
    // Inside sales is told of its new task, as of any new task.
    const notices = (await t.call('GET', '/api/outbox?channel=task')).body as Body[];
    expect(notices.map((m) => m.payload.taskId)).toContain(fresh.id);

    // The greeting call's deadline (two days after the click) passes without effect: its timer is gone.
    await t.advance(DAY + 1000);
    expect((await t.openTasks(atCall)).map((x: Body) => x.id)).toEqual([fresh.id]);
    // The welcome call goes on by version 2's connections.
    const inside = await t.as('sales', ['insideSales']);
    expect((await inside('POST', `/api/tasks/${fresh.id}/complete`, { outcome: 'connected' })).status).toBe(
      200,
    );
    expect((await t.enrollment(atCall, 'sample')).activeNodes).toEqual(['pause']);
  });

  it('starts a chosen wait afresh and follows the new version’s connections from it', async () => {
    t = testApp();
    const { atCall } = await leadAtRemovedCall();
    await t.advance(DAY);
    const res = await move(2, { map: [{ version: 1, from: 'call', to: 'cool-off' }] });
    expect(res.body.mapped).toMatchObject([{ to: 'cool-off', toLabel: 'Cool off', count: 1 }]);
    expect(await t.enrollment(atCall, 'sample')).toMatchObject({ version: 2, activeNodes: ['cool-off'] });
    expect(await t.openTasks(atCall)).toEqual([]);
    expect(await t.timeline(atCall)).toContain(
      'Moved to version 2 of “Sample nurture” at “Cool off” (was at “Greeting call” on version 1)',
    );

    // The whole three days from the move, then on to the week's wait as version 2 connects it.
    await t.advance(3 * DAY - 1000);
    expect((await t.enrollment(atCall, 'sample')).activeNodes).toEqual(['cool-off']);
    await t.advance(1000);
    expect((await t.enrollment(atCall, 'sample')).activeNodes).toEqual(['pause']);
    await t.advance(7 * DAY);
    expect((await t.enrollment(atCall, 'sample')).status).toBe('completed');
  });

  it('starts every track when leads are sent to a side-by-side step', async () => {
    t = testApp();
    const { atCall } = await leadAtRemovedCall();
    await move(2, { map: [{ version: 1, from: 'call', to: 'both' }] });
    expect((await t.enrollment(atCall, 'sample')).activeNodes).toEqual(['track-a', 'track-b']);
    await t.advance(2 * DAY);
    expect((await t.enrollment(atCall, 'sample')).status).toBe('completed');
  });

  it('takes a lead on side-by-side tracks out of every track, and its timeline names each step it left', async () => {
    t = testApp();
    const days = (amount: number) => ({ mode: 'duration', duration: { amount, unit: 'days' } });
    /** A VIP branch to a three-day wait, else two tracks: a 5-day wait beside a call (or, in v2, an email). */
    const forked = (trackB: Body): Doc => ({
      ...(sampleFlow() as Doc),
      nodes: [
        { id: 'start', kind: 'entry', label: 'New lead' },
        {
          id: 'vip',
          kind: 'branch',
          label: 'VIP?',
          settings: {
            conditions: [
              {
                id: 'vip',
                label: 'VIP',
                when: { match: 'all', rules: [{ fact: 'score', op: 'gte', value: 90 }] },
              },
            ],
          },
        },
        {
          id: 'both',
          kind: 'fork',
          label: 'Both',
          settings: {
            tracks: [
              { id: 'a', label: 'A' },
              { id: 'b', label: 'B' },
            ],
          },
        },
        { id: 'wait-a', kind: 'wait', label: 'Wait A', settings: days(5), terminal: ['done'] },
        trackB,
        { id: 'three', kind: 'wait', label: 'Three days', settings: days(3) },
        { id: 'done', kind: 'goal', label: 'Done', settings: { reason: 'Nurtured' } },
      ],
      edges: [
        { id: 'e1', source: 'start', outcome: 'next', target: 'vip' },
        { id: 'e2', source: 'vip', outcome: 'else', target: 'both' },
        { id: 'e3', source: 'vip', outcome: 'vip', target: 'three' },
        { id: 'e4', source: 'both', outcome: 'a', target: 'wait-a' },
        { id: 'e5', source: 'both', outcome: 'b', target: trackB.id },
        { id: 'e6', source: 'three', outcome: 'done', target: 'done' },
      ],
    });
    const call = {
      id: 'call-b',
      kind: 'salesCall',
      label: 'Call B',
      owner: { team: 'sales', queue: 'telequalifying' },
      settings: {
        purpose: 'Say hello',
        talkingPoints: ['Who'],
        deadline: { amount: 2, unit: 'days' },
        maxAttempts: 2,
      },
      terminal: ['connected', 'notNow', 'noAnswer', 'converted', 'expired', 'disqualified'],
    };
    const email = {
      id: 'email-b',
      kind: 'email',
      label: 'Email B',
      settings: { template: 'b', subject: 'B', window: { amount: 2, unit: 'days' } },
      terminal: ['clicked', 'opened', 'noEngagement'],
    };
    await t.call('POST', '/api/flows/sample/publish', forked(call));
    const [lead] = (await leadsIn(1)) as [string];
    const [task] = await t.openTasks(lead);
    await t.advance(DAY);
    expect((await t.call('POST', '/api/flows/sample/publish', forked(email))).status).toBe(201);

    const res = await move(2, { map: [{ version: 1, from: 'call-b', to: 'three' }] });
    expect(res.body).toMatchObject({
      moved: 1,
      mapped: [{ from: 'call-b', to: 'three', count: 1 }],
      stayed: [],
    });
    expect(await t.enrollment(lead, 'sample')).toMatchObject({ version: 2, activeNodes: ['three'] });
    expect((await t.call('GET', `/api/tasks/${task.id}`)).body.status).toBe('cancelled');
    expect(await t.timeline(lead)).toContain(
      'Moved to version 2 of “Sample nurture” at “Three days” (was at “Wait A” and “Call B” on version 1)',
    );
    // Both tracks count the lead as moved out of version 1.
    const { nodes } = (await t.call('GET', '/api/flows/sample/versions/1/stats')).body;
    expect([nodes['wait-a'].movedOut, nodes['call-b'].movedOut]).toEqual([1, 1]);

    await t.advance(3 * DAY);
    expect((await t.enrollment(lead, 'sample')).status).toBe('completed');
  });

  it('lets leads that move by themselves do so, and finishes a move with the same map when asked again', async () => {
    t = testApp();
    const { atCall, inEmail } = await leadAtRemovedCall();
    const map = [
      { version: 1, from: 'welcome', to: 'cool-off' },
      { version: 1, from: 'call', to: 'cool-off' },
    ];
    const res = await move(2, { map });
    expect(res.body).toMatchObject({
      moved: 2,
      mapped: [
        { from: 'welcome', to: 'cool-off', count: 0 },
        { from: 'call', to: 'cool-off', count: 1 },
      ],
    });
    // The lead at the welcome email kept its step and the time it already had there.
    expect((await t.enrollment(inEmail, 'sample')).activeNodes).toEqual(['welcome']);
    expect((await t.enrollment(atCall, 'sample')).activeNodes).toEqual(['cool-off']);
    const again = await move(2, { map });
    expect(again.body).toMatchObject({ moved: 0, mapped: [{ count: 0 }, { count: 0 }], stayed: [] });
  });

  it('refuses a map that names what the flow does not have, saying which entry and field, and moves nobody', async () => {
    t = testApp();
    const { atCall, task } = await leadAtRemovedCall();
    const refused = async (body: Body, code: string, path: (string | number)[], words: string) => {
      const res = await move(2, body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code, path });
      expect(res.body.error.message).toContain(words);
    };
    const entry = (change: Body) => ({ map: [{ version: 1, from: 'call', to: 'welcome-call', ...change }] });
    await refused(
      entry({ version: 7 }),
      'unknown_version',
      ['map', 0, 'version'],
      'map[0].version: flow “sample” has no version 7',
    );
    await refused(
      entry({ version: 2 }),
      'map_version_is_target',
      ['map', 0, 'version'],
      'the leads move to version 2',
    );
    await refused(
      entry({ from: 'gone' }),
      'unknown_step',
      ['map', 0, 'from'],
      'map[0].from: version 1 has no step “gone”',
    );
    await refused(
      entry({ to: 'gone' }),
      'unknown_step',
      ['map', 0, 'to'],
      'map[0].to: version 2 has no step “gone”',
    );
    await refused(
      entry({ to: 'track-a' }),
      'step_not_enterable',
      ['map', 0, 'to'],
      '“A day” is in a track of side-by-side step “Both”',
    );
    await refused(entry({ to: 'done' }), 'step_not_enterable', ['map', 0, 'to'], '“Done” ends the flow');
    // The entry only leads on to the first step; a lead sent there would count as entering version 2 and
    // as moved into it, so its stats would count one lead twice.
    await refused(
      entry({ to: 'start' }),
      'step_not_enterable',
      ['map', 0, 'to'],
      '“New lead” is where leads enter the flow, and nothing leads back into it. To start the leads over, send them to the step it leads to, “Welcome email”.',
    );
    await refused(
      { map: [...entry({}).map, { version: 1, from: 'call', to: 'cool-off' }] },
      'duplicate_mapping',
      ['map', 1],
      'map[1]: step “Greeting call” of version 1 is already sent to a step by map[0]',
    );
    await refused(
      entry({ to: '' }),
      'invalid_input',
      ['map', 0, 'to'],
      'map.0.to: name the step of this version',
    );
    await refused({ map: [{ version: 1, from: 'call' }] }, 'invalid_input', ['map', 0, 'to'], 'map.0.to');
    await refused(entry({ too: 'x' }), 'invalid_input', ['map', 0], 'map.0');

    // Every problem is listed, not only the first.
    const both = await move(2, { map: [entry({ to: 'done' }).map[0], { version: 9, from: 'x', to: 'y' }] });
    expect(both.body.error.issues.map((i: Body) => i.path)).toEqual([
      ['map', 0, 'to'],
      ['map', 1, 'version'],
    ]);

    // A version left out of `from` moves no lead, so a map entry for it is a mistake.
    await t.call('POST', '/api/flows/sample/publish', { ...withWelcomeCall(), name: 'Sample nurture, v3' });
    const notMoved = await t.call('POST', '/api/flows/sample/versions/3/move-leads', {
      from: [2],
      map: [{ version: 1, from: 'call', to: 'welcome-call' }],
    });
    expect(notMoved.status).toBe(400);
    expect(notMoved.body.error).toMatchObject({ code: 'map_version_not_moved', path: ['map', 0, 'version'] });

    expect((await t.enrollment(atCall, 'sample')).version).toBe(1);
    expect((await t.openTasks(atCall)).map((x: Body) => x.id)).toEqual([task.id]);
  });
});
