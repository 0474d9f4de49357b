import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App.tsx';
import type { OutboxMessage } from '../api/reports.ts';
import { useEditor } from '../store/editor.ts';
import { usePlace } from '../store/place.ts';
import { tinyFlow } from '../test/fixtures.ts';
import { resetApp } from '../test/reset.ts';
import { date, dateTime } from './reports/format.ts';

type Role = 'admin' | 'marketing' | 'sales' | 'ingest';

const message = (m: Partial<OutboxMessage> & Pick<OutboxMessage, 'id' | 'channel' | 'status'>) => ({
  idempotencyKey: `key-${m.id}`,
  leadId: 'lead-ann',
  payload: { lead: { id: 'lead-ann', name: 'Ann Example', email: 'ann@northwind.example' } },
  attempts: 1,
  nextAttemptAt: '2026-01-06T09:00:00Z',
  lastError: null,
  createdAt: '2026-01-06T08:00:00Z',
  sentAt: null,
  deadAt: null,
  ...m,
});

const leadBen = { lead: { id: 'lead-ben', name: 'Ben Ops', email: 'ben@contoso.example' } };

/** The runtime's access rules for the report routes, refusing in its words. */
const allowed: Record<string, Role[]> = {
  'GET /stats/waterfall': ['admin', 'marketing', 'sales'],
  'GET /outbox': ['admin', 'marketing'],
  'GET /outbox/counts': ['admin', 'marketing'],
  'GET /channels': ['admin', 'marketing'],
  'POST /outbox/replay': ['admin'],
  'POST /outbox/:id/replay': ['admin'],
  'GET /flows/:id/versions/:version/stats': ['admin', 'marketing'],
};

/**
 * A runtime with a few leads through the funnel, an outbox with three dead letters (listed the latest dead
 * first; one died before the runtime kept that time), and one published flow ("Tiny", version 2) next to a
 * draft. Replays move dead letters back to pending, as the runtime does.
 */
