import { examples } from '@tandem/examples';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { publishExamples } from '../runtime.ts';
import { DAY, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

interface Report {
  leads: { id: string; externalId: string; name: string }[];
  events: number;
  enrolled: Record<string, number>;
}

async function withExamples(ingestThread = false, clock?: ManualClock): Promise<TestApp> {
  const app = testApp({ examples, ingestThread, ...(clock && { clock }) });
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

  it("puts a lead on each playbook's main paths, engaged ones included, as the clock moves", async () => {
    // The demo's manual clock starts on 5 January 2026, before the example webinars.
    t = await withExamples(false, new ManualClock());
    await t.call('POST', '/api/admin/sample-leads', {});
    const visited = async (flowId: string) => {
      const stats = (await t.call('GET', `/api/flows/${flowId}/versions/1/stats`)).body as {
        nodes: Record<string, { entered: number; outcomes: Record<string, number> }>;
      };
      return stats.nodes;
    };
    // Answered on day one: the survey behind the pre-qualification email, the ROI calculator, a demo request.
    expect((await visited('agreed-lead-definition'))['score-survey']?.entered).toBeGreaterThan(0);
    const dayOne = await visited('no-handoff-day-one');
    expect(dayOne['score-roi']?.entered).toBeGreaterThan(0);
    expect(dayOne['demo-meeting']?.entered).toBeGreaterThan(0);
    const tasks = (await t.call('GET', '/api/tasks?status=open')).body as { nodeId: string; kind: string }[];
    expect(tasks).toContainEqual(expect.objectContaining({ nodeId: 'demo-meeting', kind: 'meeting' }));
    for (const days of [1, 7, 30, 90]) await t.advance(days * DAY);

    const ranked = (await visited('agreed-lead-definition')).rank?.outcomes ?? {};
    expect(Object.keys(ranked).sort()).toEqual(['a-lead', 'b-lead', 'c-lead', 'else']);
    const meeting = await visited('meeting-as-nurture-step');
    for (const step of ['score-report', 'panel-webinar', 'stage-mql', 'meeting-invite', 'nurture-wait']) {
      expect(meeting[step]?.entered, step).toBeGreaterThan(0);
    }
    const both = await visited('sales-plus-marketing-nurture');
    // Registered for the webinar but did not come: the recording; the others were invited and declined.
    expect(both.webinar?.outcomes).toMatchObject({
      noShow: expect.any(Number),
      declined: expect.any(Number),
    });
    for (const step of ['recording-email', 'intro-call', 'benchmark-call', 'monthly-email']) {
      expect(both[step]?.entered, step).toBeGreaterThan(0);
    }
    expect((await visited('recycled-lead-nurture'))['tp-call']?.entered).toBeGreaterThan(0);
    const waterfall = (await t.call('GET', '/api/stats/waterfall')).body as {
      reached: Record<string, number>;
    };
    expect(waterfall.reached).toMatchObject({ mql: expect.any(Number), sql: expect.any(Number) });
    expect(waterfall.reached.sql).toBeGreaterThan(0);
  });

  it("leaves alone a lead that already has a sample person's email", async () => {
    t = await withExamples();
    // Emails of sample-1 and sample-2, already used by leads from elsewhere.
    const known = await t.lead({ email: 'amara.okafor@northwind.example', name: 'Amara Okafor', score: 5 });
    const before = (await t.call('GET', `/api/leads/${known.id}`)).body as Record<string, unknown>;
    await t.lead({ externalId: 'crm-2', email: 'bruno.haddad@helio.example', name: 'Bruno Haddad' });
    const res = await t.call('POST', '/api/admin/sample-leads', { count: 3 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((res.body as Report).leads.map((l) => l.externalId)).toEqual(['sample-3', 'sample-4', 'sample-5']);
    const after = (await t.call('GET', `/api/leads/${known.id}`)).body as Record<string, unknown>;
    expect(after.updatedAt).toBe(before.updatedAt);
    expect(after).toMatchObject({ externalId: null, score: before.score, attributes: before.attributes });
  });

  it("adds leads on a runtime whose flows no longer use the sample events' types", async () => {
    t = testApp({ examples });
    await t.publishExample('agreed-lead-definition');
    const res = await t.call('POST', '/api/admin/sample-leads', { count: 5 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((res.body as Report).enrolled).toEqual({ 'agreed-lead-definition': 5 });
    // The survey is still filled in (a form is a known event); pricing visits and demo requests are not posted.
    const first = (res.body as Report).leads[0] as Report['leads'][number];
    expect(await t.timeline(first.id)).toContain('Form submitted: needs-survey');
  });
});
