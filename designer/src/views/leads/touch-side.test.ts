import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../api/work.ts';
import { dayOneFlow } from './fake-work.ts';
import { sideOf } from './touch-side.ts';

const entry = (type: string, extra: Partial<TimelineEntry> = {}): TimelineEntry => ({
  id: 1,
  leadId: 'lee',
  at: '2026-01-05T09:00:00Z',
  type,
  text: '',
  flowId: 'no-handoff-day-one',
  version: 1,
  nodeId: null,
  data: {},
  ...extra,
});

describe('whose line a timeline entry is', () => {
  it('gives sales its tasks, calls, notes and ownership, and marketing what its flows sent and scored', () => {
    for (const type of [
      'createTask',
      'taskClaimed',
      'taskCompleted',
      'callNote',
      'attemptLogged',
      'ownerChanged',
    ])
      expect(sideOf(entry(type)), type).toBe('sales');
    for (const type of ['sendEmail', 'sendWebinarInvite', 'messageWithheld', 'scoreChanged'])
      expect(sideOf(entry(type)), type).toBe('marketing');
  });

  it('gives the lead what it did, and the record its data and flow entries', () => {
    for (const type of ['email.opened', 'page.visited', 'demo.requested', 'webinarRegistered'])
      expect(sideOf(entry(type, { flowId: null })), type).toBe('lead');
    for (const type of ['leadCreated', 'stageChanged', 'flowEntered', 'flowLeft'])
      expect(sideOf(entry(type)), type).toBe('record');
  });

  it('reads a step line’s side from the step’s owner when the flow version is known', () => {
    const reached = (nodeId: string) => entry('enterNode', { nodeId });
    expect(sideOf(reached('greeting-call'), dayOneFlow)).toBe('sales');
    expect(sideOf(reached('welcome-email'), dayOneFlow)).toBe('marketing');
    expect(sideOf(entry('recordOutcome', { nodeId: 'checkin-call' }), dayOneFlow)).toBe('sales');
    // Without the document (not readable, or not loaded yet) it is only the record's.
    expect(sideOf(reached('greeting-call'))).toBe('record');
  });
});