function reportsRuntime(role: Role, opts: { refuseReplay?: boolean } = {}) {
  const calls: string[] = [];
  let waterfallReads = 0;
  const outbox = [
    message({
      id: 'm1',
      channel: 'email',
      status: 'dead',
      attempts: 5,
      lastError: 'SMTP 550: mailbox unavailable',
      deadAt: '2026-01-06T09:00:40Z',
      payload: { subject: 'Your pipeline report', lead: { id: 'lead-ann', name: 'Ann Example' } },
    }),
    message({
      id: 'm2',
      channel: 'task',
      status: 'dead',
      leadId: 'lead-ben',
      attempts: 5,
      lastError: 'The webhook answered 500',
      deadAt: '2026-01-07T14:30:00Z',
      payload: { title: 'Day-one greeting call', ...leadBen },
    }),
    message({ id: 'm3', channel: 'email', status: 'sent', sentAt: '2026-01-06T08:00:05Z' }),
    message({
      id: 'm4',
      channel: 'webinar',
      status: 'sent',
      payload: { webinar: 'Pipeline clinic', ...leadBen },
    }),
    message({
      id: 'm5',
      channel: 'email',
      status: 'pending',
      attempts: 2,
      lastError: 'timed out after 30 s',
    }),
    message({
      id: 'm6',
      channel: 'webinar',
      status: 'dead',
      attempts: 5,
      lastError: 'The webhook answered 410',
      payload: { webinar: 'Pipeline clinic', ...leadBen },
    }),
  ];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: { method?: string; body?: string }) => {
      const method = init?.method ?? 'GET';
      const [path = '', query = ''] = url.replace(/^\/api/, '').split('?');
      calls.push(`${method} ${path}${query ? `?${query}` : ''}`);
      const rule = `${method} ${path
        .replace(/^\/outbox\/(?!replay$)[^/]+\/replay$/, '/outbox/:id/replay')
        .replace(/^\/flows\/[^/]+\/versions\/\d+\/stats$/, '/flows/:id/versions/:version/stats')}`;
      const roles = allowed[rule];
      if ((roles && !roles.includes(role)) || (opts.refuseReplay && rule.includes('replay'))) {
        const who = opts.refuseReplay ? 'marketing' : role;
        return json(
          {
            error: {
              code: 'forbidden',
              message: `A ${who} token may not ${rule.replace(' ', ' /api')}; this needs one of: ${roles?.join(', ')}.`,
            },
          },
          403,
        );
      }
      if (path === '/me') return json({ role, name: `${role} user`, queues: null });
      if (path === '/stats/waterfall') {
        waterfallReads++;
        return json({
          stages: {
            inquiry: 40,
            mql: 30,
            sal: 20,
            sql: 6,
            opportunity: 3,
            customer: waterfallReads > 1 ? 2 : 1,
            recycled: 12,
            disqualified: 5,
          },
          reached: {
            inquiry: 120,
            mql: 60,
            sal: 40,
            sql: 10,
            opportunity: 4,
            customer: waterfallReads > 1 ? 2 : 1,
          },
          recycled: { 'Tried calling, no answer': 9, 'Talked: not ready yet': 3 },
          disqualified: { 'No budget': 2, 'Tried calling, no answer': 6, 'Chose a competitor': 2 },
        });
      }
      if (path === '/channels') return json({ email: 'smtp', webinar: 'capture', task: 'webhook' });
      if (path === '/outbox/counts') {
        const counts = new Map<string, { channel: string; status: string; count: number }>();
        for (const m of outbox) {
          const key = `${m.channel} ${m.status}`;
          const c = counts.get(key) ?? { channel: m.channel, status: m.status, count: 0 };
          c.count++;
          counts.set(key, c);
        }
        return json([...counts.values()]);
      }
      if (path === '/outbox' && method === 'GET') {
        const q = new URLSearchParams(query);
        const found = outbox.filter(
          (m) =>
            (!q.get('status') || m.status === q.get('status')) &&
            (!q.get('channel') || m.channel === q.get('channel')),
        );
        const dead = (m: OutboxMessage) => m.deadAt ?? '';
        return json(
          q.get('status') === 'dead' ? found.sort((a, b) => dead(b).localeCompare(dead(a))) : found,
        );
      }
      if (path === '/outbox/replay') {
        const { channel } = JSON.parse(init?.body ?? '{}') as { channel?: string };
        const replayed = outbox.filter((m) => m.status === 'dead' && (!channel || m.channel === channel));
        for (const m of replayed) Object.assign(m, { status: 'pending', attempts: 0, deadAt: null });
        return json({ replayed: replayed.map((m) => m.id) });
      }
      const one = path.match(/^\/outbox\/([^/]+)\/replay$/);
      if (one) {
        const m = outbox.find((x) => x.id === one[1]);
        if (!m) return json({ error: { code: 'not_found', message: 'No such message.' } }, 404);
        Object.assign(m, { status: 'pending', attempts: 0, deadAt: null });
        return json(m);
      }
      if (path === '/flows')
        return json([
          { id: 'tiny', name: 'Tiny', hasDraft: true, draftUpdatedAt: null, latestVersion: 2 },
          { id: 'idea', name: 'Idea', hasDraft: true, draftUpdatedAt: null, latestVersion: null },
        ]);
      if (path === '/flows/tiny/versions/2')
        return json({ flowId: 'tiny', version: 2, publishedAt: '2026-01-05T09:00:00Z', flow: tinyFlow() });
      if (path === '/flows/tiny/versions/2/stats')
        return json({
          nodes: {
            start: { current: 0, entered: 10, outcomes: { next: 10 }, movedIn: 0, movedOut: 0 },
            mail: { current: 7, entered: 12, outcomes: { clicked: 5 }, movedIn: 2, movedOut: 0 },
            done: { current: 0, entered: 5, outcomes: {}, movedIn: 0, movedOut: 0 },
          },
          leads: { active: 7, completed: 4, exited: 0, removed: 1, movedIn: 2, movedOut: 0 },
        });
      if (path === '/flows/tiny/versions')
        return json([{ version: 2, publishedAt: '2026-01-05T09:00:00Z', name: 'Tiny' }]);
      return json({ error: { code: 'not_found', message: 'Not found.' } }, 404);
    }),
  );
  return calls;
}

