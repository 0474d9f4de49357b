import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFlow } from './compile.ts';
import { tinyFlow } from './fixtures.ts';
import type { FlowDocument } from './flow.ts';
import { defaultSettings, type NodeKind, nodeKindNames } from './nodes/registry.ts';
import { FlowSimulation } from './simulate.ts';
import { validateFlow } from './validate.ts';

/** Whatever comes in, validation answers with data: never a throw, every issue with a code and message. */
function checkNeverThrows(input: unknown) {
  const r = validateFlow(input);
  if (!r.ok) {
    expect(r.issues.length).toBeGreaterThan(0);
    for (const i of r.issues) expect(typeof i.code === 'string' && i.message.length > 0).toBe(true);
    expect(compileFlow(input).ok).toBe(false);
    return;
  }
  const a = compileFlow(input);
  const b = compileFlow(JSON.parse(JSON.stringify(input)));
  expect(a.ok && b.ok).toBe(true);
  if (!a.ok || !b.ok) return;
  expect(JSON.stringify(a.value)).toBe(JSON.stringify(b.value));
  const sim = new FlowSimulation(r.value, a.value);
  // Walk a few random choices; a valid flow never gets stuck on an unknown step or throws.
  for (let i = 0; i < 6 && !sim.done; i++) {
    const choice = sim.choices().find((c) => c.options.length > 0);
    if (!choice) break;
    const option = choice.options[i % choice.options.length];
    if (option) sim.choose(choice.node.id, option.outcome);
  }
}

const kindArb = fc.constantFrom(...nodeKindNames);
const idArb = fc.constantFrom('start', 'welcome', 'call', 'recycle', 'dq', 'lost', 'won', 'x1', 'x2');
const outcomeArb = fc.constantFrom(
  'next',
  'clicked',
  'opened',
  'noEngagement',
  'noAnswer',
  'converted',
  'done',
  'else',
  'a',
  'marketing',
);

type Doc = ReturnType<typeof tinyFlow>;
type Mutation = (doc: Doc) => void;

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat(20).map((i) => (d: Doc) => void d.nodes.splice(i % (d.nodes.length || 1), 1)),
  fc.nat(20).map((i) => (d: Doc) => void d.edges.splice(i % (d.edges.length || 1), 1)),
  fc.tuple(idArb, outcomeArb, idArb).map(
    ([s, o, t]) =>
      (d: Doc) =>
        void d.edges.push({ id: `m${d.edges.length}`, source: s, outcome: o, target: t }),
  ),
  fc.tuple(fc.nat(20), kindArb).map(([i, k]) => (d: Doc) => {
    const n = d.nodes[i % d.nodes.length];
    if (n) n.kind = k;
  }),
  fc.tuple(idArb, kindArb).map(
    ([id, k]) =>
      (d: Doc) =>
        void d.nodes.push({ id, kind: k, label: id, settings: defaultSettings(k as NodeKind) }),
  ),
  fc.tuple(fc.nat(20), fc.jsonValue()).map(([i, v]) => (d: Doc) => {
    const n = d.nodes[i % d.nodes.length];
    if (n) n.settings = v;
  }),
  fc.tuple(fc.nat(20), fc.string(), fc.jsonValue()).map(([i, key, v]) => (d: Doc) => {
    const n = d.nodes[i % d.nodes.length];
    if (n && typeof n.settings === 'object' && n.settings !== null)
      (n.settings as Record<string, unknown>)[key] = v;
  }),
  fc.tuple(fc.nat(20), fc.array(outcomeArb)).map(([i, t]) => (d: Doc) => {
    const n = d.nodes[i % d.nodes.length];
    if (n) n.terminal = t;
  }),
  fc
    .tuple(fc.constantFrom('id', 'name', 'entry', 'nodes', 'edges', 'schemaVersion'), fc.jsonValue())
    .map(([key, v]) => (d: Doc) => {
      (d as unknown as Record<string, unknown>)[key] = v;
    }),
);

