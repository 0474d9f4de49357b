import { afterEach, expect, it } from 'vitest';
import { DAY, sampleFlow, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

async function enrolled(email: string): Promise<string> {
  const lead = await t.lead({ email });
  expect((await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id })).status).toBe(201);
  return lead.id;
}

it('counts a version’s leads by status: in the flow now, completed, exited, removed', async () => {
  t = testApp();
  await t.call('POST', '/api/flows/sample/publish', sampleFlow());
  await enrolled('a@example.com');
  await enrolled('b@example.com');
  const removed = await enrolled('c@example.com');
  await t.call('DELETE', `/api/flows/sample/enrollments/${removed}`);
  const stats = () => t.call('GET', '/api/flows/sample/versions/1/stats');
  expect((await stats()).body.leads).toEqual({
    active: 2,
    completed: 0,
    exited: 0,
    removed: 1,
    movedIn: 0,
    movedOut: 0,
  });

  // Three days of email window and a week's wait later, both have reached the goal.
  await t.advance(11 * DAY);
  expect((await stats()).body.leads).toEqual({
    active: 0,
    completed: 2,
    exited: 0,
    removed: 1,
    movedIn: 0,
    movedOut: 0,
  });
});

it('counts every message per channel and status, beyond what the list answers', async () => {
  t = testApp();
  await t.call('POST', '/api/flows/sample/publish', sampleFlow());
  const clicker = await enrolled('a@example.com');
  await enrolled('b@example.com');
  await t.emit(clicker, 'email.clicked', { nodeId: 'welcome' });
  await t.advance(60_000);
  const counts = await t.call('GET', '/api/outbox/counts');
  expect(counts.status).toBe(200);
  expect(counts.body).toEqual([
    { channel: 'email', status: 'sent', count: 2 },
    { channel: 'task', status: 'sent', count: 1 },
  ]);
  const listed = (await t.call('GET', '/api/outbox')).body as unknown[];
  expect(listed).toHaveLength(3);
  const sales = await t.as('sales');
  expect((await sales('GET', '/api/outbox/counts')).status).toBe(403);
});
