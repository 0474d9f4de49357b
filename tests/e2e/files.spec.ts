import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { snap, startFrom, step } from './helpers.ts';

test('export a flow as JSON, import it back changed, and refuse a broken file with the reason', async ({
  page,
}) => {
  await startFrom(page, /^Recycled lead nurture/);
  // The runtime already has the playbook's own flow, so the new flow gets a free id of its own.
  await expect(page.getByRole('status')).toContainText('with the id “recycled-lead-nurture-2”');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('recycled-lead-nurture-2.json');
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(exported.id).toBe('recycled-lead-nurture-2');
  expect(exported.nodes.length).toBeGreaterThan(10);

  // Someone edits the file outside the designer: a new name and a renamed step.
  exported.id = 'recycled-lead-nurture-emea';
  exported.name = 'Recycled lead nurture (EMEA)';
  const call = exported.nodes.find((n: { kind: string }) => n.kind === 'salesCall');
  call.label = 'EMEA teleprospecting call';
  const edited = join(tmpdir(), `tandem-import-${Date.now()}.json`);
  writeFileSync(edited, JSON.stringify(exported));
  await page.getByLabel('Import flow JSON file').setInputFiles(edited);
  await expect(page.getByRole('status')).toContainText('Imported “Recycled lead nurture (EMEA)”.');
  await expect(step(page, call.id)).toContainText('EMEA teleprospecting call');
  await expect(page.getByRole('tab', { name: /Issues/ })).toContainText('0');
  await snap(page, '11-imported');

  const broken = join(tmpdir(), `tandem-broken-${Date.now()}.json`);
  writeFileSync(broken, JSON.stringify({ ...exported, nodes: [{ id: 'x', kind: 'fax' }] }));
  await page.getByLabel('Import flow JSON file').setInputFiles(broken);
  await expect(page.getByRole('status')).toContainText('Could not import');
  // Nothing was replaced: the imported flow is still on the canvas.
  await expect(step(page, call.id)).toContainText('EMEA teleprospecting call');
});
