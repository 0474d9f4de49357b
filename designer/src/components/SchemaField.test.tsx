import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { newStep } from '../flow/edits.ts';
import { permissionsFor } from '../flow/permissions.ts';
import { useEditor } from '../store/editor.ts';
import { useSession } from '../store/session.ts';
import { tinyFlow } from '../test/fixtures.ts';
import { Inspector } from './Inspector.tsx';

const s = () => useEditor.getState();
const settingsOf = (id: string) => s().nodes.find((n) => n.id === id)?.data.step.settings as never;

beforeEach(() => {
  useSession.setState({ permissions: permissionsFor(null) });
  s().load(tinyFlow());
});

describe('a branch rule', () => {
  beforeEach(() => {
    s().dispatch({ type: 'addNode', node: newStep('branch', 'br', { x: 0, y: 300 }) });
    s().dispatch({
      type: 'updateStep',
      id: 'br',
      patch: {
        settings: {
          conditions: [
            {
              id: 'emea',
              label: 'EMEA',
              when: { match: 'all', rules: [{ fact: 'attribute', key: 'region', op: 'eq' }] },
            },
          ],
        } as never,
      },
    });
    s().selectOnly(['br']);
  });
  const rule = () =>
    (settingsOf('br') as { conditions: { when: { rules: Record<string, unknown>[] } }[] }).conditions[0]?.when
      .rules[0];

  it('offers its tests in words and a plain value box that starts empty', () => {
    render(<Inspector />);
    const op = screen.getByLabelText('Op') as HTMLSelectElement;
    expect(
      within(op)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'is',
      'is not',
      'is more than',
      'is at least',
      'is less than',
      'is at most',
      'is one of',
      'is none of',
      'contains',
      'is set',
      'is not set',
    ]);
    const value = screen.getByLabelText('Value') as HTMLInputElement;
    expect(value.tagName).toBe('INPUT');
    expect(value.value).toBe('');
  });

  it('reads the value for the test: a list, text, a number, or none', async () => {
    const user = userEvent.setup();
    render(<Inspector />);
    await user.selectOptions(screen.getByLabelText('Op'), 'is one of');
    await user.type(screen.getByLabelText('Value'), 'EMEA, APAC');
    expect(rule()).toMatchObject({ op: 'in', value: ['EMEA', 'APAC'] });

    await user.selectOptions(screen.getByLabelText('Op'), 'contains');
    expect(rule()).toMatchObject({ op: 'contains', value: 'EMEA, APAC' });
    await user.clear(screen.getByLabelText('Value'));
    await user.type(screen.getByLabelText('Value'), '2026');
    expect(rule()).toMatchObject({ op: 'contains', value: '2026' });

    await user.selectOptions(screen.getByLabelText('Op'), 'is at least');
    expect(rule()).toMatchObject({ op: 'gte', value: 2026 });
    expect((screen.getByLabelText('Value') as HTMLInputElement).value).toBe('2026');

    await user.selectOptions(screen.getByLabelText('Op'), 'is set');
    expect(screen.queryByLabelText('Value')).toBeNull();
    expect(rule()).toEqual({ fact: 'attribute', key: 'region', op: 'exists' });
  });
});

describe('adding a list item', () => {
  it('gives it an id no other item has, after one was removed', async () => {
    const user = userEvent.setup();
    s().dispatch({ type: 'addNode', node: newStep('split', 'split', { x: 0, y: 300 }) });
    act(() => s().selectOnly(['split']));
    render(<Inspector />);
    await user.click(screen.getByRole('button', { name: '+ Add variant' }));
    await user.click(screen.getByRole('button', { name: 'Remove variant 1' }));
    await user.click(screen.getByRole('button', { name: '+ Add variant' }));
    const ids = (settingsOf('split') as { variants: { id: string }[] }).variants.map((v) => v.id);
    expect(ids).toEqual(['b', 'variant3', 'variant4']);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
