import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { forgetFlowVersions } from '../api/work.ts';
import type { Role } from '../flow/permissions.ts';
import { usePlace } from '../store/place.ts';
import { useSession } from '../store/session.ts';
import { resetApp } from '../test/reset.ts';
import { fakeWork, task } from './leads/fake-work.ts';
import { TasksView } from './TasksView.tsx';
import { useInbox } from './tasks/inbox.ts';

beforeEach(() => {
  resetApp();
  forgetFlowVersions();
  useInbox.setState({ rep: '', queue: '', status: 'active', mine: false });
});

async function openAs(role: Role, opts: { id?: string; queues?: string[]; rep?: string } = {}) {
  const runtime = fakeWork({ role, queues: opts.queues ?? null });
  if (opts.rep) useInbox.getState().setRep(opts.rep);
  await useSession.getState().init();
  usePlace.setState({ area: 'tasks', id: opts.id ?? null });
  render(<TasksView />);
  return { runtime, main: screen.getByRole('main', { name: 'Tasks' }) };
}

const rowTexts = (main: HTMLElement) =>
  within(within(main).getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

describe('the task inbox', () => {
  it('asks a marketing token for no rep name: it reads the queues but does not work them', async () => {
    const { main } = await openAs('marketing');
    await within(main).findByRole('table');
    expect(within(main).queryByLabelText('Your name')).toBeNull();
  });

  it('names a lead with neither name nor email by its CRM id, as its own page does', async () => {
    const runtime = fakeWork({ role: 'sales' });
    const lee = runtime.leads.get('lee');
    if (!lee) throw new Error('no lead');
    runtime.leads.set('crm', { ...lee, id: 'crm', name: null, email: null, externalId: 'crm-noname' });
    runtime.tasks.set('t-crm', task('t-crm', 'crm'));
    await useSession.getState().init();
    usePlace.setState({ area: 'tasks', id: null });
    render(<TasksView />);
    const main = screen.getByRole('main', { name: 'Tasks' });
    await within(main).findByText('crm-noname');
    expect(within(main).queryByText('Unnamed lead')).toBeNull();
  });

  it('lists open and claimed tasks by deadline with their leads, overdue ones in red and said so', async () => {
    const user = userEvent.setup();
    const { runtime, main } = await openAs('sales');
    expect(await within(main).findByText('3 tasks, 1 overdue.')).toBeTruthy();
    expect(rowTexts(main)).toEqual([
      [
        'Sales pops in: check-in call',
        'Ada Obi',
        'Inside sales',
        `${when('2026-01-04T09:00:00Z')} · overdue`,
        'Open',
      ],
      ['Day-one greeting call', 'Lee Park', 'Telequalifying', when('2026-01-06T09:00:00Z'), 'Open'],
      [
        'Demo with the rep who greeted them',
        'Ada Obi',
        'Field rep',
        when('2026-01-10T09:00:00Z'),
        'Claimed by Sam Patel',
      ],
    ]);
    const overdue = within(main).getByText(/· overdue/);
    expect(overdue.className).toBe('overdue');
    expect(within(main).getAllByRole('link', { name: 'Ada Obi' })[0]?.getAttribute('href')).toBe(
      '#/leads/ada',
    );
    expect(runtime.calls.filter((c) => c.path.startsWith('/tasks')).map((c) => c.path)).toEqual(['/tasks']);

    await user.selectOptions(within(main).getByLabelText('Status'), 'Done');
    expect(await within(main).findByText('1 task.')).toBeTruthy();
    expect(rowTexts(main)[0]?.[4]).toBe('Done: Not now');
    await user.selectOptions(within(main).getByLabelText('Queue'), 'Inside sales');
    expect(await within(main).findByText('No task matches these filters.')).toBeTruthy();
    expect(runtime.calls.at(-1)?.path).toBe('/tasks?queue=insideSales&status=done');
  });

  it('keeps the rep’s name in this browser, and lists the tasks claimed by it as “Me”', async () => {
    const user = userEvent.setup();
    const { runtime, main } = await openAs('sales');
    const assigned = within(main).getByLabelText('Assigned to');
    expect((within(assigned).getByRole('option', { name: 'Me' }) as HTMLOptionElement).disabled).toBe(true);
    await user.type(within(main).getByLabelText('Your name'), 'Sam Patel');
    await user.click(within(main).getByRole('button', { name: 'Save' }));
    expect(localStorage.getItem('tandem.rep')).toBe('Sam Patel');
    expect(within(main).getByText('Sam Patel').closest('p')?.textContent).toBe(
      'Working as Sam Patel Change name',
    );

    await user.selectOptions(assigned, 'Me (Sam Patel)');
    expect(await within(main).findByText('1 task.')).toBeTruthy();
    expect(rowTexts(main).map((r) => r[0])).toEqual(['Demo with the rep who greeted them']);
    expect(runtime.calls.at(-1)?.path).toBe('/tasks?assignee=Sam+Patel');
  });

  it('says when the runtime listed only the first 500 tasks, instead of counting them as all', async () => {
    const runtime = fakeWork({ role: 'sales' });
    for (let i = 0; i < 600; i++) {
      const id = `t-bulk-${i}`;
      runtime.tasks.set(
        id,
        task(id, 'lee', { deadlineAt: new Date(Date.UTC(2026, 0, 7, 0, i)).toISOString() }),
      );
    }
    await useSession.getState().init();
    usePlace.setState({ area: 'tasks', id: null });
    render(<TasksView />);
    const main = screen.getByRole('main', { name: 'Tasks' });
    expect(
      await within(main).findByText(
        'The first 500 tasks, 1 overdue: the runtime lists no more at once. Narrow them by queue, status or “Me” to see the others.',
      ),
    ).toBeTruthy();
    expect(rowTexts(main)).toHaveLength(500);
    // Narrowed to a queue that fits, the count is the whole of it again.
    await userEvent.setup().selectOptions(within(main).getByLabelText('Queue'), 'Inside sales');
    expect(await within(main).findByText('1 task, 1 overdue.')).toBeTruthy();
  });

  it('offers a token limited to queues only those, and shows the runtime’s refusal of another', async () => {
    const user = userEvent.setup();
    const { main } = await openAs('sales', { queues: ['telequalifying', 'insideSales'] });
    await within(main).findByText('2 tasks, 1 overdue.');
    expect(
      within(within(main).getByLabelText('Queue'))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['All my queues', 'Telequalifying', 'Inside sales']);
    // A link to a task of another queue: the runtime says why not.
    usePlace.getState().go('tasks', 't-field');
    expect((await within(main).findByRole('alert')).textContent).toBe(
      'This token works the Telequalifying and Inside sales queues; Field rep is not one of them.',
    );
    expect(within(main).queryByRole('button', { name: 'Try again' })).toBeNull();
    await user.click(within(main).getByRole('link', { name: '← All tasks' }));
    expect(await within(main).findByText('2 tasks, 1 overdue.')).toBeTruthy();
  });
});

describe('a task’s page', () => {
  it('claims, logs an attempt and completes with a reason, showing the task as it then stands', async () => {
    const user = userEvent.setup();
    const { runtime, main } = await openAs('sales', { id: 't-lee', rep: 'Jo Tanaka' });
    const heading = await within(main).findByRole('heading', { level: 1, name: 'Day-one greeting call' });
    expect(document.activeElement).toBe(heading);
    expect(main.textContent).toContain('Call · Telequalifying queue · for Lee Park');
    expect(within(main).getByRole('link', { name: 'Lee Park' }).getAttribute('href')).toBe('#/leads/lee');
    expect(main.textContent).toContain('Welcome the new lead and ask whether we can help right away');
    // What marketing sent and how the lead answered, without step bookkeeping.
    const history = within(main).getByRole('list', {
      name: 'What marketing sent and how the lead responded',
    });
    expect(
      within(history)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('.touch__text')?.textContent),
    ).toEqual([
      'Email opened',
      'Email sent: “Welcome: here’s the 2026 planning benchmark”',
      'Telequalifying task created: Day-one greeting call (due in 24 hours)',
      'Lead created: Lee Park',
    ]);
    const state = within(main).getByRole('region', { name: 'Where it stands' });

    await user.click(within(main).getByRole('button', { name: 'Claim as Jo Tanaka' }));
    const claimed = await within(main).findByText('Claimed by Jo Tanaka.');
    expect(document.activeElement).toBe(claimed);
    expect(state.textContent).toContain('StatusClaimed by Jo Tanaka');
    expect(within(main).getByText('Claimed by you (Jo Tanaka).')).toBeTruthy();
    expect(runtime.calls.at(-2)).toEqual({
      method: 'POST',
      path: '/tasks/t-lee/claim',
      body: { assignee: 'Jo Tanaka' },
    });

    await user.type(within(main).getByLabelText('Note (optional)'), 'Left a voicemail');
    await user.click(within(main).getByRole('button', { name: 'Log a call attempt' }));
    expect(await within(main).findByText('Call attempt 1 logged.')).toBeTruthy();
    expect(state.textContent).toContain('Attempts1 of 3');
    expect(history.textContent).toContain('Call attempt note: Left a voicemail');
    expect((within(main).getByLabelText('Note (optional)') as HTMLInputElement).value).toBe('');

    // A disqualification says why before anything is sent.
    const before = runtime.calls.length;
    await user.click(within(main).getByRole('radio', { name: 'Disqualified (with reason)' }));
    await user.click(within(main).getByRole('button', { name: 'Complete task' }));
    expect(within(main).getByRole('alert').textContent).toBe(
      'Say why the lead is disqualified: the reason goes back to marketing and into reports.',
    );
    const reason = within(main).getByLabelText('Reason (required)');
    expect(document.activeElement).toBe(reason);
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(runtime.calls.length).toBe(before);
    await user.type(reason, 'No budget until 2027');
    await user.click(within(main).getByRole('button', { name: 'Complete task' }));
    expect(
      await within(main).findByText('Completed: Disqualified (with reason). The lead moves on in its flow.'),
    ).toBeTruthy();
    expect(runtime.calls.find((c) => c.path === '/tasks/t-lee/complete')?.body).toEqual({
      outcome: 'disqualified',
      reason: 'No budget until 2027',
      assignee: 'Jo Tanaka',
    });
    expect(state.textContent).toContain(
      'StatusDone: Disqualified (with reason) · No budget until 2027 · by Jo Tanaka',
    );
    expect(within(main).queryByRole('region', { name: 'Work this task' })).toBeNull();
  });

  it('shows the runtime’s refusal when someone else claimed the task meanwhile, and hands it back', async () => {
    const user = userEvent.setup();
    const { runtime, main } = await openAs('sales', { id: 't-lee', rep: 'Jo Tanaka' });
    await within(main).findByRole('button', { name: 'Claim as Jo Tanaka' });
    Object.assign(runtime.tasks.get('t-lee') ?? {}, { status: 'claimed', assignee: 'Sam Patel' });

    await user.click(within(main).getByRole('button', { name: 'Claim as Jo Tanaka' }));
    const refused = await within(main).findByRole('alert');
    expect(refused.textContent).toBe('Task “Day-one greeting call” is already claimed by Sam Patel.');
    expect(document.activeElement).toBe(refused);
    expect(within(main).getByText('Claimed by Sam Patel.')).toBeTruthy();
    expect(main.textContent).toContain('the runtime lets only them complete it');

    await user.click(within(main).getByRole('button', { name: 'Hand back to the queue' }));
    expect(await within(main).findByText('Handed back to the queue.')).toBeTruthy();
    expect(runtime.calls.find((c) => c.path === '/tasks/t-lee/release')?.body).toEqual({ by: 'Jo Tanaka' });
    expect(within(main).getByRole('button', { name: 'Claim as Jo Tanaka' })).toBeTruthy();
  });

  it('asks for the rep’s name before claiming or completing', async () => {
    const user = userEvent.setup();
    const { main } = await openAs('admin', { id: 't-lee' });
    const claim = await within(main).findByRole('button', { name: 'Claim' });
    expect((claim as HTMLButtonElement).disabled).toBe(true);
    expect((within(main).getByRole('button', { name: 'Complete task' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    await user.type(within(main).getByLabelText('Your name'), 'Ana Ruiz{Enter}');
    await waitFor(() =>
      expect(
        (within(main).getByRole('button', { name: 'Claim as Ana Ruiz' }) as HTMLButtonElement).disabled,
      ).toBe(false),
    );
  });

  it('lets a marketing token read a task but leaves the work to sales', async () => {
    const { main } = await openAs('marketing', { id: 't-lee' });
    await within(main).findByRole('heading', { level: 1, name: 'Day-one greeting call' });
    expect(within(main).getByRole('region', { name: 'Work this task' }).textContent).toContain(
      'A marketing token reads tasks; claiming and completing them takes a sales token.',
    );
    expect(within(main).queryByRole('button', { name: /Claim/ })).toBeNull();
  });

  it('gives an ingest token one line instead of tasks', async () => {
    const { runtime, main } = await openAs('ingest');
    expect(main.textContent).toBe(
      'An ingest token only posts leads and events; connect with a marketing or sales token to see tasks.',
    );
    expect(runtime.calls.map((c) => c.path)).toEqual(['/me']);
  });
});
