import { describe, expect, it } from 'vitest';
import { simulateFlow } from './fixtures.ts';

/** What the simulator shows must be what the runtime does with the same choices and times. */
const simulate = simulateFlow;

const DAY = 86_400_000;
const start = Date.parse('2026-01-05T09:00:00Z');

/** Sales pops in after three weeks while marketing waits up to four weeks for a demo request. */
const twoTracks = {
  id: 'two-tracks',
  name: 'Two tracks',
  nodes: [
    { id: 'start', kind: 'entry' },
    { id: 'tracks', kind: 'fork', label: 'Together' },
    {
      id: 'demo',
      kind: 'waitForEvent',
      label: 'Asks for a demo?',
      settings: { eventType: 'demo.requested', timeout: { amount: 4, unit: 'weeks' } },
      terminal: ['received', 'timedOut'],
    },
    {
      id: 'pause',
      kind: 'wait',
      label: 'Three weeks',
      settings: { mode: 'duration', duration: { amount: 3, unit: 'weeks' } },
    },
    {
      id: 'checkin',
      kind: 'salesCall',
      label: 'Check-in call',
      owner: { team: 'sales', queue: 'insideSales' },
      settings: { purpose: 'Touch base', deadline: { amount: 3, unit: 'days' } },
      terminal: ['connected', 'notNow', 'noAnswer', 'disqualified', 'converted', 'expired'],
    },
  ],
  edges: [
    { id: 'a', source: 'start', outcome: 'next', target: 'tracks' },
    { id: 'b', source: 'tracks', outcome: 'marketing', target: 'demo' },
    { id: 'c', source: 'tracks', outcome: 'sales', target: 'pause' },
    { id: 'd', source: 'pause', outcome: 'done', target: 'checkin' },
  ],
};

describe('the simulator keeps time as the runtime does', () => {
  it('fast-forwarding one step lets the other tracks’ earlier timers fall due first, in order', () => {
    const sim = simulate(twoTracks, { start });
    sim.choose('demo', 'timedOut');
    // Four weeks on: the three-week wait ended on day 22, the call was created then and expired on day 25.
    expect(sim.state.now).toBe(start + 28 * DAY);
    const at = (text: string) => sim.state.log.find((l) => l.text.includes(text))?.at;
    expect(at('“Three weeks”: Then')).toBe(start + 21 * DAY);
    expect(at('“Check-in call”: Not called within 3 days')).toBe(start + 24 * DAY);
    expect(at('“Asks for a demo?”: Nothing within 4 weeks')).toBe(start + 28 * DAY);
    expect(sim.done).toBe(true);
    expect(sim.state.timers).toEqual([]);
  });

  it('a lead attends a webinar when it takes place, not the moment the invitation is sent', () => {
    // Sales calls two weeks after the guide, asking about the webinar if the lead attended it in the last
    // 30 days; the webinar is on February 5th. On January 19th nobody can have attended it yet.
    const doc = {
      id: 'webinar-then-call',
      name: 'Webinar, then a call',
      nodes: [
        { id: 'start', kind: 'entry' },
        { id: 'tracks', kind: 'fork', label: 'Together' },
        {
          id: 'web',
          kind: 'webinar',
          label: 'Volatile markets',
          settings: { webinar: 'Volatile markets', startsAt: '2026-02-05T16:00:00Z', durationMinutes: 60 },
          terminal: ['attended', 'noShow', 'declined'],
        },
        {
          id: 'pause',
          kind: 'wait',
          label: 'Two weeks',
          settings: { mode: 'duration', duration: { amount: 2, unit: 'weeks' } },
        },
        {
          id: 'attended',
          kind: 'branch',
          label: 'Attended lately?',
          settings: {
            conditions: [
              {
                id: 'yes',
                label: 'Attended in the last 30 days',
                when: {
                  match: 'all',
                  rules: [
                    {
                      fact: 'event',
                      eventType: 'webinar.attended',
                      op: 'occurred',
                      within: { amount: 30, unit: 'days' },
                    },
                  ],
                },
              },
            ],
          },
        },
        {
          id: 'followup',
          kind: 'score',
          label: 'Webinar follow-up',
          settings: { points: 5 },
          terminal: ['next'],
        },
        { id: 'benchmark', kind: 'score', label: 'Benchmark', settings: { points: 1 }, terminal: ['next'] },
      ],
      edges: [
        { id: 'a', source: 'start', outcome: 'next', target: 'tracks' },
        { id: 'b', source: 'tracks', outcome: 'marketing', target: 'web' },
        { id: 'c', source: 'tracks', outcome: 'sales', target: 'pause' },
        { id: 'd', source: 'pause', outcome: 'done', target: 'attended' },
        { id: 'e', source: 'attended', outcome: 'yes', target: 'followup' },
        { id: 'f', source: 'attended', outcome: 'else', target: 'benchmark' },
      ],
    };
    const sim = simulate(doc, { start });
    sim.choose('web', 'attended');
    const attended = sim.state.log.find((l) => l.text === '“Volatile markets”: Attended');
    expect(new Date(attended?.at ?? 0).toISOString()).toBe('2026-02-05T17:00:00.000Z');
    // The sales track's two weeks were over on January 19th, before the webinar: the benchmark call.
    expect(sim.state.log.find((l) => l.text === '“Attended lately?”: Else')?.at).toBe(start + 14 * DAY);
    expect(sim.state.path).toContain('benchmark');
  });
});
