import { afterEach, describe, expect, it } from 'vitest';
import { DAY, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

describe('playbook: recycled lead nurture', () => {
  it('recycles unreachable and disqualified leads with reasons, nurtures them and resubmits them when they re-engage', async () => {
    t = testApp();
    await t.publishExample('recycled-lead-nurture');
    const lead = await t.lead({ externalId: 'crm-42', email: 'sam@northwind.example', name: 'Sam Rivera' });
    // A manual-entry flow: nobody is enrolled until asked.
    expect(lead.enrollments).toEqual([]);
    const enrolled = await t.call('POST', '/api/flows/recycled-lead-nurture/enrollments', {
      externalId: 'crm-42',
    });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body.activeNodes).toEqual(['tp-call']);

    // Teleprospecting tries four times, no answer: the lead is recycled with that reason.
    const [call] = await t.openTasks(lead.id);
    expect(call).toMatchObject({ queue: 'telequalifying', kind: 'call', nodeId: 'tp-call' });
    for (let i = 0; i < 4; i++)
      expect((await t.call('POST', `/api/tasks/${call.id}/attempt`, { note: `try ${i + 1}` })).status).toBe(
        200,
      );
    expect((await t.call('GET', `/api/tasks/${call.id}`)).body).toMatchObject({
      status: 'done',
      outcome: 'noAnswer',
      attempts: 4,
    });
    let now = await t.call('GET', `/api/leads/${lead.id}`);
    expect(now.body).toMatchObject({
      stage: 'recycled',
      stageReason: 'Tried calling, no answer',
      recycleCount: 1,
    });
    expect(await t.openTasks(lead.id)).toEqual([]);

    // Thirty days of rest, then the nurture email.
    await t.advance(29 * DAY);
    expect((await t.enrollment(lead.id, 'recycled-lead-nurture')).activeNodes).toEqual(['recycle-no-answer']);
    await t.advance(1 * DAY);
    expect((await t.enrollment(lead.id, 'recycled-lead-nurture')).activeNodes).toEqual(['nurture-email']);
    const emails = (await t.call('GET', `/api/outbox?channel=email&leadId=${lead.id}`)).body;
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      status: 'sent',
      payload: { template: 'recycled-peer-insight', lead: { email: 'sam@northwind.example' } },
    });

    // The email window passes, then the lead fills in a form: +20 and back to teleprospecting as an MQL.
    await t.advance(5 * DAY);
    expect((await t.enrollment(lead.id, 'recycled-lead-nurture')).activeNodes).toEqual(['reengage-wait']);
    await t.emit(lead.id, 'form.submitted', { data: { formId: 'pricing-guide' } });
    now = await t.call('GET', `/api/leads/${lead.id}`);
    expect(now.body).toMatchObject({ stage: 'mql', score: 20 });
    const [again] = await t.openTasks(lead.id);
    expect(again).toMatchObject({ nodeId: 'tp-call', status: 'open' });

    // The resubmitted lead is disqualified with a reason: recycled again, and reports show both reasons.
    const noReason = await t.call('POST', `/api/tasks/${again.id}/complete`, { outcome: 'disqualified' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toMatchObject({ code: 'missing_reason', path: ['reason'] });
    expect((await t.openTasks(lead.id))[0].id).toBe(again.id);
    await t.call('POST', `/api/tasks/${again.id}/claim`, { assignee: 'tq-ana' });
    const done = await t.call('POST', `/api/tasks/${again.id}/complete`, {
      outcome: 'disqualified',
      reason: 'Wrong industry',
    });
    expect(done.body).toMatchObject({
      status: 'done',
      outcome: 'disqualified',
      reason: 'Wrong industry',
      assignee: 'tq-ana',
    });
    now = await t.call('GET', `/api/leads/${lead.id}`);
    expect(now.body).toMatchObject({
      stage: 'recycled',
      stageReason: 'Disqualified by teleprospecting',
      recycleCount: 2,
    });

    const waterfall = (await t.call('GET', '/api/stats/waterfall')).body;
    expect(waterfall.recycled).toEqual({
      'Tried calling, no answer': 1,
      'Disqualified by teleprospecting': 1,
    });
    expect(waterfall.disqualified).toEqual({ 'Wrong industry': 1 });
    expect(waterfall.stages).toEqual({ recycled: 1 });

    const stats = (await t.call('GET', '/api/flows/recycled-lead-nurture/versions/1/stats')).body.nodes;
    expect(stats['tp-call']).toEqual({
      current: 0,
      entered: 2,
      outcomes: { noAnswer: 1, disqualified: 1 },
      movedIn: 0,
      movedOut: 0,
    });
    expect(stats['recycle-disqualified'].current).toBe(1);

    const timeline = await t.timeline(lead.id);
    expect(timeline.some((l) => l.startsWith('Call attempt 4 logged'))).toBe(true);
    expect(timeline).toContain('Call attempt note: try 4');
    expect(timeline.some((l) => l.startsWith('Recycled: Tried calling, no answer'))).toBe(true);
    expect(timeline.some((l) => l.includes('completed: Disqualified (with reason) (Wrong industry)'))).toBe(
      true,
    );
  });

  it('follows the expiry path when teleprospecting misses the deadline', async () => {
    t = testApp();
    await t.publishExample('recycled-lead-nurture');
    const lead = await t.lead({ email: 'late@example.com' });
    await t.call('POST', '/api/flows/recycled-lead-nurture/enrollments', { leadId: lead.id });
    const [first] = await t.openTasks(lead.id);
    const advanced = await t.advance(3 * DAY);
    expect(advanced.fired).toBe(1);
    expect((await t.call('GET', `/api/tasks/${first.id}`)).body.status).toBe('expired');
    expect((await t.enrollment(lead.id, 'recycled-lead-nurture')).activeNodes).toEqual([
      'recycle-not-called',
    ]);
    await t.advance(1 * DAY);
    const [second] = await t.openTasks(lead.id);
    expect(second.id).not.toBe(first.id);
    expect(second.overdue).toBe(false);
  });
});
