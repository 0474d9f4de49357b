import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { permissionsFor } from '../flow/permissions.ts';
import { useEditor } from '../store/editor.ts';
import { useSession } from '../store/session.ts';
import { tinyFlow } from '../test/fixtures.ts';
import { FlowSettings } from './FlowSettings.tsx';

describe('flow settings', () => {
  it('show no empty boxes for an entry rule with nothing more to set', () => {
    useEditor.getState().setMeta({ entry: { trigger: { type: 'manual' }, reentry: { policy: 'never' } } });
    const { container } = render(<FlowSettings />);
    const legends = [...container.querySelectorAll('legend')].map((l) => l.textContent);
    expect(legends).toEqual(['Who enters']);
    expect(screen.getByLabelText(/Trigger/)).toBeTruthy();
  });

  it('show the settings of an entry rule that has some', () => {
    useEditor.getState().setMeta({
      entry: { trigger: { type: 'event', eventType: 'form.submitted' }, reentry: { policy: 'never' } },
    });
    const { container } = render(<FlowSettings />);
    const legends = [...container.querySelectorAll('legend')].map((l) => l.textContent);
    expect(legends).toContain('Trigger');
  });
});

describe('flow settings with a sales token', () => {
  afterEach(() => useSession.setState({ permissions: permissionsFor(null) }));

  it('are read-only, with the reason, since the runtime refuses a sales save that changes them', async () => {
    const user = userEvent.setup();
    useEditor.getState().load(tinyFlow());
    useEditor.getState().setMeta({
      entry: { trigger: { type: 'event', eventType: 'form.submitted' }, reentry: { policy: 'never' } },
    });
    useSession.setState({ permissions: permissionsFor('sales') });
    render(<FlowSettings />);
    expect(
      screen.getByText('With a sales token you add sales calls and meetings; other steps are marketing’s.'),
    ).toBeTruthy();
    for (const label of ['Name', 'Flow id', 'Description', 'Event type'])
      expect((screen.getByLabelText(label) as HTMLInputElement).readOnly).toBe(true);
    expect((screen.getByLabelText(/Trigger/) as HTMLSelectElement).disabled).toBe(true);
    const before = useEditor.getState().meta;
    await user.type(screen.getByLabelText('Name'), ' renamed');
    await user.type(screen.getByLabelText('Flow id'), 'x');
    expect(useEditor.getState().meta).toBe(before);
  });

  it('stay editable for marketing', () => {
    useSession.setState({ permissions: permissionsFor('marketing') });
    render(<FlowSettings />);
    expect((screen.getByLabelText('Name') as HTMLInputElement).readOnly).toBe(false);
    expect(screen.queryByText(/With a sales token/)).toBeNull();
  });
});