/** The text of each cell in the row headed `header`. */
function row(table: HTMLElement, header: string): string[] {
  const th = within(table).getByRole('rowheader', { name: header });
  const tr = th.closest('tr') as HTMLElement;
  return [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '');
}

const region = (name: string) => screen.getByRole('region', { name });

beforeEach(() => {
  resetApp();
  localStorage.setItem('tandem.token', 'tdm_reader');
  usePlace.getState().go('reports');
});

describe('the demand waterfall', () => {
  it('shows leads by stage in funnel order, the conversion to each next stage, and the side exits by reason', async () => {
    reportsRuntime('marketing');
    render(<App />);
    const funnel = await screen.findByRole('table', { name: 'Leads by lifecycle stage now' });
    expect(
      within(funnel)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['Inquiry', 'MQL', 'SAL', 'SQL', 'Opportunity', 'Customer']);
    // 100 leads in the funnel: 60 of them are at MQL or further down.
    // Leads now, leads that ever got this far (the recycled and disqualified among them), conversion.
    expect(row(funnel, 'Inquiry')).toEqual(['40', '120', '50% to MQL: 60 of 120']);
    expect(row(funnel, 'SQL')).toEqual(['6', '10', '40% to Opportunity: 4 of 10']);
    expect(row(funnel, 'Customer')).toEqual(['1', '1', 'last stage']);
    const waterfall = region('Demand waterfall');
    expect(waterfall.textContent).toContain('Recycled now: 12 leads · Disqualified now: 5 leads');

    // The reason sales gives most often comes first: a sales leader sees that "no answer" is not a disqualification.
    const disqualified = within(waterfall).getByRole('table', { name: 'Disqualifications by reason' });
    expect(
      within(disqualified)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['Tried calling, no answer', 'Chose a competitor', 'No budget', 'Total']);
    expect(row(disqualified, 'Tried calling, no answer')).toEqual(['6', '60%']);
    expect(row(disqualified, 'Total')).toEqual(['10', '100%']);
    const recycled = within(waterfall).getByRole('table', { name: 'Recycles by the recycle step’s reason' });
    expect(row(recycled, 'Talked: not ready yet')).toEqual(['3', '25%']);
  });

  it('reads every report again on Refresh and says when', async () => {
    const user = userEvent.setup();
    const calls = reportsRuntime('marketing');
    render(<App />);
    const funnel = await screen.findByRole('table', { name: 'Leads by lifecycle stage now' });
    await screen.findByText(/^Updated at /);
    await waitFor(() => expect(calls).toContain('GET /flows/tiny/versions/2/stats'));
    const before = calls.length;
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(row(funnel, 'Customer')).toEqual(['2', '2', 'last stage']));
    const again = calls.slice(before);
    for (const read of [
      'GET /stats/waterfall',
      'GET /outbox?status=dead',
      'GET /flows/tiny/versions/2/stats',
    ])
      await waitFor(() => expect(calls.slice(before)).toContain(read));
    expect(again.length).toBeGreaterThan(0);
  });
});

