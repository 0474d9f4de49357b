import { afterEach, describe, expect, it } from 'vitest';
import { DAY, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

/** A recycled lead rests 30 days before the welcome email again, unless it fills in a form first. */
const restFlow = (comesBackOn: string) => ({
  id: 'rest',
  name: 'Rest, or come back',
  nodes: [
    { id: 'start', kind: 'entry', label: 'New lead' },
    {
      id: 'rest',
      kind: 'recycle',
      label: 'Back to nurture',
      settings: {
        reason: 'No answer',
        cooldown: { amount: 30, unit: 'days' },
        target: { nodeId: 'welcome' },
        comesBackOn,
      },
    },
    {
      id: 'welcome',
      kind: 'email',
      label: 'Welcome back',
      settings: { template: 'back', subject: 'Good to see you', window: { amount: 3, unit: 'days' } },
      terminal: ['clicked', 'opened', 'noEngagement'],
    },
  ],
  edges: [{ id: 'e1', source: 'start', outcome: 'next', target: 'rest' }],
});

describe('a recycled lead that comes back by itself', () => {
  it('re-enters at once on the event named, and its cooldown no longer runs', async () => {
    t = testApp();
    const published = await t.call('POST', '/api/flows/rest/publish', restFlow('form.submitted'));
    expect(published.status).toBe(201);
    const lead = await t.lead({ email: 'back@example.com' });
    await t.call('POST', '/api/flows/rest/enrollments', { leadId: lead.id });
    await t.advance(10 * DAY);
    // Another event does nothing; the form brings the lead back on day 10, not day 30.
    await t.emit(lead.id, 'page.visited', { data: { url: '/pricing' } });
    expect((await t.enrollment(lead.id, 'rest')).activeNodes).toEqual(['rest']);
    await t.emit(lead.id, 'form.submitted', { data: { form: 'demo' } });
    expect((await t.enrollment(lead.id, 'rest')).activeNodes).toEqual(['welcome']);
    expect(await t.timeline(lead.id)).toContain(
      '“Back to nurture”: came back before the cooldown was over, back in nurture',
    );
    const mail = (await t.call('GET', `/api/outbox?leadId=${lead.id}&channel=email`)).body;
    expect(mail).toHaveLength(1);
    // The rest of the cooldown does not send the lead round again.
    await t.advance(25 * DAY);
    expect((await t.call('GET', `/api/outbox?leadId=${lead.id}&channel=email`)).body).toHaveLength(1);
    const stats = (await t.call('GET', '/api/flows/rest/versions/1/stats')).body.nodes;
    expect(stats.rest.outcomes).toEqual({ cameBack: 1 });
  });

  it('refuses an event a step sends, or a wildcard, as what brings the lead back', async () => {
    t = testApp();
    for (const type of ['task.completed', 'form.*']) {
      const refused = await t.call('POST', '/api/flows/rest/validate', restFlow(type));
      expect(refused.body.ok).toBe(false);
      expect(refused.body.issues[0]).toMatchObject({ nodeId: 'rest', code: 'invalid_setting' });
    }
  });
});