describe('flow language under random input', () => {
  it('never throws on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), checkNeverThrows), { numRuns: 300 });
  });

  it('never throws on arbitrary values shaped like a flow', () => {
    const flowish = fc.record({
      id: fc.oneof(fc.string(), idArb),
      name: fc.string(),
      nodes: fc.array(
        fc.record({
          id: fc.oneof(fc.string(), idArb),
          kind: fc.oneof(fc.string(), kindArb),
          settings: fc.anything(),
        }),
        { maxLength: 8 },
      ),
      edges: fc.array(fc.record({ id: fc.string(), source: idArb, outcome: outcomeArb, target: idArb }), {
        maxLength: 8,
      }),
    });
    fc.assert(fc.property(flowish, checkNeverThrows), { numRuns: 300 });
  });

  it('never throws on mutations of a valid flow, and compiles whatever validates', () => {
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (mutations) => {
        const doc = tinyFlow();
        for (const m of mutations) {
          // A mutation may leave no array to mutate further; that is the harness, not the validator.
          try {
            m(doc);
          } catch {}
        }
        checkNeverThrows(doc);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 600) },
    );
  }, 120_000);

  it('compiles and simulates random valid chains of every kind', () => {
    const middle = nodeKindNames.filter((k) => !['entry', 'fork', 'recycle', 'goal', 'exit'].includes(k));
    const chainArb = fc
      .tuple(
        fc.array(fc.constantFrom(...middle), { minLength: 1, maxLength: 10 }),
        fc.constantFrom<NodeKind[]>([], ['goal'], ['exit']),
      )
      .map(([m, end]) => [...m, ...end]);
    fc.assert(
      fc.property(chainArb, (kinds) => {
        // Each step's first outcome leads to the next one; every other outcome ends the path.
        const nodes: Record<string, unknown>[] = [{ id: 'start', kind: 'entry' }];
        const edges: { id: string; source: string; outcome: string; target: string }[] = [];
        let prev = { id: 'start', outcome: 'next' as string | undefined };
        kinds.forEach((kind, i) => {
          const settings = fixSettings(kind, defaultSettings(kind));
          const node = {
            id: `n${i}`,
            kind,
            label: `Step ${i}`,
            settings,
            terminal: [] as string[],
          } as Record<string, unknown> & { terminal: string[] };
          const r = validateFlow({
            id: 'probe',
            name: 'p',
            nodes: [{ id: 's', kind: 'entry' }, node],
            edges: [],
          });
          const outcomes = r.ok
            ? []
            : [...new Set(r.issues.filter((x) => x.code === 'unconnected_outcome').map((x) => x.message))];
          nodes.push(node);
          if (prev.outcome)
            edges.push({ id: `e${i}`, source: prev.id, outcome: prev.outcome, target: `n${i}` });
          prev = { id: `n${i}`, outcome: outcomes.length ? firstOutcome(kind, settings) : undefined };
          node.terminal = allOutcomes(kind, settings).filter((o) => o !== prev.outcome);
        });
        if (prev.outcome) (nodes.at(-1) as { terminal: string[] }).terminal.push(prev.outcome);
        const doc = { id: 'chain', name: 'Chain', nodes, edges } as unknown as FlowDocument;
        const v = validateFlow(doc);
        expect(v.ok ? [] : v.issues).toEqual([]);
        checkNeverThrows(doc);
      }),
      { numRuns: 200 },
    );
  });
});

import { kindDef } from './nodes/registry.ts';

function allOutcomes(kind: NodeKind, settings: unknown): string[] {
  return (
    kindDef(kind)
      ?.outcomes(settings)
      .map((o) => o.id) ?? []
  );
}

function firstOutcome(kind: NodeKind, settings: unknown): string | undefined {
  return allOutcomes(kind, settings)[0];
}

/** Defaults leave text empty on purpose (the user must write a subject); fill them for the chain. */
function fixSettings(kind: NodeKind, s: unknown): unknown {
  const t = { ...(s as Record<string, unknown>) };
  if (kind === 'email') Object.assign(t, { subject: 'Hello', template: 'hello' });
  if (kind === 'webinar') Object.assign(t, { webinar: 'Demo day', startsAt: '2026-02-01T16:00:00Z' });
  if (kind === 'salesCall' || kind === 'salesMeeting')
    Object.assign(t, { purpose: 'Talk', agenda: ['Intro'] });
  if (kind === 'waitForEvent') Object.assign(t, { eventType: 'form.submitted' });
  return t;
}
