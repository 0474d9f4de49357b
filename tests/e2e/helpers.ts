import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Locator, type Page } from '@playwright/test';

const screenshots = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');
mkdirSync(screenshots, { recursive: true });

/** Saves a screenshot of a key screen to tests/screenshots/. */
export async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshots, `${name}.png`) });
}

export const step = (page: Page, id: string): Locator => page.getByTestId(`step-${id}`);

/** Opens the designer fresh and starts a flow from a playbook (or the blank flow). */
export async function startFrom(page: Page, title: string | RegExp): Promise<void> {
  await page.goto('/');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await page.getByRole('button', { name: 'New from playbook…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: title }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  // Let the canvas finish fitting the new flow before anything is dropped on it.
  await page.waitForTimeout(500);
}

/** Drags with the mouse from one element's centre to another's, as a user draws a connection. */
export async function dragBetween(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('drag endpoints are not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

export async function dropOnCanvas(
  page: Page,
  kindTitle: string,
  at: { x: number; y: number },
): Promise<void> {
  const palette = page.getByRole('navigation', { name: 'Step palette' });
  await palette
    .getByRole('button', { name: new RegExp(`^Add ${kindTitle}:`) })
    .dragTo(page.locator('.react-flow__pane'), {
      targetPosition: at,
    });
}

/** A blank flow with an Email and a Goal side by side, the email's “Clicked” connected to the goal. */
export async function blankEmailToGoal(page: Page): Promise<void> {
  await startFrom(page, /^Blank flow/);
  await dropOnCanvas(page, 'Email', { x: 420, y: 200 });
  await dropOnCanvas(page, 'Goal', { x: 720, y: 200 });
  await dragBetween(
    page,
    step(page, 'email-1').getByLabel('Email: Clicked'),
    step(page, 'goal-1').locator('.react-flow__handle.target'),
  );
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
}
