import { examples } from '@tandem/examples';
import { afterEach, describe, expect, it } from 'vitest';
import { publishExamples } from '../runtime.ts';
import { type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

interface Report {
  leads: { id: string; externalId: string; name: string }[];
  events: number;
  enrolled: Record<string, number>;
}

async function withExamples(ingestThread = false): Promise<TestApp> {
  const app = testApp({ examples, ingestThread });
  await publishExamples(app.app.runtime);
  return app;
}

describe('sample leads', () => {
  it('adds made-up leads that enter the example flows and give sales work', async () => {
    t = await withExamples();
    const res = await t.call('POST', '/api/admin/sample-leads', { count: 12 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const report = res.body as Report;
    expect(report.leads.map((l) => l.externalId)).toEqual(
      Array.from({ length: 12 }, (_, i) => `sample-${i + 1}`),
    );
    expect(new Set(report.leads.map((l) => l.name)).size).toBe(12);
    // Every new inquiry with an email enters the two flows that take new leads; forms enter two more.
    expect(report.enrolled).toMatchObject({ 'no-handoff-day-one': 12, 'agreed-lead-definition': 12 });
    expect(report.enrolled['meeting-as-nurture-step']).toBe(6);
    expect(report.enrolled['sales-plus-marketing-nurture']).toBe(4);
    expect(report.enrolled['recycled-lead-nurture']).toBe(2);

    // A sample lead is a lead like any other: found by search, with its facts and its timeline.
    const lead = report.leads[1] as Report['leads'][number];
    const found = (await t.call('GET', `/api/leads?search=${encodeURIComponent(lead.name)}`)).body as {
      id: string;
      email: string;
      attributes: Record<string, unknown>;
    }[];
    expect(found.map((l) => l.id)).toContain(lead.id);
    const facts = found.find((l) => l.id === lead.id);
    expect(facts?.email).toMatch(/@[a-z]+\.example$/);
    expect(facts?.attributes).toMatchObject({ sample: true, company: expect.any(String) });
    const timeline = await t.timeline(lead.id);
    expect(timeline.some((l) => /form/i.test(l))).toBe(true);

    // Sales has calls to make in its queues.
    const tasks = (await t.call('GET', '/api/tasks?status=open')).body as { leadId: string }[];
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((task) => report.leads.some((l) => l.id === task.leadId))).toBe(true);
  });

  it('adds new people when asked again, and applies events on the ingest thread as the server does', async () => {
    t = await withExamples(true);
    await t.call('POST', '/api/admin/sample-leads', { count: 3 });
    const again = (await t.call('POST', '/api/admin/sample-leads', {})).body as Report;
    expect(again.leads).toHaveLength(25);
    expect(again.leads[0]?.externalId).toBe('sample-4');
    expect(again.enrolled['meeting-as-nurture-step']).toBeGreaterThan(0);
    const all = (await t.call('GET', '/api/leads?search=example')).body as unknown[];
    expect(all.length).toBeGreaterThanOrEqual(28);
  });

  it('refuses a count out of range or a field it does not know, adding nobody', async () => {
    t = await withExamples();
    for (const body of [{ count: 0 }, { count: 501 }, { count: 2.5 }, { count: '5' }, { size: 5 }]) {
      const res = await t.call('POST', '/api/admin/sample-leads', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await t.call('GET', '/api/leads')).body).toEqual([]);
  });

  it('is for marketing and admins', async () => {
    t = await withExamples();
    expect((await (await t.as('sales'))('POST', '/api/admin/sample-leads', { count: 1 })).status).toBe(403);
    expect((await (await t.as('ingest'))('POST', '/api/admin/sample-leads', { count: 1 })).status).toBe(403);
    expect((await (await t.as('marketing'))('POST', '/api/admin/sample-leads', { count: 1 })).status).toBe(
      201,
    );
  });
});
