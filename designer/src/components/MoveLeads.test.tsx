import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, expect, it, vi } from 'vitest';
import { App } from '../App.tsx';
import { useEditor } from '../store/editor.ts';
import { useUi } from '../store/ui.ts';
import { tinyFlow } from '../test/fixtures.ts';
import { resetApp } from '../test/reset.ts';

/** A runtime where "tiny" has two versions and four leads on version 1, one of them at a removed step. */
function runtimeWithLeadsOnV1() {
  const moves: unknown[] = [];
  let moved = false;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: { method?: string; body?: string }) => {
      const path = url.replace(/^\/api/, '');
      const answer = (body: unknown) => new Response(JSON.stringify(body));
      if (path === '/me') return answer({ role: 'marketing', name: 'Ops', queues: null });
      if (path === '/flows')
        return answer([{ id: 'tiny', name: 'Tiny', hasDraft: true, draftUpdatedAt: null, latestVersion: 2 }]);
      if (path === '/flows/tiny/versions')
        return answer(
          [1, 2].map((version) => ({ version, publishedAt: '2026-11-01T09:00:00Z', name: 'Tiny' })),
        );
      if (path === '/flows/tiny/versions/2/move-leads') {
        const { dryRun } = JSON.parse(init?.body ?? '{}') as { dryRun: boolean };
        moves.push(dryRun);
        const stayed = [
          {
            version: 1,
            nodeId: 'call',
            label: 'Greeting call',
            reason: 'the step is not in version 2',
            count: 1,
          },
        ];
        if (!dryRun) moved = true;
        return answer({
          flowId: 'tiny',
          version: 2,
          dryRun,
          moved: moved && dryRun ? 0 : 3,
          movedFrom: moved && dryRun ? {} : { 1: 3 },
          stayed,
        });
      }
      return new Response(JSON.stringify({ error: { code: 'not_found', message: 'Not here' } }), {
        status: 404,
      });
    }),
  );
  return moves;
}

beforeEach(() => {
  resetApp();
  localStorage.setItem('tandem.token', 'tdm_marketing');
  useUi.setState({ panel: 'runtime' });
  useEditor.getState().load(tinyFlow(), { type: 'draft', flowId: 'tiny' });
});

it('offers to move the leads on older versions, says who stays and why, and moves them once confirmed', async () => {
  const user = userEvent.setup();
  const moves = runtimeWithLeadsOnV1();
  render(<App />);
  const offer = await screen.findByRole('region', { name: 'Leads on other versions' });
  expect(offer.textContent).toContain(
    '4 leads are in progress on other versions of this flow. 3 leads can go on in version 2 from the step they are at.',
  );
  expect(within(offer).getByRole('list').textContent).toBe(
    '1 lead on version 1 at “Greeting call” would stay: the step is not in version 2.',
  );
  // Only counted so far: nothing moves before the user says so.
  expect(moves.every((dryRun) => dryRun)).toBe(true);

  await user.click(within(offer).getByRole('button', { name: 'Move 3 leads to version 2' }));
  const dialog = await screen.findByRole('dialog');
  await user.click(within(dialog).getByRole('button', { name: 'Move 3 leads' }));
  await screen.findByText('Moved 3 leads to version 2. 1 lead stays on its version (see why below).');
  expect(moves.filter((dryRun) => !dryRun)).toHaveLength(1);
  await waitFor(() => expect(within(offer).queryByRole('button')).toBeNull());
  expect(offer.textContent).toContain('None can move to version 2.');
});
