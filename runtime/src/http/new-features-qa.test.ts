import { afterEach, describe, expect, it } from 'vitest';
import { type Body, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

/** entry → recycle (10 days, or at once on `comesBackOn`) → wait for a page visit → goal. */
function recycleFlow(id: string, comesBackOn: string) {
  return {
    id,
    name: id,
    nodes: [
      { id: 'start', kind: 'entry', label: 'Start' },
      {
        id: 'rec',
        kind: 'recycle',
        label: 'Rest',
        settings: {
          reason: 'Not now',
          cooldown: { amount: 10, unit: 'days' },
          target: { nodeId: 'again' },
          comesBackOn,
        },
      },
      {
        id: 'again',
        kind: 'waitForEvent',
        label: 'Again',
        settings: { eventType: 'page.visited', timeout: { amount: 5, unit: 'days' } },
      },
      { id: 'done', kind: 'goal', label: 'Done', settings: { reason: 'ok' } },
    ],
    edges: [
      { id: 'e1', source: 'start', outcome: 'next', target: 'rec' },
      { id: 'e2', source: 'again', outcome: 'received', target: 'done' },
      { id: 'e3', source: 'again', outcome: 'timedOut', target: 'done' },
    ],
  };
}

/** entry → call in one queue → goal; every outcome of the call ends the path. */
function callFlow(id: string, queue: string) {
  return {
    id,
    name: id,
    nodes: [
      { id: 'start', kind: 'entry', label: 'Start' },
      {
        id: 'call',
        kind: 'salesCall',
        label: 'Call',
        owner: { team: 'sales', queue },
        settings: { purpose: 'p', talkingPoints: [], deadline: { amount: 1, unit: 'days' }, maxAttempts: 1 },
        terminal: ['connected', 'notNow', 'converted', 'noAnswer', 'expired', 'disqualified'],
      },
    ],
    edges: [{ id: 'e1', source: 'start', outcome: 'next', target: 'call' }],
  };
}

describe('new features QA', () => {
  it('accepts the custom lead event a recycle step comes back on', async () => {
    t = testApp();
    expect((await t.call('POST', '/api/flows/rf/publish', recycleFlow('rf', 'demo.requested'))).status).toBe(
      201,
    );
    const lead = await t.lead({ email: 'a@example.com' });
    await t.call('POST', '/api/flows/rf/enrollments', { leadId: lead.id });
    const ev = await t.call('POST', '/api/events', {
      id: 'x1',
      leadId: lead.id,
      type: 'demo.requested',
      data: { source: 'site' },
    });
    expect(ev.status).toBe(200);
    expect(await t.timeline(lead.id)).toContain(
      '“Rest”: came back before the cooldown was over, back in nurture',
    );
    expect((await t.enrollment(lead.id, 'rf')).activeNodes).toEqual(['again']);
  });

  it('lists open tasks first for a token limited to several queues too', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/early/publish', callFlow('early', 'telequalifying'));
    await t.call('POST', '/api/flows/late/publish', callFlow('late', 'insideSales'));
    const lead = await t.lead({ email: 'b@example.com' });
    await t.call('POST', '/api/flows/early/enrollments', { leadId: lead.id });
    await t.advance(3_600_000);
    await t.call('POST', '/api/flows/late/enrollments', { leadId: lead.id });
    const [first] = (await t.openTasks(lead.id)).filter((task: Body) => task.flowId === 'early');
    // The earlier deadline's task is done: it now comes after the open one.
    expect((await t.call('POST', `/api/tasks/${first.id}/complete`, { outcome: 'connected' })).status).toBe(
      200,
    );
    const sales = await t.as('sales', ['telequalifying', 'insideSales']);
    const listed = (await sales('GET', `/api/tasks?leadId=${lead.id}`)).body as Body[];
    expect(listed.map((task) => task.status)).toEqual(['open', 'done']);
    const all = (await t.call('GET', `/api/tasks?leadId=${lead.id}`)).body as Body[];
    expect(all.map((task) => task.status)).toEqual(['open', 'done']);
  });
});
