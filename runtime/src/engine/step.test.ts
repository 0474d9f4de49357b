import { compileFlow, createFlowMachine, emptyLeadFacts } from '@tandem/schema';
import { describe, expect, it } from 'vitest';
import { ignoresEvent, markImpure, reusableStep, startMachine, stepMachine } from './step.ts';

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

function machine(doc: typeof flow = flow) {
  const compiled = compileFlow(doc);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  return { machine: createFlowMachine(compiled.value, { onImpure: markImpure }), doc: doc as never };
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
});
