import { examples } from '@tandem/examples';
import type { FlowDocument } from '@tandem/schema';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useEditor } from '../store/editor.ts';
import { useSimulation } from '../store/simulation.ts';
import { tinyFlow } from '../test/fixtures.ts';
import { SimulationPanel } from './SimulationPanel.tsx';

const playbook = (id: string) => examples.find((e) => e.id === id)?.flow as unknown as FlowDocument;

afterEach(() => {
  vi.useRealTimers();
  useSimulation.getState().stop();
  useSimulation.setState({
    lead: { score: 0, stage: 'inquiry', attributes: {}, bant: {} },
    startAt: null,
    variants: {},
  });
});

describe('simulation panel', () => {
  it('starts the test lead now, as the runtime would: a webinar that is over is not offered', () => {
    // November 2026: the February panel webinar of the meeting playbook is long over.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-11-23T10:30:00Z'));
    const sim = useSimulation.getState();
    sim.start(playbook('meeting-as-nurture-step'));
    sim.choose('report-email', 'noEngagement');
    sim.choose('panel-wait', 'done');
    const log = useSimulation.getState().state?.log.map((l) => l.text) ?? [];
    expect(log).toContain(
      'Webinar invitation not sent: Benchmarking supplier risk: a live panel with three planners had already started (2026-02-19 16:00)',
    );
    expect([...useSimulation.getState().active]).toEqual(['case-study']);
  });

  it('says a recycle into another flow is the runtime’s to carry out', async () => {
    const user = userEvent.setup();
    const doc = tinyFlow();
    doc.nodes[1] = {
      id: 'mail',
      kind: 'recycle',
      label: 'To partners',
      owner: { team: 'marketing' },
      settings: {
        reason: 'Unreached',
        cooldown: { amount: 3, unit: 'days' },
        target: { flowId: 'partners', nodeId: 'intro' },
      },
      terminal: [],
      position: { x: 300, y: 0 },
    } as FlowDocument['nodes'][number];
    doc.nodes.pop();
    doc.edges = [{ id: 'e1', source: 'start', outcome: 'next', target: 'mail' }];
    useEditor.getState().load(doc);
    render(<SimulationPanel />);
    await user.click(screen.getByRole('button', { name: /Start test lead/ }));
    await user.click(screen.getByRole('button', { name: /reentered|back in nurture|cooldown/i }));
    const line = screen.getByText(/Sending to flow “partners”/).closest('li');
    expect(line?.textContent).toMatch(
      /Sending to flow “partners” at step “intro” \(the runtime skips this when the lead is already in that flow, or it is not published\)$/,
    );
    // Other lines carry no such note.
    expect(screen.getAllByText(/the runtime skips this/)).toHaveLength(1);
  });

  it('may start the test lead on a chosen date, and says when each line happened', async () => {
    const user = userEvent.setup();
    useEditor.getState().load(playbook('meeting-as-nurture-step'));
    render(<SimulationPanel />);
    await user.type(screen.getByLabelText('Enters the flow on'), '2026-02-02T09:00');
    await user.click(screen.getByRole('button', { name: /Start test lead/ }));
    await user.click(screen.getByRole('button', { name: /No engagement/ }));
    await user.click(screen.getByRole('button', { name: /Then/ }));
    expect(screen.getByText(/Webinar invitation sent/)).toBeTruthy();
    // Day 1 is Monday February 2nd; the clock names the weekday and the date, not only a day count.
    const first = screen.getAllByRole('listitem')[0]?.textContent ?? '';
    expect(first).toMatch(/^Day 1 · Mon 2 Feb 2026, 09:00/);
  });

  it('branches on the BANT facts given to the test lead', async () => {
    const user = userEvent.setup();
    useEditor.getState().load(playbook('agreed-lead-definition'));
    render(<SimulationPanel />);
    await user.type(screen.getByLabelText('Attributes'), 'employees=2400');
    await user.type(screen.getByLabelText('BANT'), 'budget=approved\nauthority=decision-maker');
    await user.clear(screen.getByLabelText('Lead score'));
    await user.type(screen.getByLabelText('Lead score'), '20');
    await user.click(screen.getByRole('button', { name: /Start test lead/ }));
    await user.click(screen.getByRole('button', { name: /No engagement/ }));
    // 20 + 10 points, 1,000+ employees, approved budget, decision maker: the A-lead route.
    expect([...useSimulation.getState().active]).toEqual(['handoff-field']);
  });
});

