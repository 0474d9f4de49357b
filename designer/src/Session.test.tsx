import { nodeKindNames } from '@tandem/schema';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './App.tsx';
import { permissionsFor } from './flow/permissions.ts';
import { useEditor } from './store/editor.ts';
import { useSession } from './store/session.ts';
import { useUi } from './store/ui.ts';
import { tinyFlow } from './test/fixtures.ts';

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
  localStorage.clear();
  useSession.setState({
    status: 'unknown',
    me: null,
    error: null,
    dismissed: false,
    permissions: permissionsFor(null),
  });
  useUi.setState({ panel: 'inspect', dialog: null });
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
