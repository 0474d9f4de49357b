import { afterEach, expect, it } from 'vitest';
import { type Body, sampleFlow, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

it('lists the leads at a step of a flow now, of one version when asked, and refuses half a question', async () => {
  t = testApp();
  await t.call('POST', '/api/flows/sample/publish', sampleFlow());
  const ids: Record<string, string> = {};
  for (const name of ['Ann', 'Ben', 'Cy']) {
    const lead = await t.lead({ email: `${name.toLowerCase()}@example.com`, name });
    await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
    ids[name] = lead.id;
  }
  // Ben clicks: he is at the sales call now; Ann and Cy still wait on the welcome email.
  await t.emit(ids.Ben as string, 'email.clicked', { nodeId: 'welcome' });
  const at = async (query: string) =>
    ((await t.call('GET', `/api/leads?${query}`)).body as Body[]).map((l) => l.name).sort();
  expect(await at('flowId=sample&atStep=welcome')).toEqual(['Ann', 'Cy']);
  expect(await at('flowId=sample&atStep=call')).toEqual(['Ben']);
  expect(await at('flowId=sample&atStep=call&version=1')).toEqual(['Ben']);
  expect(await at('flowId=sample&atStep=call&version=2')).toEqual([]);
  expect(await at('flowId=sample&atStep=pause')).toEqual([]);
  // A lead whose enrollment ended is not there any more.
  await t.call('DELETE', `/api/flows/sample/enrollments/${ids.Ann}`);
  expect(await at('flowId=sample&atStep=welcome')).toEqual(['Cy']);

  const half = await t.call('GET', '/api/leads?atStep=welcome');
  expect(half.status).toBe(400);
  expect(half.body.error.path).toEqual(['flowId']);
  expect((await t.call('GET', '/api/leads?flowId=sample&atStep=welcome&search=cy')).status).toBe(400);
});
