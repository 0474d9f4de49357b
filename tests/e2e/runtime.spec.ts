import { expect, type Page, test } from '@playwright/test';
import { snap, startFrom, step } from './helpers.ts';
import { adminToken, authHeaders } from './token.ts';

/** Starts the "Greet on day one" playbook and publishes it; answers the Runtime panel and the flow's id. */
async function publishGreetPlaybook(page: Page) {
  await startFrom(page, /^Greet on day one/);
  await page.getByRole('button', { name: 'Publish' }).click();
  const runtime = page.getByRole('region', { name: 'Runtime' });
  await expect(
    runtime.getByText(/Published “Greet on day one, nurture, recycle” as version \d+/),
  ).toBeVisible();
  // A flow started from a playbook gets an id of its own when the runtime already uses the playbook's.
  const flowId = (await runtime.locator('code').first().textContent()) ?? '';
  return { runtime, flowId };
}

test('publish, enroll a lead through the API and see the count on the canvas', async ({ page, request }) => {
  const { runtime, flowId } = await publishGreetPlaybook(page);
  expect(flowId).toMatch(/^greet-and-nurture(-\d+)?$/);
  await expect(runtime.getByRole('checkbox', { name: /Show live counts for version/ })).toBeChecked();
  await snap(page, '05-published');

  const lead = await request.post('/api/leads', {
    headers: authHeaders,
    data: { externalId: `e2e-${Date.now()}`, email: `ann.${Date.now()}@example.com`, name: 'Ann Example' },
  });
  expect(lead.ok()).toBe(true);
  const { id } = (await lead.json()) as { id: string };
  const enrolled = await request.post(`/api/flows/${flowId}/enrollments`, {
    headers: authHeaders,
    data: { leadId: id },
  });
  expect(enrolled.status()).toBe(201);

  await expect(page.getByTestId('stats-greet')).toContainText('1 here now', { timeout: 15_000 });
  await expect(page.getByTestId('stats-start')).toContainText('1 entered');
  await snap(page, '06-live-counts');

  // The count is one click from who is there; Back returns to the canvas.
  await page.getByTestId('stats-greet').getByRole('link', { name: '1 here now' }).click();
  const leads = page.getByRole('main', { name: 'Leads' });
  await expect(leads.getByRole('heading', { name: 'At “Day-one greeting call”' })).toBeVisible();
  await expect(leads.getByRole('link', { name: 'Ann Example' })).toBeVisible();
  await snap(page, '18-leads-at-step');
  await page.goBack();
  await expect(page.getByTestId('stats-greet')).toContainText('1 here now');

  // The published version opens read-only from the version list.
  await runtime
    .getByRole('button', { name: /^Open v\d+$/ })
    .first()
    .click();
  await expect(page.locator('.toolbar')).toContainText('read-only');
  await page.waitForTimeout(500);
  await step(page, 'greet').click();
  await expect(
    page.getByRole('region', { name: 'Inspector' }).getByText('This published version is read-only.'),
  ).toBeVisible();
});

test('simulate a test lead down a recycle path', async ({ page }) => {
  await startFrom(page, /^Greet on day one/);
  await page.getByRole('tab', { name: /Simulate/ }).click();
  await page.getByRole('button', { name: /Start test lead/ }).click();
  await expect(step(page, 'greet')).toHaveClass(/step--sim-active/);
  await page.getByRole('button', { name: 'No answer after 3 attempts', exact: true }).click();
  await expect(step(page, 'recycleNoAnswer')).toHaveClass(/step--sim-active/);
  await expect(step(page, 'greet')).toHaveClass(/step--sim-visited/);
  await page.getByRole('button', { name: /Cooldown over/ }).click();
  await expect(step(page, 'guide')).toHaveClass(/step--sim-active/);
  const log = page.getByRole('list', { name: 'Step log' });
  await expect(log).toContainText('Telequalifying task created: Day-one greeting call');
  await expect(log).toContainText('Recycled: Tried calling, no answer');
  await expect(log).toContainText('Email sent: “5 signs your pipeline is leaking leads”');
  // entry → call, call → recycle ("no answer"), and the dashed recycle link back to the guide email.
  await expect(page.locator('.edge--taken')).toHaveCount(3);
  await expect(page.locator('.edge--link.edge--taken')).toHaveCount(1);
  await snap(page, '07-simulation-recycle');

  await page.getByRole('button', { name: /Step back/ }).click();
  await expect(step(page, 'recycleNoAnswer')).toHaveClass(/step--sim-active/);
  await page.getByRole('button', { name: /Restart/ }).click();
  await expect(step(page, 'greet')).toHaveClass(/step--sim-active/);
});

