import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, expect, it } from 'vitest';
import { App } from '../App.tsx';
import { useEditor } from '../store/editor.ts';
import { usePlace } from '../store/place.ts';
import { fakeRuntime } from '../test/fake-runtime.ts';
import { tinyFlow } from '../test/fixtures.ts';
import { resetApp } from '../test/reset.ts';

beforeEach(() => {
  resetApp();
  act(() => usePlace.getState().go('journeys'));
  useEditor.getState().load(tinyFlow());
});

it('moves between areas by the toolbar’s links, the page address following, and Back returning', async () => {
  const user = userEvent.setup();
  fakeRuntime({ flows: [] });
  render(<App />);
  expect(screen.getByRole('link', { name: 'Journeys' }).getAttribute('aria-current')).toBe('page');
  await user.click(screen.getByRole('link', { name: 'Tasks' }));
  expect(location.hash).toBe('#/tasks');
  expect(screen.getByRole('link', { name: 'Tasks' }).getAttribute('aria-current')).toBe('page');
  expect(screen.queryByRole('button', { name: 'Publish' })).toBeNull();

  // A link pasted or Back pressed: the page follows its address.
  act(() => {
    location.hash = '#/';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
  await waitFor(() => expect(screen.getByRole('button', { name: 'Publish' })).toBeTruthy());
});

it('leaves the flow alone when Delete or Ctrl+A is pressed in another area', async () => {
  const user = userEvent.setup();
  fakeRuntime({ flows: [] });
  render(<App />);
  act(() => useEditor.getState().selectOnly(['mail']));
  const steps = useEditor.getState().nodes.length;
  await user.click(screen.getByRole('link', { name: 'Leads' }));
  await user.keyboard('{Delete}');
  await user.keyboard('{Control>}a{/Control}');
  expect(useEditor.getState().nodes).toHaveLength(steps);
  await user.click(screen.getByRole('link', { name: 'Journeys' }));
  await user.keyboard('{Delete}');
  await waitFor(() => expect(useEditor.getState().nodes).toHaveLength(steps - 1));
});
