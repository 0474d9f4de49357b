import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, expect, it, vi } from 'vitest';
import { App } from '../App.tsx';
import { useEditor } from '../store/editor.ts';
import { useUi } from '../store/ui.ts';
import { tinyFlow } from '../test/fixtures.ts';
import { resetApp } from '../test/reset.ts';

interface MoveBody {
  dryRun: boolean;
  map?: { version: number; from: string; to: string }[];
}

const greetingCall = {
  version: 1,
  nodeId: 'call',
  label: 'Greeting call',
  reason: 'the step is not in version 2',
  count: 1,
};
const targets = [
  { nodeId: 'start', label: 'Start' },
  { nodeId: 'mail', label: 'Welcome' },
  { nodeId: 'welcome-call', label: 'Welcome call' },
];

/**
 * A runtime where "tiny" has two versions and four leads on version 1, one of them at a removed step (the
 * greeting call), which a map entry can send to a step of version 2. Answers the bodies it was sent.
 */
function runtimeWithLeadsOnV1() {
  const moves: MoveBody[] = [];
  /** The three leads that can go on at their step have moved; the one at the greeting call was sent on. */
  let movedAtStep = false;
  let callSent = false;
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
        const body = JSON.parse(init?.body ?? '{}') as MoveBody;
        moves.push(body);
        const sendsCall = (body.map ?? []).some((m) => m.from === 'call');
        const sent = sendsCall && !callSent ? 1 : 0;
        const moved = (movedAtStep ? 0 : 3) + sent;
        const report = {
          flowId: 'tiny',
          version: 2,
          dryRun: body.dryRun,
          moved,
          movedFrom: moved ? { 1: moved } : {},
          mapped: (body.map ?? []).map((m) => ({
            ...m,
            fromLabel: 'Greeting call',
            toLabel: targets.find((t) => t.nodeId === m.to)?.label ?? m.to,
            count: m.from === 'call' ? sent : 0,
          })),
          stayed: callSent || sendsCall ? [] : [greetingCall],
          targets,
        };
        if (!body.dryRun) {
          movedAtStep = true;
          callSent ||= sendsCall;
        }
        return answer(report);
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
  expect(
    within(offer).getByText(
      '1 lead on version 1 at “Greeting call” would stay: the step is not in version 2.',
    ),
  ).toBeTruthy();
  // Only counted so far: nothing moves before the user says so.
  expect(moves.every((m) => m.dryRun)).toBe(true);

  await user.click(within(offer).getByRole('button', { name: 'Move 3 leads to version 2' }));
  const dialog = await screen.findByRole('dialog');
  await user.click(within(dialog).getByRole('button', { name: 'Move 3 leads' }));
  await screen.findByText('Moved 3 leads to version 2. 1 lead stays on its version (see why below).');
  expect(moves.filter((m) => !m.dryRun)).toEqual([{ dryRun: false }]);
  await waitFor(() => expect(within(offer).queryByRole('button')).toBeNull());
  expect(offer.textContent).toContain('None can move to version 2.');
});

it('sends the leads at a removed step to a step chosen for them, counting them before and in the move', async () => {
  const user = userEvent.setup();
  const moves = runtimeWithLeadsOnV1();
  render(<App />);
  const offer = await screen.findByRole('region', { name: 'Leads on other versions' });
  const stayed = within(offer).getByRole('list', { name: 'Leads that stay on their version' });
  const sendTo = await within(stayed).findByRole('combobox', { name: 'Send them to…' });
  expect(
    within(sendTo)
      .getAllByRole('option')
      .map((o) => o.textContent),
  ).toEqual(['Leave them on version 1', 'Start', 'Welcome', 'Welcome call']);
  expect((sendTo as HTMLSelectElement).value).toBe('');

  await user.selectOptions(sendTo, 'Welcome call');
  // The counts are asked again with the choice, and say where those leads go.
  await within(offer).findByRole('button', { name: 'Move 4 leads to version 2' });
  expect(moves.at(-1)).toEqual({ dryRun: true, map: [{ version: 1, from: 'call', to: 'welcome-call' }] });
  expect(offer.textContent).toContain(
    '4 leads are in progress on other versions of this flow. 4 leads can go on in version 2: 3 from the step they are at, 1 at the step you chose.',
  );
  expect(
    within(stayed).getByText(
      '1 lead on version 1 at “Greeting call” (the step is not in version 2) goes to “Welcome call” in version 2.',
    ),
  ).toBeTruthy();

  // Back to leaving them: the first counts again.
  await user.selectOptions(sendTo, 'Leave them on version 1');
  await within(offer).findByRole('button', { name: 'Move 3 leads to version 2' });
  await user.selectOptions(sendTo, 'Welcome call');
  await user.click(await within(offer).findByRole('button', { name: 'Move 4 leads to version 2' }));

  const dialog = await screen.findByRole('dialog');
  expect(dialog.textContent).toContain(
    '1 lead starts afresh at the step you chose (“Welcome call”): its email, task or wait starts from the beginning, and open sales tasks at the old step are cancelled.',
  );
  expect(moves.some((m) => !m.dryRun)).toBe(false);
  await user.click(within(dialog).getByRole('button', { name: 'Move 4 leads' }));
  await screen.findByText('Moved 4 leads to version 2 (1 to the step you chose).');
  expect(moves.filter((m) => !m.dryRun)).toEqual([
    { dryRun: false, map: [{ version: 1, from: 'call', to: 'welcome-call' }] },
  ]);
  // Counted anew afterwards: nobody is left on version 1, so there is nothing more to offer.
  await waitFor(() => expect(screen.queryByRole('region', { name: 'Leads on other versions' })).toBeNull());
});
