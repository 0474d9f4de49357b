import { examples } from '@tandem/examples';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY, sampleFlow, type TestApp, testApp } from '../testing.ts';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

const leads = [
  {
    externalId: 'a',
    email: 'a@example.com',
    bant: { budget: 'approved', authority: 'decisionMaker' },
    score: 60,
  },
  { externalId: 'b', email: 'b@example.com', score: 5 },
  { externalId: 'c', email: 'c@example.com', attributes: { country: 'FR', employees: 800 }, score: 30 },
  { externalId: 'd', email: 'd@example.com' },
];

/**
 * One playbook's journey for four leads entering a day apart, one of them clicking an email; `move` runs
 * on day 3 (for the second app: a new version with a step moved on the canvas, and every lead moved to
 * it). Answers each lead's timeline as (day, text) once the journey has run for half a year.
 */
async function journey(flow: Record<string, unknown>, move?: (t: TestApp) => Promise<void>) {
  const t = testApp();
  apps.push(t);
  await t.call('POST', `/api/flows/${flow.id}/publish`, flow);
  const ids: string[] = [];
  for (const input of leads) {
    const lead = await t.lead(input);
    const res = await t.call('POST', `/api/flows/${flow.id}/enrollments`, { leadId: lead.id });
    // Playbooks that enter on lead.created have the lead already.
    if (res.status !== 201) expect(res.body.error.code).toBe('already_enrolled');
    ids.push(lead.id);
    await t.advance(DAY);
  }
  await t.emit(ids[0] as string, 'email.clicked');
  await move?.(t);
  for (let day = 0; day < 180; day += 10) await t.advance(10 * DAY);
  const start = Date.parse('1970-01-01');
  const lines = [];
  for (const id of ids) {
    const timeline = (await t.call('GET', `/api/leads/${id}/timeline`)).body as {
      at: string;
      text: string;
    }[];
    lines.push(
      timeline
        .filter((l) => !l.text.startsWith('Moved to version'))
        .map((l) => `${Math.floor((Date.parse(l.at) - start) / 60_000)} ${l.text.replace('(v2)', '(v1)')}`),
    );
  }
  return lines;
}

describe('a lead moved to an equivalent version walks on as if it had stayed', () => {
  for (const example of examples) {
    it(example.id, async () => {
      const flow = JSON.parse(JSON.stringify(example.flow)) as Record<string, unknown> & {
        id: string;
        nodes: { position?: { x: number; y: number } }[];
      };
      const stayed = await journey(flow);
      const moved = await journey(flow, async (t) => {
        const v2 = JSON.parse(JSON.stringify(flow)) as typeof flow;
        const node = v2.nodes[1] as { position?: { x: number; y: number } };
        node.position = { x: (node.position?.x ?? 0) + 40, y: node.position?.y ?? 0 };
        expect((await t.call('POST', `/api/flows/${flow.id}/publish`, v2)).status).toBe(201);
        const res = await t.call('POST', `/api/flows/${flow.id}/versions/2/move-leads`);
        expect(res.body.stayed).toEqual([]);
        expect(res.body.moved).toBeGreaterThan(0);
      });
      expect(moved).toEqual(stayed);
    });
  }
});

describe('a lead sent to a step by hand walks on as one that arrived there by the flow', () => {
  it('reaches the week’s wait at the move and leaves it when a lead that got there by itself does', async () => {
    const t = testApp();
    apps.push(t);
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const enroll = async (email: string) => {
      const lead = await t.lead({ email });
      await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
      return lead.id as string;
    };
    // One lead lets the welcome email's three days pass and reaches the week's wait on day 3; the other
    // clicks it on day 2 and waits for the greeting call, which version 2 removes.
    const waited = await enroll('waited@example.com');
    await t.advance(2 * DAY);
    const clicked = await enroll('clicked@example.com');
    await t.emit(clicked, 'email.clicked', { nodeId: 'welcome' });
    await t.advance(DAY);

    const v2 = sampleFlow() as { nodes: { id: string }[]; edges: Record<string, string>[] };
    v2.nodes = v2.nodes.filter((n) => n.id !== 'call' && n.id !== 'stage-dq');
    v2.edges = v2.edges.filter((e) => ![e.source, e.target].some((id) => id === 'call' || id === 'stage-dq'));
    v2.edges.push({ id: 'clicked', source: 'welcome', outcome: 'clicked', target: 'pause' });
    expect((await t.call('POST', '/api/flows/sample/publish', v2)).status).toBe(201);
    const res = await t.call('POST', '/api/flows/sample/versions/2/move-leads', {
      map: [{ version: 1, from: 'call', to: 'pause' }],
    });
    expect(res.body).toMatchObject({ moved: 2, mapped: [{ count: 1 }], stayed: [] });
    await t.advance(10 * DAY);

    /** The lead's lines from its arrival at the week's wait on, as (minutes, text), without the move's own. */
    const fromPause = async (id: string) => {
      const lines = (await t.call('GET', `/api/leads/${id}/timeline`)).body as { at: string; text: string }[];
      const start = lines.findIndex((l) => l.text === 'Reached “Wait a week”');
      return lines
        .slice(start)
        .filter((l) => !l.text.startsWith('Moved to version'))
        .map((l) => `${Date.parse(l.at) / 60_000} ${l.text}`);
    };
    const walked = await fromPause(waited);
    expect(walked.at(-1)).toMatch(/Left “Sample nurture”: Nurtured$/);
    expect(await fromPause(clicked)).toEqual(walked);
    expect((await t.timeline(clicked)).filter((l) => l.startsWith('Moved to version'))).toEqual([
      'Moved to version 2 of “Sample nurture” at “Wait a week” (was at “Greeting call” on version 1)',
    ]);
  });
});
