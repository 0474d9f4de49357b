import { parseFlow } from '@tandem/schema';
import { describe, expect, it } from 'vitest';
import { sampleFlow } from '../testing.ts';
import { planEffects } from './plan.ts';

const parsed = parseFlow(sampleFlow());
if (!parsed.ok) throw new Error('sample flow should parse');
const doc = parsed.value;

describe('planning the effects of a step', () => {
  it('turns delays into timers, task steps into tasks and notifications, and names closed tasks by outcome', () => {
    const plan = planEffects(
      [
        { type: 'xstate.cancel', params: { sendId: 'xstate.after.259200000.welcome' } },
        { type: 'closeTask', params: { nodeId: 'call' } },
        { type: 'recordOutcome', params: { nodeId: 'call', outcome: 'expired' } },
        { type: 'enterNode', params: { nodeId: 'call' } },
        {
          type: 'createTask',
          params: { nodeId: 'call', taskKind: 'call', title: '', deadlineMs: 1000, purpose: 'Say hello' },
        },
        {
          type: 'xstate.raise',
          params: { id: 'xstate.after.1000.call', event: { type: 'xstate.after.1000.call' }, delay: 1000 },
        },
      ],
      doc,
      5000,
    );
    expect(plan.timers).toEqual([
      { op: 'cancel', sendId: 'xstate.after.259200000.welcome' },
      {
        op: 'add',
        sendId: 'xstate.after.1000.call',
        event: { type: 'xstate.after.1000.call' },
        nodeId: 'call',
        dueAt: 6000,
      },
    ]);
    expect(plan.closeTasks).toEqual([{ nodeId: 'call', status: 'expired', outcome: 'expired' }]);
    expect(plan.tasks).toEqual([
      {
        nodeId: 'call',
        kind: 'call',
        queue: 'telequalifying',
        title: 'Greeting call',
        deadlineAt: 6000,
        details: { purpose: 'Say hello' },
      },
    ]);
    expect(plan.messages.map((m) => m.channel)).toEqual(['task']);
    expect(plan.timeline.map((e) => e.type)).toEqual(['recordOutcome', 'enterNode', 'createTask']);
  });
});
