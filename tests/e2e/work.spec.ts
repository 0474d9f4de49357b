import { expect, type Page, test } from '@playwright/test';
import { snap } from './helpers.ts';
import { authHeaders } from './token.ts';

/**
 * A new lead: the runtime publishes the example playbooks at start, and “No hand-off: together from day
 * one” enrolls every new lead (on `lead.created`) and greets it with a telequalifying call on day one.
 * Names and emails are unique: the database is shared by every spec.
 */
async function newLead(page: Page, who: string): Promise<{ id: string; name: string }> {
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const name = `${who} ${stamp}`;
  const res = await page.request.post('/api/leads', {
    headers: authHeaders,
    data: {
      externalId: `work-${stamp}`,
      email: `${who.toLowerCase().replace(/\W+/g, '.')}.${stamp}@northwind.example`,
      name,
      attributes: { company: 'Northwind Traders', title: 'Head of RevOps' },
      bant: { budget: 'approved', need: 'forecast accuracy' },
    },
  });
  expect(res.status()).toBe(201);
  const lead = (await res.json()) as { id: string; enrollments: { flowId: string }[] };
  expect(lead.enrollments.map((e) => e.flowId)).toContain('no-handoff-day-one');
  return { id: lead.id, name };
}

/** The inbox's row for the lead's greeting call, among every spec's open tasks. */
async function openGreeting(page: Page, leadName: string): Promise<void> {
  await page.goto('/#/tasks');
  const main = page.getByRole('main', { name: 'Tasks' });
  await main.getByLabel('Queue').selectOption({ label: 'Telequalifying' });
  const row = main.getByRole('row').filter({ hasText: leadName });
  await expect(row).toContainText('Day-one greeting call');
  await expect(row).toContainText('Open');
  await row.getByRole('link', { name: 'Day-one greeting call' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Day-one greeting call' })).toBeFocused();
}

test('a rep claims, calls and completes a day-one greeting from the inbox; the lead’s timeline shows it', async ({
  page,
}) => {
  const lead = await newLead(page, 'Wren Okafor');
  await page.goto('/#/tasks');
  const main = page.getByRole('main', { name: 'Tasks' });
  await expect(main.getByRole('heading', { level: 1, name: 'Tasks' })).toBeFocused();
  // The name is typed once and kept: it is who claims and completes.
  await main.getByLabel('Your name').fill('Jo Tanaka');
  await main.getByRole('button', { name: 'Save' }).click();
  await expect(main.getByText('Working as Jo Tanaka')).toBeVisible();
  await main.getByLabel('Queue').selectOption({ label: 'Telequalifying' });
  await expect(main.getByRole('row').filter({ hasText: lead.name })).toContainText('Day-one greeting call');
  await snap(page, '14-task-inbox');

  await openGreeting(page, lead.name);
  await expect(main).toContainText(`Call · Telequalifying queue · for ${lead.name}`);
  // What marketing already sent is on the task, beside the call.
  const history = main.getByRole('list', { name: 'What marketing sent and how the lead responded' });
  await expect(history).toContainText("Email sent: “Welcome: here's the 2026 planning benchmark”");
  await expect(main.getByText('Welcome the new lead and ask whether we can help right away')).toBeVisible();

  await main.getByRole('button', { name: 'Claim as Jo Tanaka' }).click();
  await expect(main.getByRole('status').filter({ hasText: 'Claimed by Jo Tanaka.' })).toBeFocused();
  await expect(main.getByText('Claimed by you (Jo Tanaka).')).toBeVisible();
  await expect(main.getByRole('button', { name: 'Hand back to the queue' })).toBeVisible();

  await main.getByLabel('Note (optional)').fill('Left a voicemail, will try after lunch');
  await main.getByRole('button', { name: 'Log a call attempt' }).click();
  await expect(main.getByText('Call attempt 1 logged.')).toBeVisible();
  await expect(history).toContainText('Call attempt note: Left a voicemail, will try after lunch');

  // Disqualifying needs a reason, as the runtime requires.
  await main.getByRole('radio', { name: 'Disqualified (with reason)' }).check();
  await main.getByRole('button', { name: 'Complete task' }).click();
  await expect(main.getByRole('alert')).toContainText('Say why the lead is disqualified');
  await expect(main.getByLabel('Reason (required)')).toBeFocused();
  await main.getByRole('radio', { name: 'Not now' }).check();
  await main.getByRole('button', { name: 'Complete task' }).click();
  await expect(main.getByText('Completed: Not now. The lead moves on in its flow.')).toBeVisible();
  await expect(main.getByText('Done: Not now')).toBeVisible();
  await expect(main.getByRole('button', { name: 'Complete task' })).toBeHidden();
  await snap(page, '15-task-done');

  // The lead's page: facts, the flow it is in and where, and the call on its one shared timeline.
  await main.getByRole('link', { name: lead.name }).first().click();
  const leads = page.getByRole('main', { name: 'Leads' });
  await expect(leads.getByRole('heading', { level: 1, name: lead.name })).toBeFocused();
  const facts = leads.getByRole('region', { name: 'Facts' });
  await expect(facts.getByText('Northwind Traders')).toBeVisible();
  await expect(facts.getByText('Head of RevOps')).toBeVisible();
  await expect(facts.getByText('forecast accuracy')).toBeVisible();
  const flows = leads.getByRole('region', { name: 'Flows' });
  await expect(flows).toContainText('No hand-off: sales and marketing together from day one');
  await expect(flows).toContainText('Three weeks of marketing follow-ups');
  const timeline = leads.getByRole('list', { name: 'Timeline' });
  const completed = timeline
    .getByRole('listitem')
    .filter({ hasText: 'Telequalifying task “Day-one greeting call” completed: Not now' });
  await expect(completed).toContainText('Sales');
  await expect(completed).toHaveClass(/touch--sales/);
  await expect(
    timeline.getByRole('listitem').filter({ hasText: 'Email sent: “Welcome' }).first(),
  ).toHaveClass(/touch--marketing/);
  // Newest first by default; the toggle reads it from the start.
  await expect(timeline.getByRole('listitem').last()).toContainText(`Lead created: ${lead.name}`);
  await leads.getByRole('radio', { name: 'Oldest first' }).check();
  await expect(timeline.getByRole('listitem').first()).toContainText(`Lead created: ${lead.name}`);
  await snap(page, '16-lead-page');

  // Found again by search.
  await leads.getByRole('link', { name: '← All leads' }).click();
  await leads.getByLabel('Search leads').fill(lead.name);
  const found = leads.getByRole('row').filter({ hasText: lead.name });
  await expect(found).toHaveCount(1);
  await expect(found).toContainText('Inquiry');
});

test('a task someone else claimed meanwhile is refused in the runtime’s words, and the page catches up', async ({
  page,
}) => {
  const lead = await newLead(page, 'Ines Moreau');
  await page.goto('/#/tasks');
  const main = page.getByRole('main', { name: 'Tasks' });
  await main.getByLabel('Your name').fill('Jo Tanaka');
  await main.getByRole('button', { name: 'Save' }).click();
  await openGreeting(page, lead.name);

  // Another rep claims it from another screen while this page is open.
  const tasks = (await (
    await page.request.get(`/api/tasks?leadId=${lead.id}`, { headers: authHeaders })
  ).json()) as { id: string }[];
  const claimed = await page.request.post(`/api/tasks/${tasks[0]?.id}/claim`, {
    headers: authHeaders,
    data: { assignee: 'Sam Patel' },
  });
  expect(claimed.ok()).toBe(true);

  await main.getByRole('button', { name: 'Claim as Jo Tanaka' }).click();
  await expect(main.getByRole('alert')).toHaveText(
    'Task “Day-one greeting call” is already claimed by Sam Patel.',
  );
  await expect(main.getByText('Claimed by Sam Patel.', { exact: true })).toBeVisible();
});

test('a sales token limited to other queues is told so in the runtime’s words', async ({ page }) => {
  const lead = await newLead(page, 'Theo Lund');
  const tasks = (await (
    await page.request.get(`/api/tasks?leadId=${lead.id}`, { headers: authHeaders })
  ).json()) as { id: string }[];
  const created = await page.request.post('/api/tokens', {
    headers: authHeaders,
    data: { name: 'Field reps', role: 'sales', queues: ['fieldRep'] },
  });
  const { token } = (await created.json()) as { token: string };
  await page.addInitScript((t) => localStorage.setItem('tandem.token', t), token);

  await page.goto(`/#/tasks/${tasks[0]?.id}`);
  const main = page.getByRole('main', { name: 'Tasks' });
  await expect(main.getByRole('alert')).toHaveText(
    'This token works the Field rep queue; Telequalifying is not one of them.',
  );
  await main.getByRole('link', { name: '← All tasks' }).click();
  await expect(main.getByLabel('Queue').getByRole('option')).toHaveText(['All my queues', 'Field rep']);
});

test('a link with a broken id opens the area and says there is no such task or lead, Back included', async ({
  page,
}) => {
  await page.goto('/#/tasks/%ZZ');
  const tasks = page.getByRole('main', { name: 'Tasks' });
  await expect(tasks.getByRole('alert')).toHaveText('No task with id “%ZZ”.');
  await tasks.getByRole('link', { name: '← All tasks' }).click();
  await expect(tasks.getByRole('heading', { level: 1, name: 'Tasks' })).toBeFocused();
  // Pasted into the address bar of an open page: the area follows, the page is not left blank.
  await page.evaluate(() => {
    location.hash = '#/leads/%E0%A4%A';
  });
  await expect(page.getByRole('main', { name: 'Leads' }).getByRole('alert')).toHaveText(
    'No lead with id “%E0%A4%A”.',
  );
  await page.goBack();
  await expect(tasks.getByRole('heading', { level: 1, name: 'Tasks' })).toBeVisible();
});

test('marketing puts a lead into another flow from its page, and takes it out again', async ({ page }) => {
  const lead = await newLead(page, 'Noor Haddad');
  await page.goto(`/#/leads/${lead.id}`);
  const main = page.getByRole('main', { name: 'Leads' });
  const flows = main.getByRole('region', { name: 'Flows' });
  await flows.getByLabel('Enroll in').selectOption('recycled-lead-nurture');
  await flows.getByRole('button', { name: 'Enroll' }).click();
  await expect(
    main.getByRole('status').filter({ hasText: 'Enrolled in “Recycled lead nurture”.' }),
  ).toBeVisible();
  const row = flows.getByRole('row').filter({ hasText: 'Recycled lead nurture' });
  await expect(row).toContainText('In progress');
  await snap(page, '19-lead-enrolled');

  await row.getByRole('button', { name: 'Take out of Recycled lead nurture' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Take out' }).click();
  await expect(
    main.getByRole('status').filter({ hasText: 'Taken out of “Recycled lead nurture”.' }),
  ).toBeVisible();
  await expect(row).toContainText('Removed');
  await expect(main.getByRole('region', { name: 'Timeline' })).toContainText('Recycled lead nurture');
});
