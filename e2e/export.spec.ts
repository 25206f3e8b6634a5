import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openHistoryCopy } from '../electron/engine/store/historyCopy';
import { expect, SCREENSHOTS, startServe, stopServe, test } from './fixtures';

// Quick polls, so there is some history to export within a second or two.
test.use({ serveArgs: ['--interval-ms', '250'] });

/** Opens a file the way "Open history…" and `serve --history` do, and lists what it holds. */
function openAsHistory(file: string): { hosts: string[]; range: { fromTs: number; toTs: number } | null } {
  const { store, cleanup } = openHistoryCopy(file);
  try {
    return { hosts: store.listHosts().map((h) => h.id), range: store.timeRange() };
  } finally {
    store.close();
    cleanup();
  }
}

test('history is exported from the board as a Greenboard file, and as CSV for chosen hosts', async ({
  page,
  context,
  greenboard,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: greenboard.origin });
  await page.goto(greenboard.url);
  const card = page.locator('[data-testid="host-card"][data-host-id="local"]');
  await expect(card).toHaveAttribute('data-state', /^(green|amber|red)$/);

  await page.getByTestId('export-open').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('export-format-sqlite')).toBeChecked();
  await dialog.getByTestId('export-range').selectOption('all');
  await page.screenshot({ path: join(SCREENSHOTS, 'export-dialog.png') });
  await dialog.getByTestId('export-submit').click();

  const result = dialog.getByTestId('export-result');
  await expect(result).toHaveAttribute('data-format', 'sqlite');
  const path = (await result.getByTestId('export-path').innerText()).trim();
  expect(dirname(path)).toBe(join(greenboard.dataDir, 'exports'));
  expect(path).toMatch(/greenboard-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.sqlite$/);
  expect(existsSync(path)).toBe(true);
  const opened = openAsHistory(path);
  expect(opened.hosts).toContain('local');
  expect(opened.range).not.toBeNull();
  await expect(result).toContainText('1 host(s) (local)');
  // "Save as…" is the desktop app's; a browser gets the path and a copy button.
  await expect(result.getByTestId('export-save-as')).toHaveCount(0);
  await result.getByTestId('export-copy').click();
  await expect(result.getByTestId('export-copy')).toHaveText('✓ Copied');
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(path);
  await page.screenshot({ path: join(SCREENSHOTS, 'export-result.png') });
  await result.getByTestId('export-done').click();
  await expect(dialog).toBeHidden();

  // CSV of chosen hosts over the last 24 hours: one file per host, in a folder of its own.
  await page.getByTestId('export-open').click();
  await dialog.getByTestId('export-format-csv').check();
  await dialog.getByTestId('export-some-hosts').check();
  await dialog.getByTestId('export-submit').click();
  await expect(dialog.getByTestId('export-error')).toContainText('Choose at least one host');
  await dialog.locator('[data-testid="export-host"][data-host-id="local"]').check();
  await dialog.getByTestId('export-submit').click();
  await expect(result).toHaveAttribute('data-format', 'csv');
  const folder = (await result.getByTestId('export-path').innerText()).trim();
  expect(folder).toMatch(/-csv$/);
  const csv = readFileSync(join(folder, 'local.csv'), 'utf8').split('\n');
  expect(csv[0]).toBe('time,metric,labels,value');
  expect(csv[1]).toMatch(/^\d{4}-\d\d-\d\dT.*Z,[a-z_.]+,/);
});

test('a saved history under review can be exported too (it is only read)', async ({ page }, testInfo) => {
  // Record a little history, export it, then review that export and export from it again.
  const { served: live, child: liveChild } = await startServe(testInfo.outputPath('live'), [
    '--interval-ms',
    '250',
  ]);
  let file: string;
  try {
    await page.goto(live.url);
    const card = page.locator('[data-testid="host-card"][data-host-id="local"]');
    await expect(card).toHaveAttribute('data-state', /^(green|amber|red)$/);
    await page.getByTestId('export-open').click();
    await page.getByTestId('export-submit').click();
    file = (await page.getByTestId('export-path').innerText()).trim();
  } finally {
    await stopServe(liveChild);
  }

  const reviewDir = testInfo.outputPath('review');
  const { served, child } = await startServe(reviewDir, ['--history', file]);
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('history-banner')).toContainText(file);
    await page.getByTestId('export-open').click();
    const dialog = page.getByTestId('export-dialog');
    await expect(dialog).toContainText('Counted back from the last sample in this history.');
    await dialog.getByTestId('export-submit').click();
    const path = (await dialog.getByTestId('export-path').innerText()).trim();
    expect(dirname(path)).toBe(join(reviewDir, 'exports'));
    expect(openAsHistory(path).hosts).toContain('local');
    await page.screenshot({ path: join(SCREENSHOTS, 'export-from-history.png') });
  } finally {
    await stopServe(child);
  }
});
