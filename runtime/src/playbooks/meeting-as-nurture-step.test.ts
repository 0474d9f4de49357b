import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { DAY, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const flowId = 'meeting-as-nurture-step';

describe('playbook: the meeting as a nurture step', () => {
  it('invites engaged leads to a meeting with an agenda; marketing keeps nurturing after it until the lead asks for a proposal', async () => {
    // The panel webinar is on 2026-02-19: start before it.
    t = testApp({ clock: new ManualClock(Date.parse('2026-02-02T09:00:00Z')) });
    await t.publishExample(flowId);
    const lead = await t.lead({ email: 'noor@initech.example', name: 'Noor Haddad' });
    expect(lead.enrollments).toEqual([]);

    // Event-triggered entry: downloading the report.
    const entered = await t.emit(lead.id, 'form.submitted', { data: { formId: 'supplier-risk-report' } });
    expect(entered.enrolled).toEqual([flowId]);
    await t.emit(lead.id, 'email.clicked');
    expect((await t.enrollment(lead.id, flowId)).activeNodes).toEqual(['panel-wait']);

    await t.advance(4 * DAY);
    expect((await t.enrollment(lead.id, flowId)).activeNodes).toEqual(['panel-webinar']);
    const invites = (await t.call('GET', `/api/outbox?channel=webinar&leadId=${lead.id}`)).body;
    expect(invites).toHaveLength(1);
    expect(invites[0].payload.startsAt).toBe('2026-02-19T16:00:00Z');
    await t.emit(lead.id, 'webinar.registered');
    await t.emit(lead.id, 'webinar.attended');
    await t.emit(lead.id, 'email.clicked');

    // 10 + 20 + 10 points: engaged, MQL, and invited to a meeting that is not a sales pitch.
    let current = (await t.call('GET', `/api/leads/${lead.id}`)).body;
    expect(current).toMatchObject({ stage: 'mql', score: 40 });
    expect((await t.enrollment(lead.id, flowId)).activeNodes).toEqual(['meeting-invite']);
    await t.emit(lead.id, 'email.clicked');
    const [meeting] = await t.openTasks(lead.id);
    expect(meeting).toMatchObject({ kind: 'meeting', queue: 'fieldRep' });
    const detail = (await t.call('GET', `/api/tasks/${meeting.id}`)).body;
    expect(detail.agenda.length).toBeGreaterThan(1);
    expect(detail.history.filter((e: { type: string }) => e.type === 'sendEmail')).toHaveLength(3);
    expect(detail.history.some((e: { type: string }) => e.type === 'webinar.attended')).toBe(true);

    // The meeting leads to no immediate action: marketing keeps owning the relationship.
    await t.call('POST', `/api/tasks/${meeting.id}/claim`, { assignee: 'rep-mia' });
    const claimedByOther = await t.call('POST', `/api/tasks/${meeting.id}/claim`, { assignee: 'rep-tom' });
    expect(claimedByOther.status).toBe(409);
    // Mia is away: the task goes back to the queue and Tom takes it.
    const released = await t.call('POST', `/api/tasks/${meeting.id}/release`, { by: 'rep-mia' });
    expect(released.body).toMatchObject({ status: 'open', assignee: null });
    expect((await t.call('POST', `/api/tasks/${meeting.id}/release`, { by: 'rep-mia' })).status).toBe(409);
    expect(
      (await t.call('POST', `/api/tasks/${meeting.id}/claim`, { assignee: 'rep-tom' })).body.assignee,
    ).toBe('rep-tom');
    expect(await t.timeline(lead.id)).toContain(
      `Field rep task “${meeting.title}” handed back to the queue by rep-mia (was claimed by rep-mia)`,
    );
    await t.call('POST', `/api/tasks/${meeting.id}/complete`, { outcome: 'held' });
    expect((await t.enrollment(lead.id, flowId)).activeNodes).toEqual(['recap-email']);
    await t.advance(5 * DAY + 28 * DAY + 5 * DAY);
    expect((await t.enrollment(lead.id, flowId)).activeNodes).toEqual(['proposal-wait']);

    // Later the lead asks for a proposal and moves down the funnel.
    await t.emit(lead.id, 'proposal.requested');
    current = (await t.call('GET', `/api/leads/${lead.id}`)).body;
    expect(current.stage).toBe('opportunity');
    expect(current.enrollments[0].status).toBe('completed');
    const stats = (await t.call('GET', `/api/flows/${flowId}/versions/1/stats`)).body.nodes;
    expect(stats['exploratory-meeting'].outcomes).toEqual({ held: 1 });
    expect(stats['goal-opportunity'].entered).toBe(1);
  });
});
