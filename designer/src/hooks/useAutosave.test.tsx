import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App.tsx';
import { newStep } from '../flow/edits.ts';
import { currentDocument, useEditor } from '../store/editor.ts';
import { useUi } from '../store/ui.ts';
import { tinyFlow } from '../test/fixtures.ts';
import { loadAutosave } from './useAutosave.ts';

const KEY = 'tandem.designer.autosave';
const s = () => useEditor.getState();

/** The tiny flow with the kinds of slips a user makes mid-edit, as autosave keeps them. */
function flowWithSlips(): string {
  s().load(tinyFlow());
  s().setMeta({ id: 'my flow' });
  s().dispatch({ type: 'updateStep', id: 'mail', patch: { label: 'W'.repeat(130) } });
  s().dispatch({ type: 'addNode', node: newStep('wait', 'pause', { x: 300, y: 300 }) });
  s().dispatch({
    type: 'updateStep',
    id: 'pause',
    patch: { settings: { mode: 'untilWeekday', weekdays: [], hour: 25, timezone: 'UTC' } as never },
  });
  s().dispatch({ type: 'addNode', node: newStep('webinar', 'webinar', { x: 600, y: 300 }) });
  const webinar = s().nodes.find((n) => n.id === 'webinar')?.data.step.settings as object;
  s().dispatch({
    type: 'updateStep',
    id: 'webinar',
    patch: { settings: { ...webinar, attendanceReportHours: 500 } as never },
  });
  return JSON.stringify(currentDocument(s()));
}

beforeEach(() => {
  localStorage.clear();
  useUi.setState({ panel: 'inspect', dialog: null, toast: null });
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.reject(new TypeError('fetch failed'))),
  );
});

describe('the flow kept in this browser', () => {
  it('comes back after a reload even when some values are out of range, with its issues shown', async () => {
    const saved = flowWithSlips();
    localStorage.setItem(KEY, saved);
    s().load(tinyFlow());

    const flow = loadAutosave();
    expect(flow).not.toBeNull();
    expect(flow?.id).toBe('my flow');
    expect(flow?.nodes.map((n) => n.id)).toEqual(['start', 'mail', 'done', 'pause', 'webinar']);
    expect(flow?.nodes.find((n) => n.id === 'pause')?.settings).toMatchObject({ hour: 25, weekdays: [] });
    expect(flow?.edges).toHaveLength(4);

    act(() => s().load(flow as NonNullable<typeof flow>));
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByTestId('step-webinar')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(/Your flow from last time is back/);
    act(() => s().selectOnly(['pause']));
    const hour = (await screen.findByLabelText('Hour')) as HTMLInputElement;
    expect(hour.value).toBe('25');
    await user.click(screen.getByRole('tab', { name: /Issues/ }));
    const issues = screen.getByRole('tab', { name: /Issues/ });
    await waitFor(() =>
      expect(Number(within(issues).getByText(/\d+/).textContent)).toBeGreaterThanOrEqual(5),
    );
  });

  it('says so when what was kept is not a flow, instead of silently opening an example', () => {
    for (const text of ['{"nodes": "oops"', '{"name":"No steps"}', '[1,2]']) {
      useUi.setState({ toast: null });
      localStorage.setItem(KEY, text);
      expect(loadAutosave()).toBeNull();
      expect(useUi.getState().toast).toMatch(/could not be read, so an example opened instead/);
    }
    localStorage.removeItem(KEY);
    useUi.setState({ toast: null });
    expect(loadAutosave()).toBeNull();
    expect(useUi.getState().toast).toBeNull();
  });
});
