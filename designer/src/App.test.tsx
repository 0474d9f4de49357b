import { nodeKindNames } from '@tandem/schema';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './App.tsx';
import { starterFlow } from './flow/starter.ts';
import { useEditor } from './store/editor.ts';
import { useSimulation } from './store/simulation.ts';
import { useUi } from './store/ui.ts';
import { tinyFlow } from './test/fixtures.ts';

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.reject(new TypeError('fetch failed'))),
  );
  useSimulation.getState().stop();
  useUi.setState({ panel: 'inspect', dialog: null });
  useEditor.getState().load(tinyFlow());
});

describe('designer', () => {
  it('offers every step kind in the palette with an accessible name', () => {
    render(<App />);
    const palette = screen.getByRole('navigation', { name: 'Step palette' });
    expect(within(palette).getAllByRole('button')).toHaveLength(nodeKindNames.length);
    expect(within(palette).getByRole('button', { name: /^Add Sales call: A call task/ })).toBeTruthy();
    for (const group of ['Marketing touches', 'Sales touches', 'Logic', 'Lifecycle'])
      expect(screen.getByText(group)).toBeTruthy();
  });

  it('shows steps with their owner, key settings and one labelled handle per outcome', async () => {
    render(<App />);
    const mail = await screen.findByTestId('step-mail');
    expect(within(mail).getByText('Welcome')).toBeTruthy();
    expect(within(mail).getByText('“Hello”')).toBeTruthy();
    expect(within(mail).getByText('Marketing')).toBeTruthy();
    expect(mail.querySelectorAll('.react-flow__handle.source')).toHaveLength(3);
    expect(within(mail).getByLabelText('Welcome: Opened within 3 days')).toBeTruthy();
  });

  it('validates as you edit: an inline error, a marked step, publish disabled, then all clear', async () => {
    const user = userEvent.setup();
    render(<App />);
    act(() => useEditor.getState().selectOnly(['mail']));
    const subject = await screen.findByLabelText('Subject');
    await user.clear(subject);
    await waitFor(() => expect(screen.getByText('The email subject is required.')).toBeTruthy());
    expect(subject.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('step-mail').className).toContain('step--invalid');
    expect((screen.getByRole('button', { name: 'Publish' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Fix 1 issue to publish.')).toBeTruthy();
    await user.type(subject, 'Your guide');
    await waitFor(() => expect(screen.queryByText('The email subject is required.')).toBeNull());
    expect(screen.getByTestId('step-mail').className).not.toContain('step--invalid');
  });

  it('lists issues and selects the step when one is clicked', async () => {
    const user = userEvent.setup();
    act(() => useEditor.getState().dispatch({ type: 'remove', nodeIds: [], edgeIds: ['e2'] }));
    render(<App />);
    await user.click(screen.getByRole('tab', { name: /Issues/ }));
    const issue = await screen.findByRole('button', { name: /outcome “Clicked” leads nowhere/ });
    await user.click(issue);
    expect(useEditor.getState().nodes.find((n) => n.id === 'mail')?.selected).toBe(true);
    expect(await screen.findByRole('heading', { name: 'Email' })).toBeTruthy();
  });

  it('connects an outcome from the keyboard and undoes a delete', async () => {
    const user = userEvent.setup();
    render(<App />);
    act(() => useEditor.getState().selectOnly(['mail']));
    const opened = await screen.findByLabelText('Opened within 3 days →');
    await user.selectOptions(opened, '__end');
    expect(useEditor.getState().nodes.find((n) => n.id === 'mail')?.data.step.terminal).toEqual(['opened']);
    fireEvent.keyDown(window, { key: 'Delete' });
    expect(screen.queryByTestId('step-mail')).toBeNull();
    fireEvent.keyDown(window, { key: 'z', ctrlKey: true });
    expect(await screen.findByTestId('step-mail')).toBeTruthy();
  });

  it('simulates a test lead down a recycle path with a step log', async () => {
    const user = userEvent.setup();
    act(() => useEditor.getState().load(starterFlow));
    render(<App />);
    await user.click(screen.getByRole('tab', { name: /Simulate/ }));
    await user.click(screen.getByRole('button', { name: /Start test lead/ }));
    await user.click(await screen.findByRole('button', { name: 'No answer after 3 attempts' }));
    expect(screen.getByTestId('step-recycleNoAnswer').className).toContain('step--sim-active');
    expect(screen.getByTestId('step-greet').className).toContain('step--sim-visited');
    await user.click(screen.getByRole('button', { name: /Cooldown over/ }));
    const log = screen.getByRole('list', { name: 'Step log' });
    expect(within(log).getByText(/Recycled: Tried calling, no answer/)).toBeTruthy();
    expect(within(log).getByText(/Email sent: “5 signs your pipeline is leaking leads”/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /Step back/ }));
    expect(screen.getByTestId('step-recycleNoAnswer').className).toContain('step--sim-active');
  });

  it('keeps working when the runtime is down and says so', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole('tab', { name: /Runtime/ }));
    expect(await screen.findByText(/Runtime not reachable/)).toBeTruthy();
  });

  it('shows the compiled XState config', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'XState' }));
    expect(await screen.findByRole('button', { name: 'Copy JSON' })).toBeTruthy();
    expect(screen.getByText(/"initial": "start"/)).toBeTruthy();
  });
});

describe('advice beside the issues', () => {
  it('lists a sales rejection that ends the flow as a warning that does not block publishing', async () => {
    const user = userEvent.setup();
    const flow = tinyFlow();
    flow.nodes.splice(2, 0, {
      id: 'call',
      kind: 'salesCall',
      label: 'Greeting call',
      owner: { team: 'sales', queue: 'telequalifying' },
      settings: {
        purpose: 'Say hello',
        talkingPoints: [],
        deadline: { amount: 2, unit: 'days' },
        maxAttempts: 3,
      },
      terminal: ['connected', 'notNow', 'noAnswer', 'converted', 'expired'],
      position: { x: 600, y: 200 },
    } as (typeof flow.nodes)[number]);
    flow.edges.push(
      { id: 'e5', source: 'mail', outcome: 'clicked', target: 'call' },
      { id: 'e6', source: 'call', outcome: 'disqualified', target: 'done' },
    );
    flow.edges = flow.edges.filter((e) => e.id !== 'e2');
    act(() => useEditor.getState().load(flow));
    render(<App />);
    await user.click(screen.getByRole('tab', { name: /Issues/ }));
    expect(screen.getByText('✓ No issues: this flow is ready to publish.')).toBeTruthy();
    expect(screen.getByText(/3 things to consider/)).toBeTruthy();
    // The tab's count says so too, in amber: not the red of issues, not the green of nothing at all.
    const badge = screen.getByRole('tab', { name: /Issues/ }).querySelector('.badge');
    expect(badge?.textContent).toBe('3');
    expect(badge?.className).toContain('badge--advice');
    const advice = screen.getByRole('button', {
      name: /“Greeting call” → “Disqualified \(with reason\)”: these leads go to “Done”, which ends the flow/,
    });
    await user.click(advice);
    expect(useEditor.getState().nodes.find((n) => n.id === 'call')?.selected).toBe(true);
    // Advice does not hold publishing back as issues do (“Fix 1 issue to publish.”).
    expect(screen.queryByText(/^Fix \d+ issues? to publish/)).toBeNull();
  });
});
