import { afterEach, describe, expect, it } from 'vitest';
import { sampleFlow, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const codes = (list: { code: string; nodeId?: string; path?: unknown[] }[]) =>
  list.map((w) => `${w.code} ${w.nodeId} ${w.path?.join('.')}`);

describe('flow warnings: advice beside the issues', () => {
  it('names sales rejections that end the flow unrouted on save, validate and publish, and publishes anyway', async () => {
    t = testApp();
    // The sample call marks “no answer” and “not called in time” as ends: those leads drop out of the waterfall.
    const expected = [
      'rejection_not_routed call outcomes.noAnswer',
      'rejection_not_routed call outcomes.expired',
    ];
    const saved = await t.call('PUT', '/api/flows/sample/draft', sampleFlow());
    expect(saved.status).toBe(200);
    expect(saved.body.issues).toEqual([]);
    expect(codes(saved.body.warnings)).toEqual(expected);
    expect(saved.body.warnings[0].message).toContain(
      '“Greeting call” → “No answer after 2 attempts”: these leads leave the flow here.',
    );
    expect(codes((await t.call('GET', '/api/flows/sample/draft')).body.warnings)).toEqual(expected);
    const checked = await t.call('POST', '/api/flows/sample/validate');
    expect(checked.body).toMatchObject({ ok: true, issues: [] });
    expect(codes(checked.body.warnings)).toEqual(expected);
    const published = await t.call('POST', '/api/flows/sample/publish');
    expect(published.status).toBe(201);
    expect(codes(published.body.warnings)).toEqual(expected);

    // Routed to a recycle-free Disqualified stage instead, the warnings go.
    const routed = sampleFlow();
    const call = (routed.nodes as { id: string; terminal?: string[] }[]).find((n) => n.id === 'call');
    if (call) call.terminal = ['connected', 'notNow', 'converted'];
    (routed.edges as unknown[]).push(
      { id: 'e8', source: 'call', outcome: 'noAnswer', target: 'stage-dq' },
      { id: 'e9', source: 'call', outcome: 'expired', target: 'pause' },
    );
    const fixed = await t.call('POST', '/api/flows/sample/validate', routed);
    expect(fixed.body).toMatchObject({ ok: true, issues: [], warnings: [] });
  });

  it('refuses a malformed draft with every issue at once, not only its shape errors', async () => {
    t = testApp();
    const flow = sampleFlow();
    const pause = (flow.nodes as { id: string; settings?: Record<string, unknown> }[]).find(
      (n) => n.id === 'pause',
    );
    if (pause) pause.settings = { mode: 'duration', duration: { amount: 'a week', unit: 'days' } };
    // And the welcome email's “clicked” leads nowhere.
    flow.edges = (flow.edges as { id: string }[]).filter((e) => e.id !== 'e2');
    const saved = await t.call('PUT', '/api/flows/sample/draft', flow);
    expect(saved.status).toBe(400);
    expect(saved.body.error.code).toBe('invalid_document');
    const found = saved.body.error.issues.map(
      (i: { code: string; nodeId?: string }) => `${i.code} ${i.nodeId}`,
    );
    expect(found).toContain('unconnected_outcome welcome');
    expect(found.some((c: string) => c.startsWith('invalid_document'))).toBe(true);
    expect(saved.body.error.path).toEqual(['nodes', 4, 'settings', 'duration', 'amount']);
  });
});
