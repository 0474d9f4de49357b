import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App.tsx';
import { useEditor } from '../store/editor.ts';
import { fakeRuntime, summary } from '../test/fake-runtime.ts';
import { tinyFlow } from '../test/fixtures.ts';
import { resetApp } from '../test/reset.ts';

beforeEach(() => {
  resetApp();
  localStorage.setItem('tandem.token', 'tdm_marketing');
  useEditor.getState().load(tinyFlow(), { type: 'draft', flowId: 'tiny' });
});

type Counts = { current: number; entered: number; movedIn: number; movedOut: number };
const at = (c: Counts) => ({ ...c, outcomes: {} });

/**
 * The runtime of `fakeRuntime` with "Tiny" published twice and leads moved from version 1 to version 2:
 * two of version 1's three at the welcome email (one still there), beside one that entered version 2 itself.
 */
function runtimeWithMovedLeads() {
  fakeRuntime({
    flows: [summary('tiny', 'Tiny', 2)],
    drafts: { tiny: tinyFlow() },
    versions: {
      tiny: [
        { version: 1, publishedAt: '2026-01-05T09:00:00Z', name: 'Tiny' },
        { version: 2, publishedAt: '2026-01-06T09:00:00Z', name: 'Tiny' },
      ],
    },
  });
  const runtime = globalThis.fetch;
  const none = { current: 0, movedIn: 0, movedOut: 0 };
  const stats: Record<string, unknown> = {
    '/api/flows/tiny/versions/1/stats': {
      nodes: {
        start: at({ ...none, entered: 3 }),
        mail: at({ ...none, entered: 3, movedOut: 2 }),
        done: at({ ...none, entered: 1 }),
      },
      leads: { active: 0, completed: 1, exited: 0, removed: 0, movedIn: 0, movedOut: 2 },
    },
    '/api/flows/tiny/versions/2/stats': {
      nodes: {
        start: at({ ...none, entered: 1 }),
        mail: at({ ...none, current: 1, entered: 3, movedIn: 2 }),
        done: at({ ...none, entered: 2 }),
      },
      leads: { active: 1, completed: 2, exited: 0, removed: 0, movedIn: 2, movedOut: 0 },
    },
  };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) =>
      stats[url] ? new Response(JSON.stringify(stats[url]), { status: 200 }) : runtime(url, init),
    ),
  );
}

describe('live counts on the canvas', () => {
  it('say how many of a step’s leads were moved in from another version', async () => {
    const user = userEvent.setup();
    runtimeWithMovedLeads();
    render(<App />);
    await user.click(screen.getByRole('tab', { name: /Runtime/ }));
    await user.click(await screen.findByRole('checkbox', { name: /Show live counts for version 2/ }));
    await waitFor(() =>
      expect(screen.getByTestId('stats-mail').textContent).toBe('1 here now · 3 entered (2 moved in)'),
    );
    expect(screen.getByTestId('stats-start').textContent).toBe('0 here now · 1 entered');
  });

  it('say how many of a step’s leads were moved out to another version', async () => {
    const user = userEvent.setup();
    runtimeWithMovedLeads();
    useEditor.getState().load(tinyFlow(), { type: 'version', flowId: 'tiny', version: 1 });
    render(<App />);
    await user.click(screen.getByRole('tab', { name: /Runtime/ }));
    await user.click(await screen.findByRole('checkbox', { name: /Show live counts for version 1/ }));
    await waitFor(() =>
      expect(screen.getByTestId('stats-mail').textContent).toBe('0 here now · 3 entered · 2 moved out'),
    );
  });
});
