import { describe, expect, it } from 'vitest';
import { splitBucket } from './bind.ts';
import { simulateFlow } from './fixtures.ts';
import { leadIdForVariants, splitVariant } from './simulate.ts';
import { validateFlow } from './validate.ts';

const simulate = (raw: unknown, lead = {}) => simulateFlow(raw, { lead });

const DAY = 86_400_000;

/** Day one greeting call and marketing emails side by side. */
const sideBySide = {
  id: 'together',
  name: 'Together from day one',
  nodes: [
    { id: 'start', kind: 'entry' },
    { id: 'tracks', kind: 'fork', label: 'Sales and marketing together' },
    {
      id: 'tips',
      kind: 'email',
      label: 'Tips',
      settings: { template: 'tips', subject: '3 tips' },
      terminal: ['opened', 'noEngagement'],
    },
    {
      id: 'greet',
      kind: 'salesCall',
      label: 'Day-one call',
      owner: { team: 'sales', queue: 'insideSales' },
      settings: { purpose: 'Greet' },
      terminal: ['connected', 'notNow', 'noAnswer', 'disqualified', 'expired'],
    },
    { id: 'won', kind: 'goal', label: 'Ready to buy' },
    { id: 'clickBonus', kind: 'score', label: 'Clicked tips', settings: { points: 15 } },
  ],
  edges: [
    { id: 'a', source: 'start', outcome: 'next', target: 'tracks' },
    { id: 'b', source: 'tracks', outcome: 'marketing', target: 'tips' },
    { id: 'c', source: 'tracks', outcome: 'sales', target: 'greet' },
    { id: 'd', source: 'greet', outcome: 'converted', target: 'won' },
    { id: 'e', source: 'tips', outcome: 'clicked', target: 'clickBonus' },
  ],
};
(sideBySide.nodes[5] as Record<string, unknown>).terminal = ['next'];

/** A webinar step (a January webinar, with `settings` over its own) and what follows a no-show. */
function webinarFlow(settings: Record<string, unknown> = {}, noShowTo: 'replay' | null = 'replay') {
  return {
    id: 'web',
    name: 'Webinar',
    nodes: [
      { id: 'start', kind: 'entry' },
      {
        id: 'web',
        kind: 'webinar',
        label: 'Pipeline webinar',
        settings: { webinar: 'Forecasting pipeline', startsAt: '2026-01-20T16:00:00Z', ...settings },
        terminal: noShowTo ? ['attended', 'declined'] : ['attended', 'declined', 'noShow'],
      },
      ...(noShowTo
        ? [
            {
              id: 'replay',
              kind: 'email',
              label: 'Replay',
              settings: { template: 'replay', subject: 'Sorry we missed you' },
              terminal: ['clicked', 'opened', 'noEngagement'],
            },
          ]
        : []),
    ],
    edges: [
      { id: 'a', source: 'start', outcome: 'next', target: 'web' },
      ...(noShowTo ? [{ id: 'b', source: 'web', outcome: 'noShow', target: 'replay' }] : []),
    ],
  };
}

