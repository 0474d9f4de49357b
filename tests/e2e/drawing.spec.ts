import { expect, test } from '@playwright/test';
import { blankEmailToGoal, dragBetween, dropOnCanvas, snap, startFrom, step } from './helpers.ts';

test('a first-time user sees an example flow, not an empty screen', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  expect(await page.locator('.react-flow__node').count()).toBeGreaterThan(3);
  await expect(page.getByRole('tab', { name: /Issues/ })).toContainText('0');
  await snap(page, '01-first-run');
});

test('draw a flow: drop steps, connect outcomes, edit settings, fix validation, undo a delete', async ({
  page,
}) => {
  await startFrom(page, /^Blank flow/);
  await dropOnCanvas(page, 'Email', { x: 420, y: 200 });
  await expect(step(page, 'email-1')).toBeVisible();
  await dropOnCanvas(page, 'Goal', { x: 720, y: 200 });
  await expect(step(page, 'goal-1')).toBeVisible();

  // Connect the entry's "Next" to the email, and the email's "Clicked" to the goal.
  await dragBetween(
    page,
    step(page, 'start').getByLabel('New lead: Next'),
    step(page, 'email-1').locator('.react-flow__handle.target'),
  );
  await dragBetween(
    page,
    step(page, 'email-1').getByLabel('Email: Clicked'),
    step(page, 'goal-1').locator('.react-flow__handle.target'),
  );
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // A second connection on one outcome is refused while dragging.
  await dropOnCanvas(page, 'Wait', { x: 560, y: 520 });
  await dragBetween(
    page,
    step(page, 'start').getByLabel('New lead: Next'),
    step(page, 'wait-1').locator('.react-flow__handle.target'),
  );
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await page.keyboard.press('Delete');
  await expect(step(page, 'wait-1')).toHaveCount(0);

  // The new email has no subject yet: the inspector says so inline, the step is marked, publish is disabled.
  await step(page, 'email-1').click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByText('The email subject is required.')).toBeVisible();
  await expect(step(page, 'email-1')).toHaveClass(/step--invalid/);
  await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();
  await expect(page.locator('#publish-reason')).toContainText('Fix');
  await snap(page, '02-validation-errors');

  await inspector.getByLabel('Subject').fill('Your pipeline guide');
  await expect(inspector.getByText('The email subject is required.')).toBeHidden();
  await inspector.getByLabel('Template').fill('pipeline-guide');
  await inspector.getByLabel('Opened within 3 days →').selectOption({ label: 'Goal (goal-1)' });
  await inspector.getByLabel('No engagement →').selectOption({ label: 'Ends here' });
  await expect(page.getByRole('tab', { name: /Issues/ })).toContainText('0');
  await expect(step(page, 'email-1')).not.toHaveClass(/step--invalid/);
  await expect(page.getByRole('button', { name: 'Publish' })).toBeEnabled();
  await expect(step(page, 'email-1')).toContainText('“Your pipeline guide”');
  await snap(page, '03-valid-flow');

  // Delete the email, then undo.
  await step(page, 'email-1').click();
  await page.keyboard.press('Delete');
  await expect(step(page, 'email-1')).toHaveCount(0);
  await expect(page.getByRole('tab', { name: /Issues/ })).not.toContainText(/^Issues0$/);
  await page.keyboard.press('Control+z');
  await expect(step(page, 'email-1')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
});

test('a sales leader drops a sales call on a connection between two marketing steps', async ({ page }) => {
  await startFrom(page, /^Greet on day one/);
  const edge = page.getByTestId('insert-pause--done');
  await page
    .getByRole('navigation', { name: 'Step palette' })
    .getByRole('button', { name: /^Add Sales call:/ })
    .dragTo(edge);
  const call = step(page, 'salesCall-1');
  await expect(call).toBeVisible();
  await expect(call).toHaveClass(/step--sales/);
  await expect(call).toContainText('Telequalifying');
  // Every outcome of the new call continues to the step the connection led to, so the flow stays valid
  // once the call has a purpose.
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await inspector.getByLabel('Purpose').fill('Check in after the guide');
  await expect(page.getByRole('tab', { name: /Issues/ })).toContainText('0');
  await snap(page, '04-sales-call-inserted');
});

test('steps copied in one tab paste into another flow in another tab, through the system clipboard', async ({
  context,
  page,
}) => {
  await blankEmailToGoal(page);
  await page.keyboard.press('Control+a');
  await step(page, 'start').click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+c');

  const other = await context.newPage();
  await startFrom(other, /^Greet on day one/);
  const before = await other.locator('.react-flow__node').count();
  const edgesBefore = await other.locator('.react-flow__edge').count();
  await other.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await other.keyboard.press('Control+v');
  // The email and the goal arrive with fresh ids, connected like the originals; the entry step is not copied.
  await expect(other.locator('.react-flow__node')).toHaveCount(before + 2);
  await expect(other.locator('.react-flow__edge')).toHaveCount(edgesBefore + 1);
  await expect(step(other, 'email-1')).toBeVisible();
  await expect(step(other, 'goal-1')).toBeVisible();
  await other.close();
});

test('number fields take negative numbers and can be cleared while typing', async ({ page }) => {
  await startFrom(page, /^Blank flow/);
  await dropOnCanvas(page, 'Score', { x: 420, y: 200 });
  await step(page, 'score-1').click();
  const points = page.getByRole('region', { name: 'Inspector' }).getByLabel('Points');
  await points.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('-5');
  await expect(points).toHaveValue('-5');
  await expect(step(page, 'score-1')).toContainText('-5 points');
  // Left without a number, the field goes back to the last one.
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Tab');
  await expect(points).toHaveValue('-5');
});

test('steps added from the palette beside the selected one stay in view', async ({ page }) => {
  await startFrom(page, /^Blank flow/);
  await step(page, 'start').click();
  const palette = page.getByRole('navigation', { name: 'Step palette' });
  for (let i = 0; i < 6; i++) await palette.getByRole('button', { name: /^Add Wait:/ }).click();
  const last = step(page, 'wait-6');
  await expect(last).toBeVisible();
  await page.waitForTimeout(400); // the pan's animation
  const pane = await page.locator('.react-flow').boundingBox();
  const box = await last.boundingBox();
  expect(pane && box).toBeTruthy();
  if (pane && box) {
    expect(box.x).toBeGreaterThanOrEqual(pane.x);
    expect(box.x + box.width).toBeLessThanOrEqual(pane.x + pane.width);
  }
});
