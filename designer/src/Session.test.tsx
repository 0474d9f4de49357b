import { nodeKindNames } from '@tandem/schema';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './App.tsx';
import { permissionsFor } from './flow/permissions.ts';
import { useEditor } from './store/editor.ts';
import { useRuntime } from './store/runtime.ts';
import { useSession } from './store/session.ts';
import { useUi } from './store/ui.ts';
import { tinyFlow } from './test/fixtures.ts';
import { resetApp } from './test/reset.ts';

const tokens: Record<string, { role: string; name: string }> = {
  tdm_sales: { role: 'sales', name: 'Inside sales lead' },
  tdm_marketing: { role: 'marketing', name: 'Marketing ops' },
};

/** A runtime that requires a token: /api/me answers with the token's role, anything else with empty lists. */
function runtimeWithAuth() {
  const seen: (string | null)[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: { headers?: Record<string, string> }) => {
      const auth = init?.headers?.authorization ?? null;
      seen.push(auth);
      const who = auth ? tokens[auth.replace('Bearer ', '')] : undefined;
      if (!who) {
        return new Response(
          JSON.stringify({ error: { code: 'unauthorized', message: 'A valid API token is required.' } }),
          {
            status: 401,
          },
        );
      }
      if (url.endsWith('/api/me')) return new Response(JSON.stringify({ ...who, queues: null }));
      return new Response('[]');
    }),
  );
  return seen;
}

beforeEach(() => {
  resetApp();
  useEditor.getState().load(tinyFlow());
});

