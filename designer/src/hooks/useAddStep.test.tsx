import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App.tsx';
import { newStep } from '../flow/edits.ts';
import { useEditor } from '../store/editor.ts';
import { useUi } from '../store/ui.ts';
import { tinyFlow } from '../test/fixtures.ts';
import { freeSpot } from './useAddStep.ts';

const s = () => useEditor.getState();

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.reject(new TypeError('fetch failed'))),
  );
  useUi.setState({ panel: 'inspect', dialog: null });
  s().load(tinyFlow());
});

describe('adding steps from the palette beside the selected step', () => {
  it('puts a second one below the first, not on top of it', async () => {
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId('step-mail');
    const palette = screen.getByRole('navigation', { name: 'Step palette' });
    for (let i = 0; i < 3; i++) {
      act(() => s().selectOnly(['mail']));
      await user.click(within(palette).getByRole('button', { name: /^Add Wait:/ }));
    }
    const added = s().nodes.filter((n) => n.data.step.kind === 'wait');
    expect(added).toHaveLength(3);
    const [a, b, c] = added.map((n) => n.position);
    expect(new Set(added.map((n) => n.position.x)).size).toBe(1);
    expect(b?.y).toBeGreaterThan((a?.y ?? 0) + 100);
    expect(c?.y).toBeGreaterThan((b?.y ?? 0) + 100);
  });
});

describe('freeSpot', () => {
  it('keeps a free spot and steps past every step in the way', () => {
    const wait = newStep('wait', 'new', { x: 0, y: 0 });
    const at = (id: string, x: number, y: number) => ({
      ...newStep('goal', id, { x, y }),
      measured: { width: 264, height: 100 },
    });
    expect(freeSpot([at('far', 1000, 0)], wait, { x: 0, y: 0 })).toEqual({ x: 0, y: 0 });
    expect(freeSpot([at('one', 0, 0), at('two', 100, 140)], wait, { x: 0, y: 0 })).toEqual({ x: 0, y: 280 });
  });
});
