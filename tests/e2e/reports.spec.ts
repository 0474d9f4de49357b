import { expect, type Locator, test } from '@playwright/test';
import { snap } from './helpers.ts';
import { authHeaders } from './token.ts';

/** The row headed `header` in `table`. */
const rowOf = (table: Locator, header: string) =>
  table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: header, exact: true }) });

test('a reason sales gives for a disqualification is counted in Reports', async ({ page, request }) => {
  // A lead in the recycled-lead nurture playbook (published at start): its teleprospecting call comes first.
  const stamp = Date.now();
  const lead = await request.post('/api/leads', {
    headers: authHeaders,
    data: { externalId: `reports-${stamp}`, email: `dana.${stamp}@example.com`, name: 'Dana Reports' },
  });
  expect(lead.ok()).toBe(true);
  const { id } = (await lead.json()) as { id: string };
  const enrolled = await request.post('/api/flows/recycled-lead-nurture/enrollments', {
    headers: authHeaders,
    data: { leadId: id },
  });
  expect(enrolled.status()).toBe(201);
  const tasks = (await (await request.get(`/api/tasks?leadId=${id}`, { headers: authHeaders })).json()) as {
    id: string;
    flowId: string;
  }[];
  const call = tasks.find((t) => t.flowId === 'recycled-lead-nurture');
  expect(call).toBeTruthy();
  // The reason is this test's own, so its count is exactly the one disqualification made here.
  const reason = `Wrong number on file (${stamp})`;
  const done = await request.post(`/api/tasks/${call?.id}/complete`, {
    headers: authHeaders,
    data: { outcome: 'disqualified', reason },
  });
  expect(done.status()).toBe(200);

  await page.goto('/#/reports');
  const reports = page.getByRole('main', { name: 'Reports' });
  const waterfall = reports.getByRole('region', { name: 'Demand waterfall' });
  await expect(waterfall.getByRole('table', { name: 'Leads by lifecycle stage now' })).toBeVisible();
  const disqualified = waterfall.getByRole('table', { name: 'Disqualifications by reason' });
  await expect(rowOf(disqualified, reason).getByRole('cell').first()).toHaveText('1');
  // The playbook's recycle step after a disqualification gives the recycle its own reason.
  const recycled = waterfall.getByRole('table', { name: 'Recycles by the recycle step’s reason' });
  await expect(recycled.getByRole('rowheader', { name: 'Disqualified by teleprospecting' })).toBeVisible();
  await expect(reports.getByText(/^Updated at /)).toBeVisible();

  // The call's task notice went through the outbox (the e2e runtime captures messages instead of sending).
  const messages = reports.getByRole('region', { name: 'Messages' });
  await expect(
    rowOf(messages.getByRole('table', { name: 'Messages per channel and status' }), 'task'),
  ).toContainText('capture (recorded here, not sent)');

  const flows = reports.getByRole('region', { name: 'Per flow' });
  await expect(rowOf(flows, 'Recycled lead nurture (recycled-lead-nurture)')).toBeVisible();
  await snap(page, '12-reports');

  // The flow opens on the canvas, read-only, at its latest version.
  await flows.getByRole('link', { name: /^Open Recycled lead nurture, version \d+, on the canvas$/ }).click();
  await expect(page.getByRole('main', { name: 'Reports' })).toBeHidden();
  await expect(page.locator('.toolbar')).toContainText('read-only');
  await expect(page.getByTestId('step-tp-call')).toBeVisible();
});

test.describe('with a sales token', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a sales leader reads the waterfall, and is told plainly what the token may not read', async ({
    page,
    request,
  }) => {
    const created = await request.post('/api/tokens', {
      headers: authHeaders,
      data: { name: 'Sales leader', role: 'sales' },
    });
    expect(created.status()).toBe(201);
    const { token } = (await created.json()) as { token: string };
    await page.addInitScript((t) => localStorage.setItem('tandem.token', t), token);
    await page.goto('/#/reports');
    const reports = page.getByRole('main', { name: 'Reports' });
    await expect(reports.getByRole('table', { name: 'Disqualifications by reason' })).toBeVisible();
    await expect(reports.getByRole('region', { name: 'Messages' })).toContainText(
      'Not with this token. A sales token may not GET /api/outbox/counts; this needs one of: admin, marketing.',
    );
    await expect(reports.getByRole('region', { name: 'Per flow' })).toContainText(
      'A sales token may not GET /api/flows/:id/versions/:version/stats; this needs one of: admin, marketing.',
    );
    await snap(page, '13-reports-sales');
  });
});