describe('messages', () => {
  it('counts messages per channel and status and lists the dead letters; replaying is for admins', async () => {
    reportsRuntime('marketing');
    render(<App />);
    const counts = await screen.findByRole('table', { name: 'Messages per channel and status' });
    expect(row(counts, 'email')).toEqual(['SMTP', '1', '1', '1']);
    expect(row(counts, 'webinar')).toEqual(['capture (recorded here, not sent)', '0', '1', '1']);
    expect(row(counts, 'All channels')).toEqual(['', '1', '2', '3']);
    const dead = await screen.findByRole('table', { name: 'Dead letters: 3' });
    // The latest dead letter first, each with when it died; one from before the runtime kept that time says
    // when its last attempt was due.
    const rows = within(dead).getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))).toEqual([
      [
        'Ben Ops',
        'task',
        'Day-one greeting call',
        '5',
        'The webhook answered 500',
        `dead-lettered ${dateTime('2026-01-07T14:30:00Z')}`,
      ],
      [
        'Ann Example',
        'email',
        'Your pipeline report',
        '5',
        'SMTP 550: mailbox unavailable',
        `dead-lettered ${dateTime('2026-01-06T09:00:40Z')}`,
      ],
      [
        'Ben Ops',
        'webinar',
        'Pipeline clinic',
        '5',
        'The webhook answered 410',
        `last attempt due ${dateTime('2026-01-06T09:00:00Z')}`,
      ],
    ]);
    expect(within(dead).getAllByRole('link', { name: 'Ben Ops' })[0]?.getAttribute('href')).toBe(
      '#/leads/lead-ben',
    );
    expect(screen.queryByRole('button', { name: /Replay/ })).toBeNull();
    expect(region('Messages').textContent).toContain('Replaying dead letters needs an admin token.');
  });

  it('filters the messages by status and channel', async () => {
    const user = userEvent.setup();
    const calls = reportsRuntime('marketing');
    render(<App />);
    const messages = await screen.findByRole('region', { name: 'Messages' });
    await within(messages).findByRole('table', { name: 'Dead letters: 3' });
    await user.selectOptions(within(messages).getByLabelText('Status'), 'Sent');
    await user.selectOptions(within(messages).getByLabelText('Channel'), 'webinar');
    const sent = await within(messages).findByRole('table', { name: 'Sent on webinar: 1' });
    expect(within(sent).getByRole('cell', { name: 'Pipeline clinic' })).toBeTruthy();
    expect(calls).toContain('GET /outbox?status=sent&channel=webinar');
    await user.selectOptions(within(messages).getByLabelText('Status'), 'Pending');
    await within(messages).findByText('No pending messages on webinar.');
  });

  it('lets an admin replay one dead letter, a channel’s, or all of them', async () => {
    const user = userEvent.setup();
    const calls = reportsRuntime('admin');
    render(<App />);
    const messages = await screen.findByRole('region', { name: 'Messages' });
    await within(messages).findByRole('table', { name: 'Dead letters: 3' });
    await user.click(
      within(messages).getByRole('button', { name: 'Replay the email message to Ann Example' }),
    );
    await within(messages).findByText(
      'Queued the email message to Ann Example again. It goes out with the next delivery run, with the same idempotency key.',
    );
    expect(calls).toContain('POST /outbox/m1/replay');
    // The row's button goes away with the row: keyboard focus is on what happened instead.
    expect(document.activeElement?.textContent).toMatch(/^Queued the email message to Ann Example again/);
    // Read again: Ann's message is pending now; Ben's task notice and webinar invitation are still dead.
    await within(messages).findByRole('table', { name: 'Dead letters: 2' });
    await user.click(within(messages).getByRole('button', { name: 'Replay task dead letters' }));
    await within(messages).findByText(/^Queued 1 task dead letter again\./);
    await within(messages).findByRole('table', { name: 'Dead letters: 1' });
    await user.click(within(messages).getByRole('button', { name: 'Replay all dead letters' }));
    await within(messages).findByText(/^Queued 1 dead letter again\./);
    await within(messages).findByText(
      'No dead letters: every message was delivered or is still being tried.',
    );
    expect(within(messages).queryByRole('button', { name: 'Replay all dead letters' })).toBeNull();
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual([
      'POST /outbox/m1/replay',
      'POST /outbox/replay',
      'POST /outbox/replay',
    ]);
  });

  it('says the runtime’s refusal when it will not replay', async () => {
    const user = userEvent.setup();
    reportsRuntime('admin', { refuseReplay: true });
    render(<App />);
    const messages = await screen.findByRole('region', { name: 'Messages' });
    await within(messages).findByRole('table', { name: 'Dead letters: 3' });
    await user.click(within(messages).getByRole('button', { name: 'Replay all dead letters' }));
    expect((await within(messages).findByRole('alert')).textContent).toBe(
      'Not with this token. A marketing token may not POST /api/outbox/replay; this needs one of: admin.',
    );
  });
});