describe('FlowSimulation', () => {
  it('runs a marketing and a sales track at once', () => {
    const sim = simulate(sideBySide);
    expect(sim.activeNodes().map((n) => n.id)).toEqual(['tips', 'greet']);
    expect(sim.state.log.map((l) => l.type)).toEqual(expect.arrayContaining(['sendEmail', 'createTask']));
    sim.choose('tips', 'clicked');
    expect(sim.lead.score).toBe(15);
    expect(sim.activeNodes().map((n) => n.id)).toEqual(['greet']);
    expect(sim.done).toBe(false);
  });

  it('ends every track when one reaches the goal', () => {
    const sim = simulate(sideBySide);
    sim.choose('greet', 'converted');
    expect(sim.done).toBe(true);
    expect(sim.state.log.at(-1)?.text).toBe('Goal reached: Ready to buy');
    expect(sim.state.timers).toEqual([]);
  });

  it('reaches the goal at once when a track goes straight to it, and refuses a track starting at a shared step', () => {
    const straight = JSON.parse(JSON.stringify(sideBySide));
    straight.edges = straight.edges.map((e: { id: string }) => (e.id === 'c' ? { ...e, target: 'won' } : e));
    straight.nodes = straight.nodes.filter((n: { id: string }) => n.id !== 'greet');
    straight.edges = straight.edges.filter((e: { id: string }) => e.id !== 'd');
    const sim = simulate(straight);
    expect(sim.done).toBe(true);
    expect(sim.state.log.at(-1)?.text).toBe('Goal reached: Ready to buy');

    // A first email leads to the tracks when clicked, otherwise straight to the tips the marketing
    // track starts with: the tips step is reached outside the tracks too.
    const shared = JSON.parse(JSON.stringify(sideBySide));
    shared.nodes.push({
      id: 'intro',
      kind: 'email',
      label: 'Intro',
      settings: { template: 'intro', subject: 'Hi' },
    });
    shared.edges = shared.edges.map((e: { id: string }) => (e.id === 'a' ? { ...e, target: 'intro' } : e));
    shared.edges.push(
      { id: 'i1', source: 'intro', outcome: 'clicked', target: 'tracks' },
      { id: 'i2', source: 'intro', outcome: 'opened', target: 'tips' },
      { id: 'i3', source: 'intro', outcome: 'noEngagement', target: 'tips' },
    );
    const v = validateFlow(shared);
    const crossing = v.ok ? undefined : v.issues.find((i) => i.code === 'track_crossing');
    expect(crossing).toMatchObject({ nodeId: 'tips' });
    expect(crossing?.message).toContain('starts at “Tips”');
  });

  it('sends a lead to another flow from one track and keeps the other track going', () => {
    const doc = JSON.parse(JSON.stringify(sideBySide));
    doc.nodes.push({
      id: 'elsewhere',
      kind: 'recycle',
      label: 'To the partner flow',
      settings: {
        reason: 'No answer',
        cooldown: { amount: 1, unit: 'days' },
        target: { flowId: 'partners', nodeId: 'intro' },
      },
    });
    const greet = doc.nodes.find((n: { id: string }) => n.id === 'greet');
    greet.terminal = greet.terminal.filter((o: string) => o !== 'noAnswer');
    doc.edges.push({ id: 'r', source: 'greet', outcome: 'noAnswer', target: 'elsewhere' });
    const sim = simulate(doc);
    sim.choose('greet', 'noAnswer');
    sim.advance(DAY + 60_000);
    expect(sim.state.log.some((l) => l.text.startsWith('Sending to flow “partners”'))).toBe(true);
    expect(sim.done).toBe(false);
    expect(sim.activeNodes().map((n) => n.id)).toEqual(['tips']);
  });

  it('keeps a sales reason for the steps right after the outcome, not for later ones', () => {
    const sim = simulate({
      id: 'reasons',
      name: 'Reasons',
      nodes: [
        { id: 'start', kind: 'entry' },
        {
          id: 'h',
          kind: 'handoff',
          label: 'Hand-off',
          owner: { team: 'sales', queue: 'insideSales' },
          settings: { note: 'Hot', acceptanceDeadline: { amount: 2, unit: 'days' } },
          terminal: ['accepted', 'expired'],
        },
        {
          id: 'back',
          kind: 'stage',
          label: 'Back to MQL',
          settings: { stage: 'recycled', reason: 'Rejected' },
        },
        {
          id: 'rest',
          kind: 'wait',
          label: 'Rest',
          settings: { mode: 'duration', duration: { amount: 7, unit: 'days' } },
        },
        { id: 'mql', kind: 'stage', label: 'MQL again', settings: { stage: 'mql' } },
        { id: 'end', kind: 'goal', label: 'Done' },
      ],
      edges: [
        { id: 'a', source: 'start', outcome: 'next', target: 'h' },
        { id: 'b', source: 'h', outcome: 'rejected', target: 'back' },
        { id: 'c', source: 'back', outcome: 'next', target: 'rest' },
        { id: 'd', source: 'rest', outcome: 'done', target: 'mql' },
        { id: 'e', source: 'mql', outcome: 'next', target: 'end' },
      ],
    });
    sim.send({ type: 'task.completed', nodeId: 'h', outcome: 'rejected', reason: 'Not the decision maker' });
    sim.advance(8 * DAY);
    const stages = sim.state.log.filter((l) => l.type === 'stageChanged').map((l) => l.text);
    expect(stages).toEqual(['Stage Inquiry → Recycled (Rejected)', 'Stage Recycled → MQL']);
  });

  it('does not carry a reason given as one track ends into the other track', () => {
    const doc = JSON.parse(JSON.stringify(sideBySide));
    doc.nodes.push({
      id: 'mql',
      kind: 'stage',
      label: 'MQL',
      settings: { stage: 'mql' },
      terminal: ['next'],
    });
    const tips = doc.nodes.find((n: { id: string }) => n.id === 'tips');
    tips.terminal = tips.terminal.filter((o: string) => o !== 'noEngagement');
    doc.edges.push({ id: 'm', source: 'tips', outcome: 'noEngagement', target: 'mql' });
    const sim = simulate(doc);
    sim.send({ type: 'task.completed', nodeId: 'greet', outcome: 'disqualified', reason: 'Bad fit' });
    sim.advance(4 * DAY);
    expect(sim.state.log.filter((l) => l.type === 'stageChanged').map((l) => l.text)).toEqual([
      'Stage Inquiry → MQL',
    ]);
  });

  it('completes the flow when every track has ended', () => {
    const sim = simulate(sideBySide);
    sim.choose('greet', 'notNow');
    expect(sim.done).toBe(false);
    sim.advance(3 * DAY);
    expect(sim.done).toBe(true);
    expect(sim.state.outcomes).toEqual(['start:next', 'greet:notNow', 'tips:noEngagement']);
  });

  it('expires a sales task at its deadline', () => {
    const sim = simulate(sideBySide);
    sim.advance(2 * DAY - 1);
    expect(sim.activeNodes().map((n) => n.id)).toEqual(['tips', 'greet']);
    sim.advance(1);
    expect(sim.state.outcomes).toContain('greet:expired');
  });

  it('gives a lead the same A/B variant every time, in proportion', () => {
    expect(splitBucket('lead-42', 'ab')).toBe(splitBucket('lead-42', 'ab'));
    const buckets = Array.from({ length: 2000 }, (_, i) => splitBucket(`lead-${i}`, 'ab'));
    const share = buckets.filter((b) => b < 30).length / buckets.length;
    expect(share).toBeGreaterThan(0.26);
    expect(share).toBeLessThan(0.34);
  });

  it('finds a test lead id for the variants chosen at each split, as the machine routes it', () => {
    const doc = {
      id: 'ab',
      name: 'A/B',
      nodes: [
        { id: 'start', kind: 'entry' },
        {
          id: 'subject',
          kind: 'split',
          settings: {
            variants: [
              { id: 'a', label: 'A', percent: 30 },
              { id: 'b', label: 'B', percent: 70 },
            ],
          },
        },
        {
          id: 'offer',
          kind: 'split',
          settings: {
            variants: [
              { id: 'x', label: 'X', percent: 50 },
              { id: 'y', label: 'Y', percent: 50 },
            ],
          },
        },
        { id: 'done', kind: 'goal', settings: { reason: 'Done' } },
      ],
      edges: [
        { id: 'e1', source: 'start', outcome: 'next', target: 'subject' },
        { id: 'e2', source: 'subject', outcome: 'a', target: 'offer' },
        { id: 'e3', source: 'subject', outcome: 'b', target: 'offer' },
        { id: 'e4', source: 'offer', outcome: 'x', target: 'done' },
        { id: 'e5', source: 'offer', outcome: 'y', target: 'done' },
      ],
    };
    const parsed = validateFlow(doc);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    for (const [a, x] of [
      ['a', 'x'],
      ['a', 'y'],
      ['b', 'x'],
      ['b', 'y'],
    ] as const) {
      const id = leadIdForVariants(parsed.value, { subject: a, offer: x });
      if (id === null) throw new Error('no lead id');
      expect(
        splitVariant(
          (parsed.value.nodes[1]?.settings as { variants: { id: string; percent: number }[] } | undefined)
            ?.variants ?? [],
          id,
          'subject',
        ),
      ).toBe(a);
      expect(simulate(doc, { id }).state.outcomes).toEqual(['start:next', `subject:${a}`, `offer:${x}`]);
    }
    // Nothing chosen: the usual test lead.
    expect(leadIdForVariants(parsed.value, {})).toBe('test-lead');
  });

  it('follows a webinar from invitation to no-show', () => {
    const sim = simulate(webinarFlow());
    sim.send({ type: 'webinar.registered', nodeId: 'web' });
    sim.advance(14 * DAY);
    expect(sim.activeNodes().map((n) => n.id)).toEqual(['web']);
    // The webinar ended on the 20th at 17:00; attendance reports may arrive for 24 hours more.
    sim.advance(2 * DAY);
    expect(sim.activeNodes().map((n) => n.id)).toEqual(['web']);
    expect(sim.state.log.some((l) => l.text.includes('Registered, no-show'))).toBe(false);
    sim.advance(DAY);
    expect(sim.activeNodes().map((n) => n.id)).toEqual(['replay']);
    expect(sim.state.log.some((l) => l.text === 'Email sent: “Sorry we missed you”')).toBe(true);
  });

  it('sends no invitation to a webinar that has already started, and moves on as declined', () => {
    const sim = simulate(webinarFlow({ startsAt: '2026-01-01T16:00:00Z' }));
    expect(sim.state.outcomes).toContain('web:declined');
    expect(sim.state.log.map((l) => l.type)).not.toContain('sendWebinarInvite');
    expect(sim.state.log.map((l) => l.text)).toContain(
      'Webinar invitation not sent: Forecasting pipeline had already started (2026-01-01 16:00)',
    );
    // Reached before the start, the lead is invited as before.
    expect(simulate(webinarFlow()).state.log.map((l) => l.type)).toContain('sendWebinarInvite');
    const onRegistration = (settings: Record<string, unknown>) => {
      const doc = webinarFlow({ continueAfter: 'registration', ...settings }, null);
      (doc.nodes[1] as { terminal: string[] }).terminal = ['registered', 'declined'];
      return simulate(doc);
    };
    expect(onRegistration({ startsAt: '2026-01-01T16:00:00Z' }).state.outcomes).toContain('web:declined');
    const early = onRegistration({});
    early.send({ type: 'webinar.registered', nodeId: 'web' });
    expect(early.state.outcomes).toContain('web:registered');
  });

  it('counts an attendance report that arrives after the webinar ended', () => {
    const sim = simulate(webinarFlow({ attendanceReportHours: 6 }, null));
    sim.send({ type: 'webinar.registered', nodeId: 'web' });
    sim.advance(15 * DAY + 9 * 3_600_000); // 20 January 18:00, an hour after the end
    sim.send({ type: 'webinar.attended', nodeId: 'web' });
    expect(sim.state.outcomes.at(-1)).toBe('web:attended');

    // Registered on the webinar platform only: reported as attending all the same.
    const walkIn = simulate(webinarFlow({ attendanceReportHours: 6 }, null));
    walkIn.advance(15 * DAY + 9 * 3_600_000);
    walkIn.send({ type: 'webinar.attended', nodeId: 'web' });
    expect(walkIn.state.outcomes.at(-1)).toBe('web:attended');
  });
});
