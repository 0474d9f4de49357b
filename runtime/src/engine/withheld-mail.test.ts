import { afterEach, describe, expect, it } from 'vitest';
import { DAY, sampleFlow, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

/** The flow's email steps: a welcome, then (after no engagement) a follow-up. */
const twoEmails = () =>
  sampleFlow('mail', {
    nodes: [
      { id: 'start', kind: 'entry', label: 'New lead' },
      {
        id: 'welcome',
        kind: 'email',
        label: 'Welcome email',
        settings: { template: 'welcome', subject: 'Welcome aboard', window: { amount: 3, unit: 'days' } },
        terminal: ['clicked', 'opened'],
      },
      {
        id: 'follow',
        kind: 'email',
        label: 'Follow-up',
        settings: { template: 'follow', subject: 'Still curious?', window: { amount: 3, unit: 'days' } },
        terminal: ['clicked', 'opened', 'noEngagement'],
      },
    ],
    edges: [
      { id: 'e1', source: 'start', outcome: 'next', target: 'welcome' },
      { id: 'e2', source: 'welcome', outcome: 'noEngagement', target: 'follow' },
    ],
  } as never);

async function emailsTo(leadId: string): Promise<string[]> {
  const outbox = (await t.call('GET', `/api/outbox?leadId=${leadId}`)).body as {
    channel: string;
    payload: { subject?: string };
  }[];
  return outbox.filter((m) => m.channel === 'email').map((m) => m.payload.subject ?? '');
}

describe('marketing email a lead must not get', () => {
  it('stops after the lead unsubscribes; the timeline says what was not sent and why', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/mail/publish', twoEmails());
    const lead = await t.lead({ externalId: 'u1', email: 'u1@example.com' });
    await t.call('POST', '/api/flows/mail/enrollments', { leadId: lead.id });
    expect(await emailsTo(lead.id)).toEqual(['Welcome aboard']);

    await t.call('POST', '/api/events', { id: 'unsub-1', leadId: lead.id, type: 'email.unsubscribed' });
    expect((await t.call('GET', `/api/leads/${lead.id}`)).body.attributes).toMatchObject({
      unsubscribed: true,
    });
    await t.advance(4 * DAY);

    expect(await emailsTo(lead.id)).toEqual(['Welcome aboard']);
    const timeline = await t.timeline(lead.id);
    expect(timeline).toContain('Email not sent: “Still curious?” (the lead unsubscribed)');
    expect(timeline.filter((l) => l.startsWith('Email sent'))).toEqual(['Email sent: “Welcome aboard”']);
  });

  it('stops after a bounce until the lead has a new address, and never goes to a lead without one', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/mail/publish', twoEmails());
    const bounced = await t.lead({ externalId: 'b1', email: 'old@example.com' });
    await t.call('POST', '/api/events', { id: 'b-1', leadId: bounced.id, type: 'email.bounced' });
    await t.call('POST', '/api/flows/mail/enrollments', { leadId: bounced.id });
    expect(await emailsTo(bounced.id)).toEqual([]);
    expect(await t.timeline(bounced.id)).toContain(
      'Email not sent: “Welcome aboard” (the lead’s email address bounced)',
    );

    const moved = await t.call('POST', '/api/leads', { externalId: 'b1', email: 'new@example.com' });
    expect(moved.body.attributes.emailBounced).toBeUndefined();
    await t.advance(4 * DAY);
    expect(await emailsTo(bounced.id)).toEqual(['Still curious?']);

    // A CRM that sends the flag as text is heard too.
    const crm = await t.lead({
      externalId: 'c1',
      email: 'c1@example.com',
      attributes: { unsubscribed: 'TRUE' },
    });
    await t.call('POST', '/api/flows/mail/enrollments', { leadId: crm.id });
    expect(await emailsTo(crm.id)).toEqual([]);

    const noEmail = await t.lead({ externalId: 'n1' });
    await t.call('POST', '/api/flows/mail/enrollments', { leadId: noEmail.id });
    expect(await emailsTo(noEmail.id)).toEqual([]);
    expect(await t.timeline(noEmail.id)).toContain(
      'Email not sent: “Welcome aboard” (the lead has no email address)',
    );
  });

  it('reads a CRM’s "yes" flag like the events’ true: a new address clears a "yes" bounce too', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/mail/publish', twoEmails());
    const crm = await t.lead({
      externalId: 'y1',
      email: 'old@example.com',
      attributes: { emailBounced: 'yes' },
    });
    await t.call('POST', '/api/flows/mail/enrollments', { leadId: crm.id });
    expect(await emailsTo(crm.id)).toEqual([]);

    const moved = await t.call('POST', '/api/leads', { externalId: 'y1', email: 'new@example.com' });
    expect(moved.body.attributes).not.toHaveProperty('emailBounced');
    await t.advance(4 * DAY);
    expect(await emailsTo(crm.id)).toEqual(['Still curious?']);

    // A new address sent with the flag keeps the flag: the caller says the new one bounced too.
    await t.lead({ externalId: 'y2', email: 'a@example.com', attributes: { emailBounced: 'YES' } });
    const still = await t.call('POST', '/api/leads', {
      externalId: 'y2',
      email: 'b@example.com',
      attributes: { emailBounced: 'yes' },
    });
    expect(still.body.attributes.emailBounced).toBe('yes');

    // An unsubscribe event on a lead the CRM already marked leaves the CRM's value as it was.
    const unsub = await t.lead({
      externalId: 'y3',
      email: 'y3@example.com',
      attributes: { unsubscribed: 'Yes' },
    });
    await t.emit(unsub.id, 'email.unsubscribed');
    expect((await t.call('GET', `/api/leads/${unsub.id}`)).body.attributes.unsubscribed).toBe('Yes');
  });
});