test('the compiled XState config is one click away', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'XState' }).click();
  await expect(page.getByRole('dialog')).toContainText('"initial"');
  await snap(page, '08-xstate-config');
});

test.describe('access', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a new browser is asked for a token, and a sales token cannot publish', async ({ page, request }) => {
    await page.goto('/');
    const dialog = page.getByRole('dialog', { name: 'Connect to the runtime' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel('API token')).toBeFocused();
    await snap(page, '09-token-prompt');
    await dialog.getByLabel('API token').fill('tdm_not-a-real-token-000000');
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await expect(dialog.getByRole('alert')).toBeVisible();

    // An admin creates a sales token through the API; the sales leader signs in with it.
    const created = await request.post('/api/tokens', {
      headers: authHeaders,
      data: { name: 'Inside sales lead', role: 'sales', queues: ['insideSales'] },
    });
    expect(created.status()).toBe(201);
    const { token } = (await created.json()) as { token: string };
    expect(token).not.toBe(adminToken);
    await dialog.getByLabel('API token').fill(token);
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Inside sales lead · sales')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();
    await expect(
      page.getByText('Sales tokens add sales steps to drafts; marketing ops publish.'),
    ).toBeVisible();
    const palette = page.getByRole('navigation', { name: 'Step palette' });
    await expect(palette.getByRole('button', { name: /^Add Sales call:/ })).toBeEnabled();
    await expect(palette.getByRole('button', { name: /^Add Email:/ })).toBeDisabled();
    await snap(page, '10-sales-role');
  });
});

test('the API docs page renders Swagger UI from this server alone', async ({ page }) => {
  const remote: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://localhost')) remote.push(r.url());
  });
  await page.goto('/api/docs');
  await expect(page.getByRole('heading', { name: /Tandem runtime API/ })).toBeVisible();
  await expect(page.getByText('/api/events/batch').first()).toBeVisible();
  expect(remote).toEqual([]);
});

test('after publishing a fix, the leads already in the flow move to the new version', async ({
  page,
  request,
}) => {
  const { runtime, flowId } = await publishGreetPlaybook(page);
  const lead = await request.post('/api/leads', {
    headers: authHeaders,
    data: { externalId: `move-${Date.now()}`, email: `move.${Date.now()}@example.com` },
  });
  const { id } = (await lead.json()) as { id: string };
  expect(
    (
      await request.post(`/api/flows/${flowId}/enrollments`, { headers: authHeaders, data: { leadId: id } })
    ).status(),
  ).toBe(201);

  // A fix: the day-one call gets a clearer name; the lead waiting at it can go on in the new version.
  await step(page, 'greet').click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await inspector.getByLabel('Label', { exact: true }).fill('Day-one greeting call (v2)');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('tab', { name: /Runtime/ }).click();
  const offer = runtime.getByRole('region', { name: 'Leads on other versions' });
  await expect(offer).toContainText('1 lead is in progress on other versions of this flow.');
  await snap(page, '17-move-leads');
  await offer.getByRole('button', { name: /^Move 1 lead to version \d+$/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Move 1 lead' }).click();
  await expect(runtime.getByText(/^Moved 1 lead to version \d+\.$/)).toBeVisible();
  await expect(offer).toBeHidden();

  const after = await request.get(`/api/leads/${id}`, { headers: authHeaders });
  const body = (await after.json()) as { enrollments: { flowId: string; version: number }[] };
  expect(body.enrollments.find((e) => e.flowId === flowId)?.version).toBeGreaterThan(1);
});
