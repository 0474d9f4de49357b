import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tinyFlow } from './fixtures.ts';
import { flowJsonSchema } from './json-schema.ts';
import { defaultSettings, nodeKindNames, nodeKinds } from './nodes/registry.ts';
import { parseFlow } from './validate.ts';

describe('flow documents', () => {
  it('round-trip through JSON unchanged once defaults are filled', () => {
    const first = parseFlow(tinyFlow());
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const again = parseFlow(JSON.parse(JSON.stringify(first.value)));
    expect(again).toEqual(first);
  });

  it('fill defaults a marketer would expect', () => {
    const r = parseFlow({ id: 'f', name: 'F', nodes: [{ id: 'n', kind: 'email' }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.entry).toEqual({ trigger: { type: 'manual' }, reentry: { policy: 'never' } });
    expect(r.value.nodes[0]).toMatchObject({
      owner: { team: 'marketing' },
      terminal: [],
      settings: { window: { amount: 3, unit: 'days' } },
    });
  });

  it('give every node kind settings that parse and at least a title and description', () => {
    for (const kind of nodeKindNames) {
      const def = nodeKinds[kind];
      expect(def.title.length).toBeGreaterThan(2);
      expect(def.description.length).toBeGreaterThan(10);
      const r = parseFlow({
        id: 'f',
        name: 'F',
        nodes: [{ id: 'n', kind, settings: defaultSettings(kind) }],
      });
      expect(r.ok, kind).toBe(true);
    }
  });

  it('refuse flows beyond the node limit, naming it', () => {
    const nodes = Array.from({ length: 2001 }, (_, i) => ({ id: `n${i}`, kind: 'wait' }));
    const r = parseFlow({ id: 'big', name: 'Big', nodes });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.some((i) => i.message.includes('at most 2000 nodes'))).toBe(true);
  });

  it('refuse lists and texts beyond their limits, naming the limit', () => {
    const talk = { purpose: 'p', talkingPoints: Array.from({ length: 51 }, (_, i) => `point ${i}`) };
    const r = parseFlow({ id: 'f', name: 'F', nodes: [{ id: 'n', kind: 'salesCall', settings: talk }] });
    expect(r.ok ? [] : r.issues.map((i) => i.message)).toEqual([
      'step n, settings.talkingPoints: at most 50 items',
    ]);
    const subject = { subject: 'x'.repeat(2001), template: 't' };
    const s = parseFlow({ id: 'f', name: 'F', nodes: [{ id: 'n', kind: 'email', settings: subject }] });
    expect(s.ok ? [] : s.issues[0]?.message).toContain('at most 2000 characters');
    const tracks = { tracks: Array.from({ length: 9 }, (_, i) => ({ id: `t${i}`, label: `Track ${i}` })) };
    const f = parseFlow({ id: 'f', name: 'F', nodes: [{ id: 'n', kind: 'fork', settings: tracks }] });
    expect(f.ok ? [] : f.issues[0]?.message).toContain('at most 8 tracks side by side');
  });

  it('ship a JSON Schema file that matches the zod schema', () => {
    const file = JSON.parse(readFileSync(new URL('../flow.schema.json', import.meta.url), 'utf8'));
    expect(file, 'run `pnpm --filter @tandem/schema json-schema` to regenerate').toEqual(flowJsonSchema());
    expect(file.properties.nodes.type).toBe('array');
  });
});
