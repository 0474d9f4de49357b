import { afterEach, expect, it } from 'vitest';
import { DAY, scoringFlow, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

it('restarts a waiting step’s timeout when the lead leaves and enters it again, keeping one timer', async () => {
  t = testApp();
  await t.call('POST', '/api/flows/visits/publish', scoringFlow());
  const lead = await t.lead({ email: 'ada@example.com' });
  await t.call('POST', '/api/flows/visits/enrollments', { leadId: lead.id });
  const timers = async () => {
    const { id } = await t.enrollment(lead.id, 'visits');
    return t.store.read((tx) => tx.timersOf(id));
  };

  await t.advance(20 * DAY);
  await t.emit(lead.id, 'page.visited', { data: { url: '/pricing' } });
  await t.advance(20 * DAY);
  await t.emit(lead.id, 'page.visited', { data: { url: '/docs' } });
  expect(await timers()).toEqual([
    expect.objectContaining({ nodeId: 'listen', dueAt: t.clock.now() + 30 * DAY }),
  ]);

  // 29 days after the last visit the lead still listens; a day later the timeout fires once.
  await t.advance(29 * DAY);
  expect((await t.enrollment(lead.id, 'visits')).status).toBe('active');
  await t.advance(DAY);
  const ended = await t.enrollment(lead.id, 'visits');
  expect(ended.status).toBe('exited');
  expect((await t.call('GET', `/api/leads/${lead.id}`)).body.score).toBe(10);
  expect(await timers()).toEqual([]);
});
