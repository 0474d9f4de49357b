import { expect, test } from '@playwright/test';

/**
 * A 1,000-step flow: the canvas draws only the steps in view from the first frame, its connections start
 * at the handles of the cards drawn, and fitting the view still takes in the whole flow.
 */
test('a 1,000-step flow opens on the steps in view, with connections on their handles', async ({ page }) => {
  // The most step cards the page ever held while opening.
  await page.addInitScript(() => {
    const w = window as unknown as { mostCards: number };
    w.mostCards = 0;
    new MutationObserver(() => {
      w.mostCards = Math.max(w.mostCards, document.querySelectorAll('.react-flow__node').length);
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('/?generate=1000');
  await expect(page.getByTestId('step-n0')).toBeVisible();
  await page.waitForTimeout(500);
  const cards = await page.locator('.react-flow__node').count();
  expect(cards).toBeGreaterThan(5);
  expect(cards).toBeLessThan(100);
  expect(await page.evaluate(() => (window as unknown as { mostCards: number }).mostCards)).toBeLessThan(100);

  // Every drawn connection leaving a drawn card starts at that card's outcome handle.
  const gaps = await page.evaluate(() => {
    const out: { edge: string; gap: number }[] = [];
    for (const edge of document.querySelectorAll<SVGGElement>('.react-flow__edge')) {
      const path = edge.querySelector<SVGPathElement>('path.react-flow__edge-path');
      // Connections and steps are named by the steps' labels (“Connection from email 12 (Clicked) to …”,
      // “email 12, Email”), which are unique in a generated flow.
      const source = /^Connection from (.+?)(?: \([^)]*\))? to /.exec(
        edge.getAttribute('aria-label') ?? '',
      )?.[1];
      const matrix = path?.getScreenCTM();
      const card = source && document.querySelector(`.react-flow__node[aria-label^="${source}, "]`);
      if (!path || !matrix || !card) continue;
      const start = path.getPointAtLength(0).matrixTransform(matrix);
      const gap = Math.min(
        ...[...card.querySelectorAll('.react-flow__handle.source')].map((h) => {
          const box = h.getBoundingClientRect();
          return Math.hypot(start.x - box.right, start.y - (box.top + box.height / 2));
        }),
      );
      out.push({ edge: edge.getAttribute('data-id') ?? '', gap });
    }
    return out;
  });
  expect(gaps.length).toBeGreaterThan(5);
  for (const g of gaps) expect(g.gap, `connection ${g.edge}`).toBeLessThan(4);

  // Fit takes in every step, including the ones never drawn: the canvas switches to its zoomed-out view.
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await expect(page.locator('.canvas--far')).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(1000);
});
