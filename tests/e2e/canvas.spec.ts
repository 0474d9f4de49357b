import { expect, type Page, test } from '@playwright/test';
import { blankEmailToGoal, dropOnCanvas, startFrom, step } from './helpers.ts';

/** Every pair of step cards whose boxes on screen overlap, as “a/b”. */
function overlappingCards(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cards = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((n) => ({
      id: n.dataset.id ?? '',
      box: n.getBoundingClientRect(),
    }));
    return cards.flatMap((a, i) =>
      cards
        .slice(i + 1)
        .filter(
          ({ box: b }) =>
            a.box.left < b.right && b.left < a.box.right && a.box.top < b.bottom && b.top < a.box.bottom,
        )
        .map((b) => `${a.id}/${b.id}`),
    );
  });
}

test('a step inserted with + between two close steps gets room, and one undo takes it back out', async ({
  page,
}) => {
  // Side by side, 36 px apart: the connection's midpoint is no place for a 264 px card.
  await blankEmailToGoal(page);
  expect(await overlappingCards(page)).toEqual([]);
  const goalBefore = await step(page, 'goal-1').boundingBox();

  await page.getByTestId('insert-email-1--clicked').getByRole('button').click();
  await page.getByRole('menuitem', { name: 'Wait' }).click();
  const wait = step(page, 'wait-1');
  await expect(wait).toBeVisible();
  expect(await overlappingCards(page)).toEqual([]);
  // The flow still reads left to right: email, the new wait, then the goal, moved along.
  const [email, added, goal] = await Promise.all(
    [step(page, 'email-1'), wait, step(page, 'goal-1')].map((s) => s.boundingBox()),
  );
  if (!email || !added || !goal || !goalBefore) throw new Error('a card is not drawn');
  expect(added.x).toBeGreaterThan(email.x + email.width);
  expect(goal.x).toBeGreaterThan(added.x + added.width);
  expect(goal.x).toBeGreaterThan(goalBefore.x);

  // One undo: the wait is gone and the goal is back where it was.
  await page.keyboard.press('Control+z');
  await expect(wait).toHaveCount(0);
  await expect.poll(() => step(page, 'goal-1').boundingBox()).toEqual(goalBefore);
  await expect(page.getByTestId('insert-email-1--clicked')).toHaveCount(1);
});

