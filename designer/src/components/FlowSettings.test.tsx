import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useEditor } from '../store/editor.ts';
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
