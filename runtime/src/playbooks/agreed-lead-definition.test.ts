import { afterEach, describe, expect, it } from 'vitest';
import { DAY, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

describe('playbook: a lead definition agreed with sales', () => {
  it('routes an A-lead to a field rep, escalates a missed SLA to inside sales, and returns a rejection to marketing with its reason', async () => {
    t = testApp();
    await t.publishExample('agreed-lead-definition');
    // Attribute-triggered entry: a new inquiry with an email enters on creation.
    const lead = await t.lead({
      externalId: 'crm-100',
      email: 'kim@globex.example',
      attributes: { employees: 2400, jobLevel: 'vp' },
      bant: { budget: 'approved', authority: 'decision-maker' },
    });
    expect(lead.enrollments[0]).toMatchObject({
      flowId: 'agreed-lead-definition',
      activeNodes: ['prequal-email'],
    });
    expect(lead.score).toBe(10);

    // Pre-qualification: the lead clicks and answers the needs survey.
    await t.emit(lead.id, 'email.clicked', { nodeId: 'prequal-email', flowId: 'agreed-lead-definition' });
    expect((await t.enrollment(lead.id, 'agreed-lead-definition')).activeNodes).toEqual(['survey-wait']);
    // A form that is not the survey does not count.
    await t.emit(lead.id, 'form.submitted', { data: { formId: 'newsletter' } });
    expect((await t.enrollment(lead.id, 'agreed-lead-definition')).activeNodes).toEqual(['survey-wait']);
    await t.emit(lead.id, 'form.submitted', { data: { formId: 'needs-survey' } });

    // 30 points, 1,000+ employees, approved budget, decision maker: an A-lead, MQL, handed to a field rep.
    let current = (await t.call('GET', `/api/leads/${lead.id}`)).body;
    expect(current).toMatchObject({ stage: 'mql', score: 30 });
    const [fieldHandoff] = await t.openTasks(lead.id);
    expect(fieldHandoff).toMatchObject({ kind: 'handoff', queue: 'fieldRep', nodeId: 'handoff-field' });

    // The field rep misses the one-day SLA: the lead escalates to inside sales.
    await t.advance(1 * DAY);
    expect((await t.call('GET', `/api/tasks/${fieldHandoff.id}`)).body.status).toBe('expired');
    const [insideHandoff] = await t.openTasks(lead.id);
    expect(insideHandoff).toMatchObject({ kind: 'handoff', queue: 'insideSales', nodeId: 'handoff-inside' });
    expect((await t.call('GET', '/api/tasks?queue=insideSales&status=open')).body).toHaveLength(1);

    // Inside sales rejects it; a rejection without a reason is refused and changes nothing.
    const bare = await t.call('POST', `/api/tasks/${insideHandoff.id}/complete`, { outcome: 'rejected' });
    expect(bare.status).toBe(400);
    expect((await t.call('GET', `/api/tasks/${insideHandoff.id}`)).body.status).toBe('open');
    const wrong = await t.call('POST', `/api/tasks/${insideHandoff.id}/complete`, { outcome: 'held' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('accepted, rejected');
    await t.call('POST', `/api/tasks/${insideHandoff.id}/complete`, {
      outcome: 'rejected',
      reason: 'Not the decision maker',
    });

    current = (await t.call('GET', `/api/leads/${lead.id}`)).body;
    expect(current).toMatchObject({
      stage: 'recycled',
      stageReason: 'Not accepted by sales',
      recycleCount: 1,
    });
    const timeline = await t.timeline(lead.id);
    expect(
      timeline.some((l) =>
        l.includes('Recycled: Not accepted by sales (sales said: Not the decision maker)'),
      ),
    ).toBe(true);

    // Back with marketing after the cooldown.
    await t.advance(14 * DAY);
    expect((await t.enrollment(lead.id, 'agreed-lead-definition')).activeNodes).toEqual(['nurture-email']);
    const emails = (await t.call('GET', `/api/outbox?channel=email&leadId=${lead.id}`)).body;
    expect(emails.map((m: { payload: { template: string } }) => m.payload.template)).toEqual([
      'prequal-two-questions',
      'planners-brief-fortnightly',
    ]);
    expect((await t.call('GET', '/api/stats/waterfall')).body.disqualified).toEqual({
      'Not the decision maker': 1,
    });
  });

  it('does not enter leads that do not match the entry rule', async () => {
    t = testApp();
    await t.publishExample('agreed-lead-definition');
    const lead = await t.lead({ externalId: 'crm-101', stage: 'sal' });
    expect(lead.enrollments).toEqual([]);
  });
});
