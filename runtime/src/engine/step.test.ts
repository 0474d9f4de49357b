import { compileFlow, createFlowMachine, emptyLeadFacts } from '@tandem/schema';
import { describe, expect, it } from 'vitest';
import { scoringFlow } from '../testing.ts';
import { ignoresEvent, markImpure, markScoreRead, reusableStep, startMachine, stepMachine } from './step.ts';

const flow = {
  id: 'listen',
  name: 'Listen',
  entry: { trigger: { type: 'manual' } },
  nodes: [
    { id: 'start', kind: 'entry' },
    {
      id: 'listen',
      kind: 'waitForEvent',
      settings: { eventType: 'demo.requested', timeout: { amount: 30, unit: 'days' } },
    },
    {
      id: 'hot',
      kind: 'branch',
      settings: {
        conditions: [
          {
            id: 'yes',
            label: 'Score 10+',
            when: { match: 'all', rules: [{ fact: 'score', op: 'gte', value: 10 }] },
          },
        ],
      },
    },
    { id: 'won', kind: 'goal', settings: { reason: 'Hot' } },
    { id: 'lost', kind: 'exit', settings: { reason: 'Cold' } },
  ],
  edges: [
    { id: 'e1', source: 'start', outcome: 'next', target: 'listen' },
    { id: 'e2', source: 'listen', outcome: 'received', target: 'hot' },
    { id: 'e3', source: 'listen', outcome: 'timedOut', target: 'lost' },
    { id: 'e4', source: 'hot', outcome: 'yes', target: 'won' },
    { id: 'e5', source: 'hot', outcome: 'else', target: 'lost' },
  ],
};

function machine(doc: object = flow) {
  const compiled = compileFlow(doc);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  const m = createFlowMachine(compiled.value, { onImpure: markImpure, onScoreRead: markScoreRead });
  return { machine: m, doc: doc as never };
}

/** The same flow entered straight into the branch on the score: its first step reads the lead. */
const branchFirst = {
  ...flow,
  id: 'branch-first',
  edges: [{ id: 'e0', source: 'start', outcome: 'next', target: 'hot' }, ...flow.edges.slice(3)],
  nodes: flow.nodes.filter((n) => n.id !== 'listen'),
};

describe('machine steps', () => {
  it('know which events the current step cannot react to', () => {
    const { machine: m } = machine();
    expect(ignoresEvent(m, 'listen', 'page.visited')).toBe(true);
    expect(ignoresEvent(m, 'listen', 'demo.requested')).toBe(false);
  });

  it('reuse a step only when it read neither the lead nor the clock', () => {
    const { machine: m, doc } = machine();
    const stored = { value: 'listen', context: {} };
    const timeout = { type: 'xstate.after.2592000000.listen' };
    const lead = { ...emptyLeadFacts(), id: 'a', score: 20 };
    const first = stepMachine(m, doc, stored, lead, timeout);
    expect(first.done).toBe(true);
    expect(reusableStep(m, stored, timeout)).toBeDefined();
    // The demo request leads into a branch on the score: that step depends on the lead and is not kept.
    const demo = { type: 'demo.requested' };
    const hot = stepMachine(m, doc, stored, lead, demo);
    expect(reusableStep(m, stored, demo)).toBeUndefined();
    const cold = stepMachine(m, doc, stored, { ...lead, id: 'b', score: 0 }, demo);
    expect(hot.effects.some((e) => e.params.outcome === 'yes')).toBe(true);
    expect(cold.effects.some((e) => e.params.outcome === 'else')).toBe(true);
  });

  it('start every lead the same way once computed, unless the first step reads the lead', () => {
    const { machine: m, doc } = machine();
    const a = startMachine(m, doc, { ...emptyLeadFacts(), id: 'a' });
    const b = startMachine(m, doc, { ...emptyLeadFacts(), id: 'b' });
    expect(b.activeNodes).toEqual(['listen']);
    expect(b.snapshot).toBe(a.snapshot);
    expect(b.lead.id).toBe('b');

    const { machine: branching, doc: branchDoc } = machine(branchFirst);
    const hot = startMachine(branching, branchDoc, { ...emptyLeadFacts(), id: 'h', score: 20 });
    const cold = startMachine(branching, branchDoc, { ...emptyLeadFacts(), id: 'c', score: 0 });
    expect(hot.effects.some((e) => e.params.outcome === 'yes')).toBe(true);
    expect(cold.effects.some((e) => e.params.outcome === 'else')).toBe(true);
    expect(cold.lead.id).toBe('c');
  });

  it('replay a step that only adds to the score on another lead, as running the machine would', () => {
    const doc = scoringFlow() as { nodes: object[]; edges: { id: string }[] };
    const twice = {
      ...doc,
      nodes: [...doc.nodes, { id: 'bonus', kind: 'score', settings: { points: 3 } }],
      edges: [
        ...doc.edges.filter((e) => e.id !== 'e3'),
        { id: 'e3', source: 'score', outcome: 'next', target: 'bonus' },
        { id: 'e5', source: 'bonus', outcome: 'next', target: 'listen' },
      ],
    };
    const stored = { value: 'listen', context: {} };
    const visit = { type: 'page.visited', data: { url: '/pricing' } };
    const cached = machine(twice);
    const first = stepMachine(
      cached.machine,
      cached.doc,
      stored,
      { ...emptyLeadFacts(), id: 'a', score: 0 },
      visit,
    );
    expect(first.lead.score).toBe(8);
    // A timer batch writes a kept step without reading the lead: one that moves the score is not offered.
    expect(reusableStep(cached.machine, stored, visit)).toBeUndefined();

    const lead = { ...emptyLeadFacts(), id: 'b', score: 0.1, stage: 'mql' as const };
    const replayed = stepMachine(cached.machine, cached.doc, stored, lead, visit);
    const fresh = machine(twice);
    const computed = stepMachine(fresh.machine, fresh.doc, stored, lead, visit);
    expect(replayed).toEqual(computed);
    expect(replayed.lead).toMatchObject({ id: 'b', stage: 'mql', score: 0.1 + 5 + 3 });
    expect(replayed.effects.filter((e) => e.type === 'scoreChanged').map((e) => e.params.score)).toEqual([
      0.1 + 5,
      0.1 + 5 + 3,
    ]);
    // The lead the step was kept from is untouched.
    expect(first.lead.score).toBe(8);
  });

  it('start each lead from its own score when the flow opens with a score step', async () => {
    const doc = scoringFlow('opens-scored') as { nodes: object[]; edges: { id: string }[] };
    const opensScored = {
      ...doc,
      edges: [
        { id: 'e1', source: 'start', outcome: 'next', target: 'score' },
        ...doc.edges.filter((e) => e.id !== 'e1'),
      ],
    };
    const { machine: m, doc: d } = machine(opensScored);
    const a = startMachine(m, d, { ...emptyLeadFacts(), id: 'a', score: 0 });
    const b = startMachine(m, d, { ...emptyLeadFacts(), id: 'b', score: 40 });
    expect([a.lead.score, b.lead.score]).toEqual([5, 45]);
    expect(b.activeNodes).toEqual(['listen']);
    expect(b.effects.find((e) => e.type === 'scoreChanged')?.params.score).toBe(45);
    const fresh = machine(opensScored);
    expect(b).toEqual(startMachine(fresh.machine, fresh.doc, { ...emptyLeadFacts(), id: 'b', score: 40 }));
  });
});
