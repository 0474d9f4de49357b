import { afterEach, describe, expect, it } from 'vitest';
import { type Body, DAY, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

describe('the task inbox and the lead list, as the designer reads them', () => {
  it('names each listed task’s lead, for every reader, within the queues a sales token may see', async () => {
    t = testApp();
    await t.publishExample('no-handoff-day-one');
    const lee = await t.lead({ externalId: 'crm-lee', email: 'lee@contoso.example', name: 'Lee Park' });
    const anon = await t.lead({ externalId: 'crm-anon' });
    const listed = (await t.call('GET', '/api/tasks?status=open')).body as Body[];
    expect(
      listed
        .map((x) => [x.leadId, x.leadName, x.leadEmail, x.leadExternalId, x.queue])
        .sort((a, b) => a[0].localeCompare(b[0])),
    ).toEqual(
      [
        [lee.id, 'Lee Park', 'lee@contoso.example', 'crm-lee', 'telequalifying'],
        [anon.id, null, null, 'crm-anon', 'telequalifying'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    // The rest of the task is as before.
    expect(listed[0]).toMatchObject({
      kind: 'call',
      status: 'open',
      overdue: false,
      title: 'Day-one greeting call',
    });

    const sales = await t.as('sales', ['telequalifying']);
    expect((await sales('GET', `/api/tasks?leadId=${lee.id}`)).body[0]).toMatchObject({
      leadName: 'Lee Park',
    });
    const elsewhere = await t.as('sales', ['fieldRep']);
    expect((await elsewhere('GET', `/api/tasks?leadId=${lee.id}`)).body).toEqual([]);
    const marketing = await t.as('marketing');
    expect((await marketing('GET', '/api/tasks')).body).toHaveLength(2);

    // A closed task keeps naming its lead (the deadline passed: the call expired).
    await t.advance(2 * DAY);
    const later = (await t.call('GET', `/api/tasks?leadId=${lee.id}&status=expired`)).body as Body[];
    expect(later[0]).toMatchObject({ leadName: 'Lee Park', status: 'expired' });
  });

  it('lists the most recently changed leads when nothing is searched for', async () => {
    t = testApp();
    const first = await t.lead({ externalId: 'a', name: 'First' });
    t.clock.set(t.clock.now() + 60_000);
    await t.lead({ externalId: 'b', name: 'Second' });
    t.clock.set(t.clock.now() + 60_000);
    await t.lead({ externalId: 'a', score: 5 });
    const recent = (await t.call('GET', '/api/leads')).body as Body[];
    expect(recent.map((l) => l.name)).toEqual(['First', 'Second']);
    expect(recent[0].id).toBe(first.id);
    expect((await t.call('GET', '/api/leads?limit=1')).body).toHaveLength(1);
  });
});
