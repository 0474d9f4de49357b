import { expect, type Locator, type Page, test } from '@playwright/test';
import { step } from './helpers.ts';
import { authHeaders } from './token.ts';

const KEY = 'tandem.designer.autosave';

/** entry → email → goal, plus a wait and a sales call nothing leads to yet. */
function flow(extra: { waitSettings?: unknown } = {}) {
  const node = (id: string, kind: string, label: string, x: number, y: number, settings: unknown = {}) => ({
    id,
    kind,
    label,
    owner: kind === 'salesCall' ? { team: 'sales', queue: 'insideSales' } : { team: 'marketing' },
    settings,
    terminal: [],
    position: { x, y },
  });
  return {
    schemaVersion: 1,
    id: 'kept-flow',
    name: 'Kept flow',
    entry: { trigger: { type: 'manual' }, reentry: { policy: 'never' } },
    nodes: [
      node('start', 'entry', 'Start', 0, 0),
      node('mail', 'email', 'Welcome', 350, 0, {
        template: 'welcome',
        subject: 'Hello',
        window: { amount: 3, unit: 'days' },
      }),
      node('done', 'goal', 'Done', 750, 0, { reason: 'Read it' }),
      node(
        'pause',
        'wait',
        'Pause',
        350,
        350,
        extra.waitSettings ?? { mode: 'duration', duration: { amount: 1, unit: 'days' } },
      ),
      node('call', 'salesCall', 'Call', 0, 350, { purpose: 'Say hi' }),
    ],
    edges: [
      { id: 'e1', source: 'start', outcome: 'next', target: 'mail' },
      { id: 'e2', source: 'mail', outcome: 'clicked', target: 'done' },
      { id: 'e3', source: 'mail', outcome: 'opened', target: 'done' },
      { id: 'e4', source: 'mail', outcome: 'noEngagement', target: 'done' },
    ],
  };
}

test('a flow with a value out of range comes back after a reload, with its issues', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  const kept = flow({ waitSettings: { mode: 'untilWeekday', weekdays: [], hour: 25, timezone: 'UTC' } });
  kept.nodes[1] = { ...(kept.nodes[1] as (typeof kept.nodes)[number]), label: 'W'.repeat(130) };
  await page.evaluate(
    ([key, text]) => localStorage.setItem(key as string, text as string),
    [KEY, JSON.stringify(kept)],
  );
  await page.reload();
  await expect(step(page, 'pause')).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(5);
  await expect(
    page.getByRole('status').filter({ hasText: 'Your flow from last time is back' }),
  ).toBeVisible();
  await expect(page.getByRole('tab', { name: /Issues/ })).not.toContainText(/^Issues0$/);
  // The canvas may still be fitting the restored flow into view: click again until the step is selected.
  await expect(async () => {
    await step(page, 'pause').click();
    await expect(page.getByRole('region', { name: 'Inspector' }).getByLabel('Hour')).toHaveValue('25', {
      timeout: 1000,
    });
  }).toPass({ timeout: 10_000 });
});

test('what was kept is not a flow: an example opens and the designer says why', async ({ page }) => {
  await page.goto('/');
  await page.evaluate((key) => localStorage.setItem(key, '{"nodes": "not steps"}'), KEY);
  await page.reload();
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'could not be read' })).toBeVisible();
});

/** Presses on `from`, moves onto `to` and lets go, calling `during` while still holding. */
async function drawConnection(page: Page, from: Locator, to: Locator, during?: () => Promise<void>) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('drag endpoints are not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await during?.();
  await page.mouse.up();
}

test.describe('with a sales token', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('only connections touching a sales step can be drawn, and the flow settings are read-only', async ({
    page,
    request,
  }) => {
    const created = await request.post('/api/tokens', {
      headers: authHeaders,
      data: { name: 'Sales drawer', role: 'sales', queues: ['insideSales'] },
    });
    expect(created.status()).toBe(201);
    const { token } = (await created.json()) as { token: string };
    // Marketing put the flow on the runtime; the sales user has it open in this browser.
    const saved = await request.put('/api/flows/kept-flow/draft', { headers: authHeaders, data: flow() });
    expect(saved.status()).toBe(200);
    await page.addInitScript(
      ([key, text, t]) => {
        if (!localStorage.getItem('tandem.token')) {
          localStorage.setItem('tandem.token', t as string);
          localStorage.setItem(key as string, text as string);
        }
      },
      [KEY, JSON.stringify(flow()), token],
    );
    await page.goto('/');
    await expect(page.getByText('Sales drawer · sales')).toBeVisible();
    await expect(step(page, 'pause')).toBeVisible();
    // Let the canvas finish fitting the flow before drawing on it.
    await page.waitForTimeout(500);
    const edges = page.locator('.react-flow__edge');
    await expect(edges).toHaveCount(4);

    // Marketing's wait to marketing's goal: refused while dragging, with the reason.
    await drawConnection(
      page,
      step(page, 'pause').getByLabel('Pause: Then'),
      step(page, 'done').locator('.react-flow__handle.target'),
      async () => {
        await expect(page.locator('.connect-hint')).toHaveText(
          'With a sales token you connect sales calls and meetings; other connections are marketing’s.',
        );
      },
    );
    await expect(edges).toHaveCount(4);

    // Into the sales call, and out of it: fine.
    await drawConnection(
      page,
      step(page, 'pause').getByLabel('Pause: Then'),
      step(page, 'call').locator('.react-flow__handle.target'),
    );
    await drawConnection(
      page,
      step(page, 'call').getByLabel('Call: Connected'),
      step(page, 'done').locator('.react-flow__handle.target'),
    );
    await expect(edges).toHaveCount(6);

    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await expect(inspector.getByLabel('Name')).toHaveAttribute('readonly', '');
    await expect(
      inspector.getByText(
        'With a sales token you add sales calls and meetings; other steps are marketing’s.',
      ),
    ).toBeVisible();

    // The runtime takes the sales user's draft: the designer drew nothing it refuses.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('button', { name: 'Replace its draft' }).click();
    await expect(page.getByText(/^Draft saved/)).toBeVisible();
  });
});