describe('per flow', () => {
  it('lists the published flows with their leads now, entries, how the others ended, and leads moved', async () => {
    reportsRuntime('marketing');
    render(<App />);
    const flows = await screen.findByRole('table', { name: 'Published flows, latest version' });
    expect(
      within(flows)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual([
      'Flow',
      'Version',
      'In the flow now',
      'Entered',
      'Completed',
      'Exited',
      'Taken out',
      'Moved in',
      'Moved out',
      'Open',
    ]);
    // Ten entries and two leads moved in from version 1: the twelve leads now, completed and taken out.
    expect(row(flows, 'Tiny (tiny)')).toEqual([
      `v2 · ${date('2026-01-05T09:00:00Z')}`,
      '7',
      '10',
      '4',
      '0',
      '1',
      '2',
      '0',
      'Open on the canvas',
    ]);
    expect(region('Per flow').textContent).toContain('1 flow with only a draft is not listed.');
  });

  it('opens a flow’s latest version on the canvas', async () => {
    const user = userEvent.setup();
    reportsRuntime('marketing');
    useEditor
      .getState()
      .load({ ...tinyFlow(), id: 'other', name: 'Other' }, { type: 'draft', flowId: 'other' });
    render(<App />);
    await user.click(await screen.findByRole('link', { name: 'Open Tiny, version 2, on the canvas' }));
    await waitFor(() => expect(usePlace.getState().area).toBe('journeys'));
    expect(useEditor.getState().origin).toEqual({ type: 'version', flowId: 'tiny', version: 2 });
    expect(screen.queryByRole('main', { name: 'Reports' })).toBeNull();
  });
});

describe('who reads what', () => {
  it('tells an ingest token in one line that reports are not for it, and asks the runtime nothing', async () => {
    const calls = reportsRuntime('ingest');
    render(<App />);
    await screen.findByText(
      'An ingest token only posts leads and events; connect with a marketing or sales token to see reports.',
    );
    expect(calls.filter((c) => c !== 'GET /me' && !c.startsWith('GET /flows'))).toEqual([]);
    expect(screen.queryByText(/Not with this token/)).toBeNull();
  });

  it('shows a sales token the waterfall and the runtime’s refusal of the rest', async () => {
    reportsRuntime('sales');
    render(<App />);
    await screen.findByRole('table', { name: 'Disqualifications by reason' });
    await waitFor(() =>
      expect(region('Messages').textContent).toContain(
        'Not with this token. A sales token may not GET /api/outbox/counts; this needs one of: admin, marketing.',
      ),
    );
    await waitFor(() =>
      expect(region('Per flow').textContent).toContain(
        'A sales token may not GET /api/flows/:id/versions/:version/stats; this needs one of: admin, marketing.',
      ),
    );
  });

  it('asks to connect with a token when signed out', async () => {
    const user = userEvent.setup();
    localStorage.clear();
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(
            JSON.stringify({ error: { code: 'unauthenticated', message: 'This API needs a token.' } }),
            {
              status: 401,
            },
          ),
      ),
    );
    render(<App />);
    const reports = screen.getByRole('main', { name: 'Reports' });
    // The token dialog opens by itself; once dismissed, the page says what to do.
    await user.click(await screen.findByRole('button', { name: 'Work locally' }));
    expect(reports.textContent).toContain(
      'Reports come from the runtime: connect with an API token to see them.',
    );
    await user.click(within(reports).getByRole('button', { name: 'Connect with a token…' }));
    expect(screen.getByRole('dialog', { name: 'Connect to the runtime' })).toBeTruthy();
  });
});