describe('signing in to the runtime', () => {
  it('asks for a token, refuses a wrong one, and sends a right one with every call', async () => {
    const user = userEvent.setup();
    const seen = runtimeWithAuth();
    render(<App />);
    const dialog = await screen.findByRole('dialog', { name: 'Connect to the runtime' });
    await user.type(within(dialog).getByLabelText('API token'), 'tdm_wrong');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    expect(await within(dialog).findByRole('alert')).toHaveProperty(
      'textContent',
      'A valid API token is required.',
    );

    await user.clear(within(dialog).getByLabelText('API token'));
    await user.type(within(dialog).getByLabelText('API token'), 'tdm_marketing');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByText('Marketing ops · marketing')).toBeTruthy();
    expect(seen.at(-1)).toBe('Bearer tdm_marketing');
    expect(localStorage.getItem('tandem.token')).toBe('tdm_marketing');
  });

  it('lets a sales token add only sales steps and not publish', async () => {
    runtimeWithAuth();
    localStorage.setItem('tandem.token', 'tdm_sales');
    render(<App />);
    await screen.findByText('Inside sales lead · sales');
    const palette = screen.getByRole('navigation', { name: 'Step palette' });
    const enabled = within(palette)
      .getAllByRole('button')
      .filter((b) => !(b as HTMLButtonElement).disabled);
    expect(enabled.map((b) => b.getAttribute('aria-label')?.split(':')[0])).toEqual([
      'Add Sales call',
      'Add Sales meeting',
    ]);
    expect((screen.getByRole('button', { name: 'Publish' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Sales tokens add sales steps to drafts; marketing ops publish.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save draft' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('starts with the focus in the token field', async () => {
    runtimeWithAuth();
    render(<App />);
    const dialog = await screen.findByRole('dialog', { name: 'Connect to the runtime' });
    expect(document.activeElement).toBe(within(dialog).getByLabelText('API token'));
  });

  it('working locally turns Save and Publish off with the reason, and the Runtime panel says it is not connected', async () => {
    const user = userEvent.setup();
    runtimeWithAuth();
    render(<App />);
    const dialog = await screen.findByRole('dialog', { name: 'Connect to the runtime' });
    await user.click(within(dialog).getByRole('button', { name: 'Work locally' }));
    expect((screen.getByRole('button', { name: 'Save draft' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Publish' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Connect with a token to save or publish.')).toBeTruthy();
    await user.click(screen.getByRole('tab', { name: /Runtime/ }));
    const panel = screen.getByRole('region', { name: 'Runtime' });
    expect(await within(panel).findByText(/^Not connected: the runtime needs an API token/)).toBeTruthy();
    await waitFor(() => expect(useRuntime.getState().status).toBe('online'));
    expect(within(panel).queryByText('Connected to the runtime.')).toBeNull();
    expect(within(panel).queryByText('A valid API token is required.')).toBeNull();
    // The way back in is one click away.
    await user.click(within(panel).getByRole('button', { name: 'Connect with a token…' }));
    expect(await screen.findByRole('dialog', { name: 'Connect to the runtime' })).toBeTruthy();
  });

  it('leaves no token error behind in the Runtime panel once connected', async () => {
    const user = userEvent.setup();
    runtimeWithAuth();
    useUi.setState({ panel: 'runtime' });
    render(<App />);
    const dialog = await screen.findByRole('dialog', { name: 'Connect to the runtime' });
    await waitFor(() => expect(useRuntime.getState().status).toBe('online'));
    await user.type(within(dialog).getByLabelText('API token'), 'tdm_marketing');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const panel = screen.getByRole('region', { name: 'Runtime' });
    expect(await within(panel).findByText('Connected to the runtime.')).toBeTruthy();
    expect(within(panel).queryByRole('alert')).toBeNull();
  });

  it('keeps marketing steps read-only for a sales token: no editing, deleting, duplicating or adding them', async () => {
    const user = userEvent.setup();
    runtimeWithAuth();
    localStorage.setItem('tandem.token', 'tdm_sales');
    render(<App />);
    await screen.findByText('Inside sales lead · sales');
    act(() => useEditor.getState().selectOnly(['mail']));
    const inspector = await screen.findByRole('region', { name: 'Inspector' });
    expect(
      within(inspector).getByText(
        'With a sales token you add sales calls and meetings; other steps are marketing’s.',
      ),
    ).toBeTruthy();
    expect((within(inspector).getByLabelText('Subject') as HTMLInputElement).readOnly).toBe(true);
    expect((within(inspector).getByLabelText('Label') as HTMLInputElement).readOnly).toBe(true);
    expect((within(inspector).getByLabelText('Opened within 3 days →') as HTMLSelectElement).disabled).toBe(
      true,
    );
    expect((screen.getByRole('button', { name: 'Delete' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Duplicate' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(window, { key: 'Delete' });
    fireEvent.keyDown(window, { key: 'd', ctrlKey: true });
    expect(useEditor.getState().nodes.map((n) => n.id)).toEqual(['start', 'mail', 'done']);

    // The + on a connection offers only what a sales token may add.
    await user.click(screen.getByRole('button', { name: 'Insert a step between Start and Welcome' }));
    const menu = screen.getByRole('menu');
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((b) => b.textContent?.trim()),
    ).toEqual(['Sales call', 'Sales meeting']);
  });

  it('keeps everything local when the runtime cannot be reached, without asking for a token', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('fetch failed'))),
    );
    render(<App />);
    await waitFor(() => expect(useSession.getState().status).toBe('offline'));
    expect(screen.queryByRole('dialog')).toBeNull();
    const palette = screen.getByRole('navigation', { name: 'Step palette' });
    expect(
      within(palette)
        .getAllByRole('button')
        .filter((b) => !(b as HTMLButtonElement).disabled),
    ).toHaveLength(nodeKindNames.length);
  });
});

describe('permissionsFor', () => {
  it('mirrors the runtime roles', () => {
    expect(permissionsFor('marketing')).toMatchObject({ canPublish: true, canViewStats: true });
    expect(permissionsFor('sales')).toMatchObject({
      canPublish: false,
      canSaveDraft: true,
      canViewStats: false,
    });
    expect(permissionsFor('ingest')).toMatchObject({ canPublish: false, canSaveDraft: false });
    expect(permissionsFor('ingest').addableKinds.size).toBe(0);
  });
});
