import { afterEach, describe, expect, it } from 'vitest';
import { sampleFlow, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

describe('flows beyond sane limits', () => {
  it('are refused with the limit named, and nothing is stored', async () => {
    t = testApp();
    const base = sampleFlow() as { nodes: Record<string, unknown>[] };
    const many = Array.from({ length: 2001 }, (_, i) => ({
      id: `n${i}`,
      kind: 'score',
      label: 'x',
      settings: { points: 1, reason: 'r' },
    }));
    const tooMany = await t.call('PUT', '/api/flows/sample/draft', { ...base, nodes: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('at most 2000 nodes');
    const longLabel = base.nodes.map((n, i) => (i === 1 ? { ...n, label: 'x'.repeat(121) } : n));
    const tooLong = await t.call('POST', '/api/flows/sample/publish', { ...base, nodes: longLabel });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toContain('at most 120 characters');
    expect(tooLong.body.error.path).toEqual(['nodes', 1, 'label']);
    expect((await t.call('GET', '/api/flows')).body).toEqual([]);
  });
});