describe('the test lead doing something no step names', () => {
  /** Entry → a day's wait → “Visited pricing lately?” → Hot / Cold. */
  const pricingFlow = (): FlowDocument =>
    ({
      schemaVersion: 1,
      id: 'pricing',
      name: 'Pricing interest',
      entry: { trigger: { type: 'manual' }, reentry: { policy: 'never' } },
      nodes: [
        {
          id: 'start',
          kind: 'entry',
          label: 'New lead',
          owner: { team: 'marketing' },
          settings: {},
          terminal: [],
        },
        {
          id: 'pause',
          kind: 'wait',
          label: 'A day',
          owner: { team: 'marketing' },
          settings: { mode: 'duration', duration: { amount: 1, unit: 'days' } },
          terminal: [],
        },
        {
          id: 'asked',
          kind: 'branch',
          label: 'Visited pricing lately?',
          owner: { team: 'marketing' },
          settings: {
            conditions: [
              {
                id: 'visited',
                label: 'Visited pricing',
                when: {
                  match: 'all',
                  rules: [
                    {
                      fact: 'event',
                      eventType: 'pricing.visited',
                      op: 'occurred',
                      within: { amount: 30, unit: 'days' },
                    },
                  ],
                },
              },
            ],
          },
          terminal: [],
        },
        {
          id: 'hot',
          kind: 'goal',
          label: 'Hot',
          owner: { team: 'marketing' },
          settings: { reason: 'Pricing' },
          terminal: [],
        },
        {
          id: 'cold',
          kind: 'goal',
          label: 'Cold',
          owner: { team: 'marketing' },
          settings: { reason: 'None' },
          terminal: [],
        },
      ],
      edges: [
        { id: 'e1', source: 'start', outcome: 'next', target: 'pause' },
        { id: 'e2', source: 'pause', outcome: 'done', target: 'asked' },
        { id: 'e3', source: 'asked', outcome: 'visited', target: 'hot' },
        { id: 'e4', source: 'asked', outcome: 'else', target: 'cold' },
      ],
    }) as unknown as FlowDocument;

  it('sends a lead event the branch then counts, offering the flow’s own event types', async () => {
    const user = userEvent.setup();
    useEditor.getState().load(pricingFlow());
    const { container } = render(<SimulationPanel />);
    await user.click(screen.getByRole('button', { name: /Start test lead/ }));
    expect(
      [...(container.querySelectorAll('#sim-event-types option') as NodeListOf<HTMLOptionElement>)].map(
        (o) => o.value,
      ),
    ).toEqual(['pricing.visited']);
    await user.type(screen.getByLabelText('The lead does'), 'pricing.visited');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByText(/The lead did: pricing.visited/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /Then/ }));
    expect(useSimulation.getState().state?.path).toContain('hot');

    // A sales task's event is a step's choice, not something to type: said, nothing changes.
    await user.click(screen.getByRole('button', { name: /Restart/ }));
    await user.type(screen.getByLabelText('The lead does'), 'task.completed');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByRole('alert').textContent).toContain('comes from a step');
  });
});

describe('split steps in the simulation', () => {
  const marketing = { team: 'marketing' };
  /** Entry → an A/B split of two variants, both ends. */
  const abFlow = (): FlowDocument =>
    ({
      schemaVersion: 1,
      id: 'ab',
      name: 'A/B',
      entry: { trigger: { type: 'manual' }, reentry: { policy: 'never' } },
      nodes: [
        { id: 'start', kind: 'entry', label: 'New lead', owner: marketing, settings: {}, terminal: [] },
        {
          id: 'subject',
          kind: 'split',
          label: 'Subject test',
          owner: marketing,
          settings: {
            variants: [
              { id: 'a', label: 'Short', percent: 50 },
              { id: 'b', label: 'Long', percent: 50 },
            ],
          },
          terminal: ['a', 'b'],
        },
      ],
      edges: [{ id: 'e1', source: 'start', outcome: 'next', target: 'subject' }],
    }) as unknown as FlowDocument;

  it('takes the variant chosen for the test lead at each split', async () => {
    const user = userEvent.setup();
    useEditor.getState().load(abFlow());
    render(<SimulationPanel />);
    for (const [variant, outcome] of [
      ['Long (50%)', 'subject:b'],
      ['Short (50%)', 'subject:a'],
    ]) {
      await user.selectOptions(screen.getByLabelText('At “Subject test”'), variant as string);
      await user.click(screen.getByRole('button', { name: /Start test lead/ }));
      expect(useSimulation.getState().state?.outcomes).toContain(outcome);
      await user.click(screen.getByRole('button', { name: /Stop/ }));
    }
  });

  it('forgets a chosen variant that is no longer in the flow instead of refusing to start', () => {
    useSimulation.getState().setVariant('subject', 'deleted-variant');
    useSimulation.getState().start(abFlow());
    expect(useSimulation.getState()).toMatchObject({ running: true, error: null, variants: {} });
  });
});
