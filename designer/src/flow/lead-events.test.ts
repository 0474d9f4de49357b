import type { FlowDocument } from '@tandem/schema';
import { describe, expect, it } from 'vitest';
import { tinyFlow } from '../test/fixtures.ts';
import { leadEventTypes } from './lead-events.ts';

describe('leadEventTypes', () => {
  it('offers the event that brings a recycled lead back early', () => {
    const doc = tinyFlow();
    const flow = {
      ...doc,
      nodes: [
        ...doc.nodes,
        {
          id: 'rest',
          kind: 'recycle',
          label: 'Rest',
          owner: { team: 'marketing' },
          settings: {
            reason: 'Not now',
            cooldown: { amount: 30, unit: 'days' },
            target: { nodeId: 'start' },
            comesBackOn: 'form.submitted',
          },
          terminal: [],
        },
      ],
    } as unknown as FlowDocument;
    expect(leadEventTypes(flow)).toContain('form.submitted');
  });
});
