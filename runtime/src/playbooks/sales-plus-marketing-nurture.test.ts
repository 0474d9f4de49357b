import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { DAY, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const flowId = 'sales-plus-marketing-nurture';
const sorted = (xs: string[]) => [...xs].sort();

describe('playbook: sales nurturing plus marketing nurturing', () => {
  it('keeps marketing content going while sales makes spaced, purposeful calls, until a health check becomes an opportunity', async () => {
    // The webinar is on 2026-02-05 16:00 UTC.
    t = testApp({ clock: new ManualClock(Date.parse('2026-01-26T09:00:00Z')) });
    await t.publishExample(flowId);
    const lead = await t.lead({ email: 'ola@umbrella.example' });
    await t.emit(lead.id, 'form.submitted', { data: { formId: 'demand-planning-guide' } });
    expect(sorted((await t.enrollment(lead.id, flowId)).activeNodes)).toEqual(['guide-email', 'intro-call']);

    // The intro call connects; marketing sends the webinar invitation; the lead attends.
    const [intro] = await t.openTasks(lead.id);
    await t.call('POST', `/api/tasks/${intro.id}/complete`, { outcome: 'connected' });
    await t.emit(lead.id, 'email.opened');
    await t.advance(3 * DAY);
    expect(sorted((await t.enrollment(lead.id, flowId)).activeNodes)).toEqual(['space-2-weeks', 'webinar']);
    await t.emit(lead.id, 'webinar.registered');
    await t.advance(Date.parse('2026-02-05T16:30:00Z') - t.clock.now());
    await t.emit(lead.id, 'webinar.attended');
    expect((await t.call('GET', `/api/leads/${lead.id}`)).body.score).toBe(15);

    // Two weeks after the intro call: a follow-up about the webinar, not "any needs right now?".
    await t.advance(Date.parse('2026-02-09T10:00:00Z') - t.clock.now());
    const [followup] = await t.openTasks(lead.id);
    expect(followup).toMatchObject({ nodeId: 'webinar-followup-call', queue: 'insideSales' });
    // Talking to sales does not drop the lead from marketing content.
    const active = (await t.enrollment(lead.id, flowId)).activeNodes as string[];
    expect(active).toContain('webinar-followup-call');
    expect(
      active.some((n) =>
        ['recording-email', 'case-study-email', 'monthly-wait', 'monthly-email'].includes(n),
      ),
    ).toBe(true);

    await t.call('POST', `/api/tasks/${followup.id}/complete`, { outcome: 'connected' });
    await t.advance(21 * DAY);
    const [offer] = await t.openTasks(lead.id);
    expect(offer.nodeId).toBe('health-check-offer-call');
    await t.call('POST', `/api/tasks/${offer.id}/complete`, { outcome: 'converted' });
    expect((await t.call('GET', `/api/leads/${lead.id}`)).body.stage).toBe('sql');

    const [meeting] = await t.openTasks(lead.id);
    expect(meeting).toMatchObject({ kind: 'meeting', queue: 'fieldRep', nodeId: 'health-check-meeting' });
    await t.call('POST', `/api/tasks/${meeting.id}/complete`, { outcome: 'opportunity' });
    const done = (await t.call('GET', `/api/leads/${lead.id}`)).body;
    expect(done.stage).toBe('opportunity');
    expect(done.enrollments[0]).toMatchObject({ status: 'completed', activeNodes: [] });

    const touches = (await t.call('GET', `/api/outbox?leadId=${lead.id}`)).body as { channel: string }[];
    expect(touches.filter((m) => m.channel === 'task')).toHaveLength(4);
    expect(touches.filter((m) => m.channel === 'webinar')).toHaveLength(1);
    expect(touches.filter((m) => m.channel === 'email').length).toBeGreaterThanOrEqual(3);
    expect((await t.call('GET', '/api/stats/waterfall')).body.stages).toEqual({ opportunity: 1 });
  });
});
