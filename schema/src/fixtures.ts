import { compileFlow } from './compile.ts';
import type { FlowDocument, FlowEdge } from './flow.ts';
import { FlowSimulation } from './simulate.ts';
import { validateFlow } from './validate.ts';

/** A flow as tests edit it: nodes are loose records so a test can break them on purpose. */
export type LooseFlow = Omit<FlowDocument, 'nodes' | 'edges'> & {
  nodes: (Record<string, unknown> & { id: string })[];
  edges: FlowEdge[];
};

/**
 * A small valid flow used by the schema's tests: welcome email, then a greeting call; no answer is
 * recycled back to the welcome email after 30 days, a conversion reaches the goal.
 */
export function tinyFlow(): LooseFlow {
  return {
    schemaVersion: 1,
    id: 'tiny',
    name: 'Tiny nurture',
    entry: { trigger: { type: 'manual' }, reentry: { policy: 'never' } },
    nodes: [
      { id: 'start', kind: 'entry', label: 'New lead' },
      {
        id: 'welcome',
        kind: 'email',
        label: 'Welcome email',
        settings: {
          template: 'welcome-v2',
          subject: 'Welcome to Acme Analytics',
          window: { amount: 3, unit: 'days' },
        },
      },
      {
        id: 'call',
        kind: 'salesCall',
        label: 'Greeting call',
        owner: { team: 'sales', queue: 'telequalifying' },
        settings: { purpose: 'Say hello and ask what prompted the download', maxAttempts: 3 },
        terminal: ['connected', 'notNow', 'expired'],
      },
      {
        id: 'recycle',
        kind: 'recycle',
        label: 'Back to nurture',
        settings: {
          reason: 'No answer',
          cooldown: { amount: 30, unit: 'days' },
          target: { nodeId: 'welcome' },
        },
      },
      {
        id: 'dq',
        kind: 'stage',
        label: 'Disqualified',
        settings: { stage: 'disqualified', reason: 'Sales disqualified' },
      },
      { id: 'lost', kind: 'exit', label: 'Not a fit' },
      {
        id: 'won',
        kind: 'goal',
        label: 'Sales-ready',
        settings: { reason: 'Converted on the greeting call' },
      },
    ],
    edges: [
      { id: 'e1', source: 'start', outcome: 'next', target: 'welcome' },
      { id: 'e2', source: 'welcome', outcome: 'clicked', target: 'call' },
      { id: 'e3', source: 'welcome', outcome: 'opened', target: 'call' },
      { id: 'e4', source: 'welcome', outcome: 'noEngagement', target: 'call' },
      { id: 'e5', source: 'call', outcome: 'noAnswer', target: 'recycle' },
      { id: 'e6', source: 'call', outcome: 'disqualified', target: 'dq' },
      { id: 'e7', source: 'dq', outcome: 'next', target: 'lost' },
      { id: 'e8', source: 'call', outcome: 'converted', target: 'won' },
    ],
  };
}

/** A simulation of a flow the test writes loosely; throws with the issues when it does not check. */
export function simulateFlow(
  raw: unknown,
  options: ConstructorParameters<typeof FlowSimulation>[2] = {},
): FlowSimulation {
  const v = validateFlow(raw);
  if (!v.ok) throw new Error(JSON.stringify(v.issues, null, 1));
  const c = compileFlow(raw);
  if (!c.ok) throw new Error('compile failed');
  return new FlowSimulation(v.value as FlowDocument, c.value, options);
}
