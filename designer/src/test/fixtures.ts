import type { FlowDocument } from '@tandem/schema';
import { fromDocument, type Graph } from '../flow/graph.ts';

/** entry → email (all outcomes) → goal: small, valid, and quick to reason about. */
export function tinyFlow(): FlowDocument {
  return {
    schemaVersion: 1,
    id: 'tiny',
    name: 'Tiny',
    entry: { trigger: { type: 'manual' }, reentry: { policy: 'never' } },
    nodes: [
      {
        id: 'start',
        kind: 'entry',
        label: 'Start',
        owner: { team: 'marketing' },
        settings: {},
        terminal: [],
        position: { x: 0, y: 0 },
      },
      {
        id: 'mail',
        kind: 'email',
        label: 'Welcome',
        owner: { team: 'marketing' },
        settings: { template: 'welcome', subject: 'Hello', window: { amount: 3, unit: 'days' } },
        terminal: [],
        position: { x: 300, y: 0 },
      },
      {
        id: 'done',
        kind: 'goal',
        label: 'Done',
        owner: { team: 'marketing' },
        settings: { reason: 'Read it' },
        terminal: [],
        position: { x: 600, y: 0 },
      },
    ],
    edges: [
      { id: 'e1', source: 'start', outcome: 'next', target: 'mail' },
      { id: 'e2', source: 'mail', outcome: 'clicked', target: 'done' },
      { id: 'e3', source: 'mail', outcome: 'opened', target: 'done' },
      { id: 'e4', source: 'mail', outcome: 'noEngagement', target: 'done' },
    ],
  } as FlowDocument;
}

export function tinyGraph(): Graph {
  return fromDocument(tinyFlow()).graph;
}
