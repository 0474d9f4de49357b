import { describe, expect, it } from 'vitest';
import { createMachine, initialTransition, transition } from 'xstate';
import { createFlowMachine, flowMayMove } from './bind.ts';
import { compileFlow } from './compile.ts';
import { emptyLeadFacts } from './conditions.ts';
import { describeEffect, type EffectRef } from './describe.ts';
import { tinyFlow } from './fixtures.ts';
import type { MachineConfig } from './machine-types.ts';
import { activeNodeIds } from './simulate.ts';

function compiled(doc: unknown = tinyFlow()): MachineConfig {
  const r = compileFlow(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const DAY = 86_400_000;

describe('compileFlow', () => {
  it('matches the stored snapshot', () => {
    expect(compiled()).toMatchSnapshot();
  });

  it('gives the same bytes for the same document', () => {
    const a = JSON.stringify(compiled());
    const b = JSON.stringify(compiled(JSON.parse(JSON.stringify(tinyFlow()))));
    expect(a).toBe(b);
  });

  it('emits plain JSON that XState accepts without our implementations', () => {
    const config = compiled();
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    // As if pasted into XState tooling: named actions and guards stay unresolved, the structure is valid.
    const machine = createMachine(config as never);
    expect(machine.getStateNodeById('call').key).toBe('call');
    expect(Object.keys(machine.states)).toEqual([
      'start',
      'welcome',
      'call',
      'recycle',
      'dq',
      'lost',
      'won',
      '__completed',
    ]);
  });

  it('uses node ids as state ids and records outcomes', () => {
    const config = compiled();
    expect(config.initial).toBe('start');
    expect(config.states.welcome?.meta).toEqual({ nodeId: 'welcome', kind: 'email', label: 'Welcome email' });
    const clicked = config.states.welcome?.on?.['email.clicked'];
    expect(clicked).toEqual({
      target: '#call',
      guard: { type: 'forNode', params: { nodeId: 'welcome' } },
      actions: [{ type: 'recordOutcome', params: { nodeId: 'welcome', outcome: 'clicked' } }],
    });
  });

  it('refuses an invalid flow with its issues', () => {
    const doc = tinyFlow();
    doc.edges = doc.edges.filter((e) => e.id !== 'e8');
    const r = compileFlow(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ nodeId: 'call', code: 'unconnected_outcome' });
  });
});

describe('the compiled machine, stepped with pure transitions', () => {
  const machine = createFlowMachine(compiled(), { now: () => 0 });
  const lead = { ...emptyLeadFacts('lead-1'), score: 5 };

  it('sends the welcome email and schedules its window as a delay', () => {
    const [s, actions] = initialTransition(machine, { lead });
    expect(
      activeNodeIds(tinyFlow() as unknown as { nodes: { id: string; kind: string }[] }, s.value),
    ).toEqual(['welcome']);
    expect(actions.map((a) => a.type)).toEqual([
      'enterNode',
      'recordOutcome',
      'enterNode',
      'sendEmail',
      'xstate.raise',
    ]);
    expect(actions.at(-1)?.params).toMatchObject({ delay: 3 * DAY, id: `xstate.after.${3 * DAY}.welcome` });
  });

  it('recycles a lead after three unanswered calls and brings it back after the cooldown', () => {
    let [s] = initialTransition(machine, { lead });
    [s] = transition(machine, s, { type: 'email.clicked', nodeId: 'welcome' });
    expect(s.value).toBe('call');
    let actions: { type: string; params?: unknown }[] = [];
    for (let i = 0; i < 3; i++)
      [s, actions] = transition(machine, s, { type: 'task.attempted', nodeId: 'call' });
    expect(s.value).toBe('recycle');
    expect(s.context.lead).toMatchObject({ stage: 'recycled', recycleCount: 1, stageReason: 'No answer' });
    expect(actions.map((a) => a.type)).toContain('closeTask');
    const timer = actions.find((a) => a.type === 'xstate.raise')?.params as {
      event: { type: string };
      delay: number;
    };
    expect(timer.delay).toBe(30 * DAY);
    [s, actions] = transition(machine, s, timer.event);
    expect(s.value).toBe('welcome');
    expect(actions.map((a) => a.type)).toContain('sendEmail');
  });

  it('carries the sales reason onto a disqualification', () => {
    let [s] = initialTransition(machine, { lead });
    [s] = transition(machine, s, { type: 'email.clicked', nodeId: 'welcome' });
    const [end, done] = transition(machine, s, {
      type: 'task.completed',
      nodeId: 'call',
      outcome: 'disqualified',
      reason: 'Student',
    });
    expect(end.status).toBe('done');
    const actions = done as { type: string; params?: unknown }[];
    const stage = actions.find((a) => a.type === 'stageChanged');
    expect(stage?.params).toMatchObject({
      stage: 'disqualified',
      previous: 'inquiry',
      reason: 'Sales disqualified',
    });
    expect(actions.find((a) => a.type === 'exitFlow')?.params).toMatchObject({ why: 'exit' });
  });

  it('never moves an opportunity back: its stage and recycle count stay, the flow goes on', () => {
    const opportunity = { ...lead, stage: 'opportunity' as const, stageReason: 'Demo booked' };
    let [s] = initialTransition(machine, { lead: opportunity });
    [s] = transition(machine, s, { type: 'email.clicked', nodeId: 'welcome' });
    let actions: { type: string; params?: unknown }[] = [];
    for (let i = 0; i < 3; i++)
      [s, actions] = transition(machine, s, { type: 'task.attempted', nodeId: 'call' });
    expect(s.value).toBe('recycle');
    expect(s.context.lead).toMatchObject({
      stage: 'opportunity',
      recycleCount: 0,
      stageReason: 'Demo booked',
    });
    expect(actions.map((a) => a.type)).not.toContain('recycled');
    expect(actions.find((a) => a.type === 'stageKept')?.params).toMatchObject({
      stage: 'recycled',
      previous: 'opportunity',
    });

    [s] = initialTransition(machine, { lead: opportunity });
    [s] = transition(machine, s, { type: 'email.clicked', nodeId: 'welcome' });
    const [end, done] = transition(machine, s, {
      type: 'task.completed',
      nodeId: 'call',
      outcome: 'disqualified',
      reason: 'Student',
    });
    expect(end.context.lead.stage).toBe('opportunity');
    expect((done as { type: string }[]).map((a) => a.type)).toContain('stageKept');
  });

  it('moves a stage forward from opportunity, and writes no line when the stage is set to itself', () => {
    expect(flowMayMove('opportunity', 'customer')).toBe(true);
    expect(flowMayMove('customer', 'opportunity')).toBe(false);
    expect(flowMayMove('opportunity', 'disqualified')).toBe(false);
    expect(flowMayMove('sql', 'recycled')).toBe(true);
    const recycled = { ...lead, stage: 'recycled' as const, recycleCount: 1 };
    let [s] = initialTransition(machine, { lead: recycled });
    [s] = transition(machine, s, { type: 'email.clicked', nodeId: 'welcome' });
    let actions: { type: string; params?: unknown }[] = [];
    for (let i = 0; i < 3; i++)
      [s, actions] = transition(machine, s, { type: 'task.attempted', nodeId: 'call' });
    expect(s.context.lead).toMatchObject({ stage: 'recycled', recycleCount: 2, stageReason: 'No answer' });
    expect(actions.map((a) => a.type)).toContain('recycled');
    expect(actions.map((a) => a.type)).not.toContain('stageChanged');
  });

  it('never moves a lead back up the waterfall: a nurture flow ranking an SQL as an MQL leaves it an SQL', () => {
    expect(flowMayMove('sql', 'mql')).toBe(false);
    expect(flowMayMove('sal', 'inquiry')).toBe(false);
    expect(flowMayMove('mql', 'mql')).toBe(true);
    expect(flowMayMove('mql', 'sal')).toBe(true);
    // Out to a side exit and back in (a resubmission) stay the flow's to decide.
    expect(flowMayMove('sql', 'disqualified')).toBe(true);
    expect(flowMayMove('recycled', 'mql')).toBe(true);
    const doc = {
      schemaVersion: 1,
      id: 'rank',
      name: 'Rank',
      nodes: [
        { id: 'start', kind: 'entry', label: 'Start', settings: {} },
        {
          id: 'mql',
          kind: 'stage',
          label: 'Marketing qualified',
          settings: { stage: 'mql', reason: 'Meets the definition' },
        },
        { id: 'done', kind: 'goal', label: 'Done', settings: { reason: 'Ranked' } },
      ],
      edges: [
        { id: 'e1', source: 'start', outcome: 'next', target: 'mql' },
        { id: 'e2', source: 'mql', outcome: 'next', target: 'done' },
      ],
    };
    const m = createFlowMachine(compiled(doc));
    const sql = { ...lead, stage: 'sql' as const, stageReason: 'Qualified by teleprospecting' };
    const [kept, done] = initialTransition(m, { lead: sql });
    expect(kept.context.lead).toMatchObject({ stage: 'sql', stageReason: 'Qualified by teleprospecting' });
    const stageKept = (done as EffectRef[]).find((a) => a.type === 'stageKept');
    expect(stageKept?.params).toMatchObject({ stage: 'mql', previous: 'sql' });
    expect(describeEffect(stageKept as EffectRef, doc as never)).toBe(
      'Stage stays SQL: a flow does not move a lead back up the waterfall (“Marketing qualified” would set MQL)',
    );
    const [moved] = initialTransition(m, { lead: { ...lead, stage: 'inquiry' as const } });
    expect(moved.context.lead).toMatchObject({ stage: 'mql', stageReason: 'Meets the definition' });
  });

  it('counts call attempts at a step whose id is an object method’s name', () => {
    const doc = JSON.parse(JSON.stringify(tinyFlow()).replaceAll('"call"', '"toString"'));
    const odd = createFlowMachine(compiled(doc), { now: () => 0 });
    let [s] = initialTransition(odd, { lead });
    [s] = transition(odd, s, { type: 'email.clicked', nodeId: 'welcome' });
    expect(s.value).toBe('toString');
    for (let i = 0; i < 3; i++) [s] = transition(odd, s, { type: 'task.attempted', nodeId: 'toString' });
    expect(s.value).toBe('recycle');
  });

  it('starts a step over when it is connected back to itself: the email goes again, with a new window', () => {
    const doc = tinyFlow();
    doc.edges = doc.edges.map((e) => (e.id === 'e4' ? { ...e, target: 'welcome' } : e));
    const again = createFlowMachine(compiled(doc), { now: () => 0 });
    const [s, first] = initialTransition(again, { lead });
    const timer = first.find((a) => a.type === 'xstate.raise')?.params as { event: { type: string } };
    const [next, actions] = transition(again, s, timer.event);
    expect(next.value).toBe('welcome');
    expect(actions.map((a) => a.type)).toEqual(
      expect.arrayContaining(['recordOutcome', 'sendEmail', 'xstate.raise']),
    );
  });

  it('ignores events meant for another step', () => {
    const [s] = initialTransition(machine, { lead });
    const [same] = transition(machine, s, { type: 'email.clicked', nodeId: 'someOtherEmail' });
    expect(same.value).toBe('welcome');
  });
});
