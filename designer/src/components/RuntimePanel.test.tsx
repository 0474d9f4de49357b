import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App.tsx';
import { useEditor } from '../store/editor.ts';
import { useUi } from '../store/ui.ts';
import { tinyFlow } from '../test/fixtures.ts';
import { resetApp } from '../test/reset.ts';

/** A runtime that knows an ingest token and refuses it everything but /api/me, as the real one does. */
function runtimeForIngest() {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: { method?: string }) => {
      const path = url.replace(/^\/api/, '');
      calls.push(`${init?.method ?? 'GET'} ${path}`);
      // The network takes a moment: the panel is up before the runtime has said who the token is.
      await new Promise((r) => setTimeout(r, 30));
      if (path === '/me')
        return new Response(JSON.stringify({ role: 'ingest', name: 'Web forms', queues: null }));
      return new Response(
        JSON.stringify({
          error: {
            code: 'forbidden',
            message: `An ingest token may not GET /api${path}; this needs one of: admin, marketing, sales.`,
          },
        }),
        { status: 403 },
      );
    }),
  );
  return calls;
}

beforeEach(() => {
  resetApp();
  localStorage.setItem('tandem.token', 'tdm_ingest');
  useUi.setState({ panel: 'runtime' });
  useEditor.getState().load(tinyFlow());
});

describe('the Runtime panel with an ingest token', () => {
  it('says in one line what the token can do, and does not ask for flows it may not read', async () => {
    const user = userEvent.setup();
    const calls = runtimeForIngest();
    render(<App />);
    await screen.findByText('Web forms · ingest');
    const panel = screen.getByRole('region', { name: 'Runtime' });
    await waitFor(() =>
      expect(within(panel).getByRole('status').textContent).toBe(
        'An ingest token only posts leads and events; use a marketing or sales token to open flows here.',
      ),
    );
    await user.click(screen.getByRole('tab', { name: /Inspect/ }));
    await user.click(screen.getByRole('tab', { name: /Runtime/ }));
    await new Promise((r) => setTimeout(r, 50));
    const again = screen.getByRole('region', { name: 'Runtime' });
    expect(within(again).queryByText(/may not GET/)).toBeNull();
    expect(within(again).queryByText(/None yet/)).toBeNull();
    expect(within(again).queryAllByRole('button')).toEqual([]);
    expect(calls).toEqual(['GET /me']);
  });
});
