import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from './App.tsx';
import { availableExamples } from './flow/examples.ts';
import { flowJson } from './flow/io.ts';
import { starterFlow } from './flow/starter.ts';
import { useConfirm } from './store/confirm.ts';
import { currentDocument, useEditor } from './store/editor.ts';
import { replaceFlow, useRuntime } from './store/runtime.ts';
import { useSimulation } from './store/simulation.ts';
import { useUi } from './store/ui.ts';
import { fakeRuntime, summary } from './test/fake-runtime.ts';
import { tinyFlow } from './test/fixtures.ts';
import { resetApp } from './test/reset.ts';

beforeEach(() => {
  resetApp();
  useConfirm.getState().answer(false);
  useSimulation.getState().stop();
  useEditor.getState().load(tinyFlow());
});

const puts = (calls: ReturnType<typeof fakeRuntime>) =>
  calls.filter((c) => c.method === 'PUT').map((c) => c.path);
const rename = (label: string) =>
  act(() => useEditor.getState().dispatch({ type: 'updateStep', id: 'mail', patch: { label } }));

async function importFile(name: string, text: string) {
  const input = screen.getByLabelText('Import flow JSON file') as HTMLInputElement;
  const file = new File([text], name, { type: 'application/json' });
  Object.defineProperty(file, 'text', { value: () => Promise.resolve(text) });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

describe('starting, importing and opening flows', () => {
  it('starts a playbook under a free id when the runtime already has a flow with its id, and saves there', async () => {
    const user = userEvent.setup();
    const example = availableExamples()[0];
    if (!example) throw new Error('no playbook');
    const calls = fakeRuntime({ flows: [summary(example.id, example.flow.name, 1)] });
    render(<App />);
    await waitFor(() => expect(useRuntime.getState().status).toBe('online'));
    await user.click(screen.getByRole('button', { name: 'New from playbook…' }));
    await user.click(screen.getByRole('button', { name: new RegExp(`^${example.title}`) }));
    await waitFor(() => expect(useEditor.getState().meta.id).toBe(`${example.id}-2`));
    expect(screen.getByText(new RegExp(`new flow with the id “${example.id}-2”`))).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(puts(calls)).toEqual([`/flows/${example.id}-2/draft`]));
  });

  it('asks before saving over a flow on the runtime that was not opened here', async () => {
    const user = userEvent.setup();
    const calls = fakeRuntime({ flows: [summary('tiny', 'Someone else’s flow')] });
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    const ask = await screen.findByRole('dialog', { name: 'A flow with this id is already on the runtime' });
    expect(ask.textContent).toContain('“Someone else’s flow”');
    await user.click(within(ask).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(puts(calls)).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await user.click(await screen.findByRole('button', { name: 'Replace its draft' }));
    await waitFor(() => expect(puts(calls)).toEqual(['/flows/tiny/draft']));
    // Now it is this flow's draft: the next save goes through without asking.
    rename('Hello again');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(puts(calls)).toHaveLength(2));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('asks before an import or a playbook replaces unsaved changes, and keeps them on “Keep editing”', async () => {
    const user = userEvent.setup();
    fakeRuntime();
    render(<App />);
    rename('My edited email');
    const other = { ...starterFlow, id: 'other', name: 'Other flow' };
    await importFile('other.json', flowJson(other));
    const ask = await screen.findByRole('dialog', { name: 'Discard your changes?' });
    expect(ask.textContent).toContain('“Tiny” has changes that are not saved');
    await user.click(within(ask).getByRole('button', { name: 'Keep editing' }));
    expect(useEditor.getState().meta.id).toBe('tiny');
    expect(useEditor.getState().nodes.find((n) => n.id === 'mail')?.data.step.label).toBe('My edited email');

    await user.click(screen.getByRole('button', { name: 'New from playbook…' }));
    await user.click(screen.getByRole('button', { name: /^Blank flow/ }));
    await user.click(await screen.findByRole('button', { name: 'Keep editing' }));
    expect(useEditor.getState().meta.id).toBe('tiny');

    await importFile('other.json', flowJson(other));
    await user.click(await screen.findByRole('button', { name: 'Discard changes' }));
    await waitFor(() => expect(useEditor.getState().meta.id).toBe('other'));
  });

  it('does not ask when nothing changed since the flow was loaded or saved', async () => {
    const user = userEvent.setup();
    fakeRuntime();
    render(<App />);
    await importFile('other.json', flowJson({ ...starterFlow, id: 'other' }));
    await waitFor(() => expect(useEditor.getState().meta.id).toBe('other'));
    rename('Edited');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await screen.findByText('Draft saved.');
    await importFile('again.json', flowJson({ ...starterFlow, id: 'again' }));
    await waitFor(() => expect(useEditor.getState().meta.id).toBe('again'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('asks before opening a draft from the Runtime panel over unsaved changes', async () => {
    const user = userEvent.setup();
    fakeRuntime({
      flows: [summary('other', 'Other flow')],
      drafts: { other: { ...starterFlow, id: 'other', name: 'Other flow' } },
    });
    render(<App />);
    rename('Edited');
    await user.click(screen.getByRole('tab', { name: /Runtime/ }));
    await user.click(await screen.findByRole('button', { name: 'Open the draft of Other flow' }));
    await user.click(await screen.findByRole('button', { name: 'Keep editing' }));
    expect(useEditor.getState().meta.id).toBe('tiny');
    await user.click(screen.getByRole('button', { name: 'Open the draft of Other flow' }));
    await user.click(await screen.findByRole('button', { name: 'Discard changes' }));
    await waitFor(() => expect(useEditor.getState().meta.id).toBe('other'));
  });

  it('clears the previous flow’s live counts, publish message and test lead on import and on opening a draft', async () => {
    fakeRuntime({ flows: [summary('other', 'Other')], drafts: { other: { ...starterFlow, id: 'other' } } });
    render(<App />);
    const leftovers = () =>
      act(() => {
        useSimulation.getState().start(currentDocument(useEditor.getState()));
        useRuntime.setState({
          statsTarget: { flowId: 'tiny', version: 3 },
          stats: { mail: { current: 4, entered: 9, outcomes: {}, movedIn: 0, movedOut: 0 } },
          lastPublish: { flowId: 'tiny', version: 3, publishedAt: '2026-01-05T09:00:00Z' },
          message: { tone: 'success', text: 'Published “Tiny” as version 3.' },
        });
      });
    leftovers();
    expect(screen.getByTestId('stats-mail')).toBeTruthy();
    await importFile('starter.json', flowJson(starterFlow));
    await waitFor(() => expect(useEditor.getState().meta.id).toBe(starterFlow.id));
    expect(useRuntime.getState()).toMatchObject({
      statsTarget: null,
      stats: {},
      lastPublish: null,
      message: null,
    });
    expect(useSimulation.getState().running).toBe(false);

    leftovers();
    await act(() => useRuntime.getState().openDraft('other'));
    expect(useSimulation.getState().running).toBe(false);
    expect(useRuntime.getState().statsTarget).toBeNull();
  });

  it('shows the versions of the flow now on the canvas, after loading another flow or editing the id', async () => {
    const user = userEvent.setup();
    fakeRuntime({
      flows: [summary('tiny', 'Tiny', 2)],
      versions: {
        tiny: [
          { version: 1, publishedAt: '2026-01-05T09:00:00Z', name: 'Tiny' },
          { version: 2, publishedAt: '2026-01-06T09:00:00Z', name: 'Tiny' },
        ],
      },
    });
    render(<App />);
    await user.click(screen.getByRole('tab', { name: /Runtime/ }));
    const panel = screen.getByRole('region', { name: 'Runtime' });
    expect(await within(panel).findByRole('button', { name: 'Open v2' })).toBeTruthy();
    act(() => replaceFlow({ ...starterFlow, id: 'fresh' }));
    await waitFor(() => expect(within(panel).queryByRole('button', { name: 'Open v2' })).toBeNull());
    expect(within(panel).getByText('Not published yet.')).toBeTruthy();
    act(() => useEditor.getState().setMeta({ id: 'tiny' }));
    expect(await within(panel).findByRole('button', { name: 'Open v2' }, { timeout: 3000 })).toBeTruthy();
  });
});

describe('saving', () => {
  it('says the draft was saved, or why not, from any tab', async () => {
    const user = userEvent.setup();
    fakeRuntime();
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    expect((await screen.findByText('Draft saved.')).getAttribute('role')).toBe('status');
    expect(useUi.getState().panel).toBe('inspect');
  });

  it('opens the Runtime tab with the reason when a save fails', async () => {
    const user = userEvent.setup();
    fakeRuntime({ saveError: 'The flow id is not valid.' });
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(await screen.findByText('Draft not saved: The flow id is not valid.')).toBeTruthy();
    expect(useUi.getState().panel).toBe('runtime');
  });
});

describe('number fields', () => {
  it('take negative numbers and can be cleared while typing', async () => {
    const user = userEvent.setup();
    fakeRuntime();
    render(<App />);
    act(() =>
      useEditor.getState().dispatch({
        type: 'addNode',
        node: {
          id: 'score-1',
          type: 'step',
          position: { x: 0, y: 300 },
          data: {
            step: {
              id: 'score-1',
              kind: 'score',
              label: 'Score',
              owner: { team: 'marketing' },
              settings: { points: 10 },
              terminal: [],
            },
          },
        } as never,
      }),
    );
    act(() => useEditor.getState().selectOnly(['score-1']));
    const points = (await screen.findByLabelText('Points')) as HTMLInputElement;
    const value = () => useEditor.getState().nodes.find((n) => n.id === 'score-1')?.data.step.settings;
    await user.clear(points);
    expect(points.value).toBe('');
    expect(value()).toEqual({ points: 10 });
    await user.type(points, '-5');
    expect(points.value).toBe('-5');
    expect(value()).toEqual({ points: -5 });
    // Left empty: the last number comes back.
    await user.clear(points);
    await user.tab();
    expect(points.value).toBe('-5');
  });

  it('take a negative test lead score', async () => {
    const user = userEvent.setup();
    fakeRuntime();
    render(<App />);
    await user.click(screen.getByRole('tab', { name: /Simulate/ }));
    const score = screen.getByLabelText('Lead score') as HTMLInputElement;
    await user.clear(score);
    await user.type(score, '-20');
    expect(score.value).toBe('-20');
    expect(useSimulation.getState().lead.score).toBe(-20);
  });
});

describe('XState view', () => {
  it('says the JSON is selected, not copied, when the browser refuses the clipboard', async () => {
    const user = userEvent.setup();
    fakeRuntime();
    render(<App />);
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: () => Promise.reject(new Error('denied')) },
      configurable: true,
    });
    await user.click(screen.getByRole('button', { name: 'XState' }));
    await user.click(await screen.findByRole('button', { name: 'Copy JSON' }));
    expect(await screen.findByText(/press Ctrl\+C/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Copied' })).toBeNull();
  });
});

describe('publishing', () => {
  it('says when a publish made no new version because nothing changed since the last one', async () => {
    const user = userEvent.setup();
    fakeRuntime();
    render(<App />);
    await waitFor(() => expect(useRuntime.getState().status).toBe('online'));
    await user.click(screen.getByRole('button', { name: 'Publish' }));
    expect(await screen.findByText('Published “Tiny” as version 1.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Publish' }));
    expect(
      await screen.findByText('No changes since version 1 of “Tiny”: nothing new to publish.'),
    ).toBeTruthy();
    rename('Welcome again');
    await user.click(screen.getByRole('button', { name: 'Publish' }));
    expect(await screen.findByText('Published “Tiny” as version 2.')).toBeTruthy();
  });
});

describe('importing a flow that does not check', () => {
  it('brings it in with every issue listed, to fix on the canvas, instead of refusing the file', async () => {
    const user = userEvent.setup();
    render(<App />);
    const doc = JSON.parse(flowJson(tinyFlow()));
    doc.id = 'broken';
    // A label over the limit (a shape error) and an outcome that leads nowhere (found in the sound parts).
    doc.nodes[2].label = 'Done '.repeat(100);
    doc.edges = doc.edges.filter((e: { id: string }) => e.id !== 'e3');
    await importFile('broken.json', JSON.stringify(doc));
    await waitFor(() => expect(useEditor.getState().meta.id).toBe('broken'));
    expect(await screen.findByText('Imported “Tiny” with 2 issues to fix: see Issues.')).toBeTruthy();
    await user.click(screen.getByRole('tab', { name: /Issues/ }));
    expect(await screen.findByText('2 issues to fix before publishing.')).toBeTruthy();
    expect(screen.getByRole('button', { name: /“Opened within/ })).toBeTruthy();
  });

  it('refuses a file that is not a flow, saying each reason apart, and replaces nothing', async () => {
    render(<App />);
    await importFile('notes.json', JSON.stringify({ hello: 'world' }));
    const said = await screen.findByText(/^Could not import notes\.json: /);
    // One reason after another, not run together into one sentence.
    expect(said.textContent).toMatch(/\(text\); name: /);
    expect(useEditor.getState().meta.id).toBe('tiny');
  });
});
