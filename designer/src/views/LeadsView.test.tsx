import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetFlowVersions } from '../api/work.ts';
import type { Role } from '../flow/permissions.ts';
import { usePlace } from '../store/place.ts';
import { useSession } from '../store/session.ts';
import { resetApp } from '../test/reset.ts';
import { LeadsView } from './LeadsView.tsx';
import { fakeWork } from './leads/fake-work.ts';
import { useLeadSearch } from './leads/search.ts';

beforeEach(() => {
  resetApp();
  forgetFlowVersions();
  useLeadSearch.setState({ text: '' });
  usePlace.setState({ area: 'leads', id: null });
});

async function openAs(role: Role, id: string | null = null) {
  const runtime = fakeWork({ role });
  await useSession.getState().init();
  usePlace.setState({ area: 'leads', id });
  render(<LeadsView />);
  return runtime;
}

const rowTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));

describe('the Leads area', () => {
  it('lists the most recently changed leads, and finds one as you type', async () => {
    const user = userEvent.setup();
    const runtime = await openAs('marketing');
    const main = screen.getByRole('main', { name: 'Leads' });
    expect(await within(main).findByText('The 2 leads changed most recently.')).toBeTruthy();
    expect(rowTexts(within(main).getByRole('table'))).toEqual([
      ['Lee Park', 'lee@contoso.example', 'MQL', '15', 'Mia Chen'],
      ['Ada Obi', 'ada@fabrikam.example', 'Inquiry', '0', 'No owner'],
    ]);
    expect(document.activeElement).toBe(within(main).getByLabelText('Search leads'));

    await user.type(within(main).getByLabelText('Search leads'), 'fabrikam');
    expect(await within(main).findByText('1 lead matches “fabrikam”.')).toBeTruthy();
    expect(rowTexts(within(main).getByRole('table'))).toEqual([
      ['Ada Obi', 'ada@fabrikam.example', 'Inquiry', '0', 'No owner'],
    ]);
    // Asked once the typing paused, not once per key.
    expect(runtime.calls.filter((c) => c.path.startsWith('/leads?')).map((c) => c.path)).toEqual([
      '/leads?limit=50',
      '/leads?search=fabrikam&limit=50',
    ]);

    await user.clear(within(main).getByLabelText('Search leads'));
    await user.type(within(main).getByLabelText('Search leads'), 'nobody{Enter}');
    expect(await within(main).findByText('No lead matches “nobody”.')).toBeTruthy();
    expect(within(main).queryByRole('table')).toBeNull();
  });

  it('offers marketing sample leads on an empty runtime, and lists them once added', async () => {
    const user = userEvent.setup();
    const runtime = fakeWork({ role: 'marketing' });
    runtime.leads.clear();
    await useSession.getState().init();
    render(<LeadsView />);
    const main = screen.getByRole('main', { name: 'Leads' });
    expect(await within(main).findByText(/^No leads yet\./)).toBeTruthy();
    await user.click(within(main).getByRole('button', { name: 'Add 25 sample leads' }));
    expect(await within(main).findByText(/^Added 25 sample leads\./)).toBeTruthy();
    expect(runtime.calls.filter((c) => c.method === 'POST')).toEqual([
      { method: 'POST', path: '/admin/sample-leads', body: { count: 25 } },
    ]);
    // The list shows them at once, and the offer is gone with the empty list.
    expect(await within(main).findByText('The 25 leads changed most recently.')).toBeTruthy();
    expect(within(main).getAllByRole('row')).toHaveLength(26);
    expect(within(main).queryByRole('button', { name: 'Add 25 sample leads' })).toBeNull();
  });

  it('offers no sample leads to sales, nor once leads are there', async () => {
    const runtime = fakeWork({ role: 'sales' });
    runtime.leads.clear();
    await useSession.getState().init();
    const view = render(<LeadsView />);
    expect(await screen.findByText(/^No leads yet\./)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /sample leads/ })).toBeNull();
    view.unmount();
    await openAs('marketing');
    expect(await screen.findByText('The 2 leads changed most recently.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /sample leads/ })).toBeNull();
  });

  it('opens a lead: its facts, flows at their steps, open tasks and the whole timeline, newest first', async () => {
    const user = userEvent.setup();
    await openAs('sales');
    const main = screen.getByRole('main', { name: 'Leads' });
    await user.click(await within(main).findByRole('link', { name: 'Lee Park' }));
    expect(usePlace.getState()).toMatchObject({ area: 'leads', id: 'lee' });
    const heading = await within(main).findByRole('heading', { level: 1, name: 'Lee Park' });
    expect(document.activeElement).toBe(heading);

    const facts = within(main).getByRole('region', { name: 'Facts' });
    expect(facts.textContent).toContain('StageMQL · Clicked through to the ROI calculator');
    expect(facts.textContent).toContain('CompanyContoso');
    expect(facts.textContent).toContain('OwnerMia Chen');
    expect(facts.textContent).toContain('Budgetapproved');
    expect(facts.textContent).toContain('Authority—');
    expect(facts.textContent).toContain('Employees1,200');
    expect(facts.textContent).toContain('Unsubscribedno');

    // Steps by their labels, from the published version the lead is on.
    const flows = within(main).getByRole('region', { name: 'Flows' });
    await within(flows).findByText('No hand-off: sales and marketing together from day one');
    expect(
      within(flows)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Day-one greeting call', 'Welcome + planning benchmark']);
    expect(within(flows).getByRole('row', { name: /No hand-off/ }).textContent).toContain('v1In progress');

    // Only the open task, linked to its page.
    const tasks = within(main).getByRole('region', { name: 'Open tasks' });
    const link = await within(tasks).findByRole('link', { name: 'Day-one greeting call' });
    expect(link.getAttribute('href')).toBe('#/tasks/t-lee');
    expect(within(tasks).getAllByRole('listitem')).toHaveLength(1);

    const timeline = within(main).getByRole('list', { name: 'Timeline' });
    const lines = () => within(timeline).getAllByRole('listitem');
    expect(lines()).toHaveLength(5);
    expect(lines()[0]?.textContent).toContain('LeadEmail opened');
    const sent = lines().find((li) => li.textContent?.includes('Email sent'));
    expect(sent?.className).toContain('touch--marketing');
    expect(sent?.textContent).toContain('MarketingNo hand-off: sales and marketing together from day one');
    const task = lines().find((li) => li.textContent?.includes('task created'));
    expect(task?.className).toContain('touch--sales');
    expect(within(task as HTMLElement).getByText('Sales')).toBeTruthy();
    // Dates in the browser's locale, with the instant kept for machines.
    const opened = within(lines()[0] as HTMLElement).getByText(
      new Date('2026-01-06T14:00:00Z').toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
    );
    expect(opened.getAttribute('dateTime')).toBe('2026-01-06T14:00:00.000Z');

    await user.click(within(main).getByRole('radio', { name: 'Oldest first' }));
    expect(lines()[0]?.textContent).toContain('Lead created: Lee Park');

    // Back to the list, where the search was left.
    await user.click(within(main).getByRole('link', { name: '← All leads' }));
    expect(usePlace.getState()).toMatchObject({ area: 'leads', id: null });
    expect(await within(main).findByLabelText('Search leads')).toBeTruthy();
  });

  it('says so when the lead does not exist', async () => {
    await openAs('admin', 'gone');
    const main = screen.getByRole('main', { name: 'Leads' });
    expect((await within(main).findByRole('alert')).textContent).toBe('Unknown lead “gone”.');
  });

  it('gives an ingest token one line instead of leads, and asks a signed-out browser for a token', async () => {
    const runtime = await openAs('ingest');
    const main = screen.getByRole('main', { name: 'Leads' });
    expect(main.textContent).toBe(
      'An ingest token only posts leads and events; connect with a marketing or sales token to see leads.',
    );
    expect(runtime.calls.map((c) => c.path)).toEqual(['/me']);

    useSession.getState().signOut();
    useSession.setState({ dismissed: true });
    await waitFor(() => expect(main.textContent).toContain('Connect with a token to see leads'));
    await userEvent.setup().click(within(main).getByRole('button', { name: 'Connect with a token…' }));
    expect(useSession.getState().dismissed).toBe(false);
  });

  it('asks for a token again when the runtime no longer accepts this one', async () => {
    await openAs('sales');
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ error: { code: 'invalid_token', message: 'No.' } }), { status: 401 }),
      ),
    );
    useLeadSearch.getState().set('lee');
    const main = screen.getByRole('main', { name: 'Leads' });
    await waitFor(() => expect(useSession.getState().status).toBe('needsToken'));
    expect(main.textContent).toContain('Connect with a token to see leads');
  });
});