test('connections and their + are named by the steps’ labels, and Tab reaches the steps before any connection', async ({
  page,
}) => {
  await startFrom(page, /^Greet on day one/);
  // “pause” and “caseStudy” are ids; people know the steps by their labels.
  await expect(
    page.getByRole('button', { name: 'Insert a step between Give it a week and Customer story' }),
  ).toHaveCount(1);
  await expect(page.getByTestId('rf__edge-pause--done')).toHaveAccessibleName(
    'Connection from Give it a week to Customer story',
  );
  // A step with several outcomes: the outcome tells its connections apart.
  await expect(
    page.getByRole('button', {
      name: /^Insert a step between Pipeline guide \(Opened.*\) and Give it a week$/,
    }),
  ).toHaveCount(1);
  await expect(page.getByTestId('rf__edge-guide--noEngagement')).toHaveAccessibleName(
    'Connection from Pipeline guide (No engagement) to Give it a week',
  );
  for (const name of await page
    .locator('.edge-insert__button')
    .evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label') ?? '')))
    expect(name).not.toMatch(/\b(start|greet|pause|caseStudy|mql|checkin|recycleNoAnswer|recycleDq|won)\b/);

  // Renamed, a step renames its connections; with no label, its id stands in.
  await step(page, 'pause').click();
  const label = page.getByRole('region', { name: 'Inspector' }).getByLabel('Label', { exact: true });
  await label.fill('One quiet week');
  await expect(page.getByTestId('rf__edge-pause--done')).toHaveAccessibleName(
    'Connection from One quiet week to Customer story',
  );
  await label.fill('');
  await expect(
    page.getByRole('button', { name: 'Insert a step between pause and Customer story' }),
  ).toHaveCount(1);

  // From the canvas, Tab goes through every step before anything on a connection.
  const steps = await page.locator('.react-flow__node').count();
  await page.locator('.react-flow__pane').click({ position: { x: 300, y: 20 } });
  const visited: string[] = [];
  for (let i = 0; i <= steps; i++) {
    await page.keyboard.press('Tab');
    visited.push(
      await page.evaluate(() => {
        const el = document.activeElement;
        if (el?.classList.contains('react-flow__node')) return 'step';
        if (el?.closest('.react-flow__edge')) return 'connection';
        if (el?.classList.contains('edge-insert__button')) return 'insert';
        return el?.tagName ?? 'none';
      }),
    );
  }
  expect(visited).toEqual([...Array(steps).fill('step'), 'insert']);
  await expect(page.locator('.react-flow__edge[tabindex]')).toHaveCount(0);
});

test('a Wait card shows the time zone of the date or weekday it waits until', async ({ page }) => {
  await startFrom(page, /^Blank flow/);
  await dropOnCanvas(page, 'Wait', { x: 420, y: 200 });
  const wait = step(page, 'wait-1');
  await wait.click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await inspector.getByLabel('Mode', { exact: true }).selectOption({ label: 'Until date' });
  await inspector.getByLabel('Date', { exact: true }).fill('2026-12-01T09:00:00+01:00');
  await expect(wait.locator('.step__summary')).toHaveText('Until 2026-12-01 09:00 (UTC+01:00)');
  await inspector.getByLabel('Date', { exact: true }).fill('2026-12-01T09:00:00Z');
  await expect(wait.locator('.step__summary')).toHaveText('Until 2026-12-01 09:00 (UTC)');

  await inspector.getByLabel('Mode', { exact: true }).selectOption({ label: 'Until weekday' });
  await expect(wait.locator('.step__summary')).toContainText('(UTC)');
  await inspector.getByLabel('Timezone', { exact: true }).fill('Europe/Paris');
  await expect(wait.locator('.step__summary')).toHaveText(/^Until .* \d\d:00 \(Europe\/Paris\)$/);
});

test('a + menu is drawn above the other connections’ +, one is open at a time, and Escape or a click elsewhere closes it', async ({
  page,
}) => {
  await startFrom(page, /^Recycled lead/);
  const plus = page.locator('.edge-insert__button');
  const first = plus.nth(0);
  await first.click({ force: true });
  const menu = page.getByRole('menu');
  await expect(menu).toHaveCount(1);
  // Each item is what a click at its centre reaches: no other “+” covers it.
  for (const item of await menu.getByRole('menuitem').all()) {
    const box = await item.boundingBox();
    if (!box) continue;
    const hit = await page.evaluate(
      ({ x, y }) => document.elementFromPoint(x, y)?.closest('[role="menuitem"]')?.textContent ?? null,
      { x: box.x + box.width / 2, y: box.y + box.height / 2 },
    );
    expect(hit).toBe(await item.textContent());
  }
  // Opening another closes the first.
  await plus.nth(3).click({ force: true });
  await expect(page.getByRole('menu')).toHaveCount(1);
  await expect(first).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await plus.nth(3).click({ force: true });
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await expect(page.getByRole('menu')).toHaveCount(0);
});

test('the canvas comes back where it was left after a visit to another area', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await page.waitForTimeout(500);
  await page.getByRole('button', { name: /zoom in/i }).click();
  await page.mouse.move(700, 500);
  await page.mouse.down();
  await page.mouse.move(560, 430, { steps: 5 });
  await page.mouse.up();
  await page.waitForTimeout(400);
  const viewport = page.locator('.react-flow__viewport');
  const before = await viewport.getAttribute('style');
  await page.getByRole('link', { name: 'Leads' }).click();
  await expect(page.getByRole('main', { name: 'Leads' })).toBeVisible();
  await page.getByRole('link', { name: 'Journeys' }).click();
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await page.waitForTimeout(400);
  expect(await viewport.getAttribute('style')).toBe(before);
});
