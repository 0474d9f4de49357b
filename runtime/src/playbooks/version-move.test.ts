import { examples } from '@tandem/examples';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY, type TestApp, testApp } from '../testing.ts';

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
