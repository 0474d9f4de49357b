import { afterEach, describe, expect, it } from 'vitest';
import { DAY, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

describe('playbook: no hand-off, sales and marketing together from day one', () => {
  it('greets every new lead on day one while marketing follows up, and the rep who knows the lead closes', async () => {
    t = testApp();
    await t.publishExample('no-handoff-day-one');
    // Entering on lead.created: creating the lead is enough.
    const lead = await t.lead({
      externalId: 'crm-7',
      email: 'lee@contoso.example',
      name: 'Lee Park',
      attributes: { company: 'Contoso' },
    });
    expect(lead.enrollments).toHaveLength(1);
    expect([...lead.enrollments[0].activeNodes].sort()).toEqual(['greeting-call', 'welcome-email']);

    const [greeting] = await t.openTasks(lead.id);
    expect(greeting).toMatchObject({ queue: 'telequalifying', nodeId: 'greeting-call' });
    expect(Date.parse(greeting.deadlineAt) - t.clock.now()).toBe(1 * DAY);
    await t.advance(0);
    const outbox = (await t.call('GET', `/api/outbox?leadId=${lead.id}`)).body;
    expect(outbox.map((m: { channel: string; status: string }) => `${m.channel}:${m.status}`).sort()).toEqual(
      ['email:sent', 'task:sent'],
    );
    expect(t.capture.captured.map((m) => m.channel).sort()).toEqual(['email', 'task']);

    // Day one: the lead is not ready; marketing keeps going and every response is recorded.
    await t.call('POST', `/api/tasks/${greeting.id}/complete`, { outcome: 'notNow', assignee: 'tq-jo' });
    await t.emit(lead.id, 'email.opened');
    await t.advance(3 * DAY);
    let enrollment = await t.enrollment(lead.id, 'no-handoff-day-one');
    expect([...enrollment.activeNodes].sort()).toEqual(['let-marketing-work', 'roi-email']);
    await t.emit(lead.id, 'email.clicked');
    enrollment = await t.enrollment(lead.id, 'no-handoff-day-one');
    expect([...enrollment.activeNodes].sort()).toEqual(['demo-wait', 'let-marketing-work']);
    expect((await t.call('GET', `/api/leads/${lead.id}`)).body.score).toBe(15);

    // Three weeks on, sales pops in again, seeing exactly what marketing sent and how the lead answered.
    await t.advance(18 * DAY);
    const [checkin] = await t.openTasks(lead.id);
    expect(checkin).toMatchObject({ queue: 'insideSales', nodeId: 'checkin-call' });
    const detail = (await t.call('GET', `/api/tasks/${checkin.id}`)).body;
    const history = detail.history.map((e: { text: string }) => e.text);
    expect(history.filter((l: string) => l.startsWith('Email sent'))).toHaveLength(2);
    expect(history).toContain('Email opened');
    expect(history).toContain('Email clicked');
    expect(history.some((l: string) => l.includes(`task “${greeting.title}” completed: Not now`))).toBe(true);
    expect(detail.outcomes.map((o: { id: string }) => o.id)).toEqual([
      'connected',
      'notNow',
      'noAnswer',
      'disqualified',
      'converted',
    ]);

    // The lead asks for a demo: marketing moves it to SQL and the known rep runs the meeting.
    await t.emit(lead.id, 'demo.requested');
    let current = (await t.call('GET', `/api/leads/${lead.id}`)).body;
    expect(current.stage).toBe('sql');
    const meeting = (await t.openTasks(lead.id)).find((x) => x.kind === 'meeting');
    expect(meeting).toMatchObject({ nodeId: 'demo-meeting', queue: 'insideSales' });
    expect((await t.call('GET', `/api/tasks/${meeting.id}`)).body.agenda.length).toBeGreaterThan(0);

    await t.call('POST', `/api/tasks/${meeting.id}/complete`, { outcome: 'opportunity' });
    current = (await t.call('GET', `/api/leads/${lead.id}`)).body;
    expect(current.stage).toBe('opportunity');
    expect(current.enrollments[0]).toMatchObject({ status: 'completed', activeNodes: [] });
    // The goal ends both tracks: the check-in call is cancelled and no timer is left behind.
    expect((await t.call('GET', `/api/tasks/${checkin.id}`)).body.status).toBe('cancelled');
    expect((await t.call('GET', '/api/health')).body.nextTimerAt).toBeNull();
    const timeline = await t.timeline(lead.id);
    expect(timeline).toContain(
      `Inside sales task “${checkin.title}” cancelled: the lead moved on from its step`,
    );
    expect(timeline.at(-1)).toBe(
      'Left “No hand-off: sales and marketing together from day one”: Opportunity opened by the rep who has known the lead since day one',
    );

    // Re-entry policy "never": the lead cannot be enrolled again.
    const again = await t.call('POST', '/api/flows/no-handoff-day-one/enrollments', { leadId: lead.id });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('reentry_refused');
  });
});
