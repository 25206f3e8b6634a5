import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
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
}, testInfo) => {
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
  // In a browser the export lands in the browser's downloads, not only on the server's disk.
  const downloading = page.waitForEvent('download');
  await dialog.getByTestId('export-submit').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^greenboard-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.sqlite$/);
  const downloaded = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(downloaded);
  expect(openAsHistory(downloaded).hosts).toContain('local');

  const result = dialog.getByTestId('export-result');
  await expect(result).toHaveAttribute('data-format', 'sqlite');
  // The summary names hosts as the board does: the local host by its name, not its id.
  await expect(result.getByTestId('export-hosts')).toHaveText(hostname());
  await expect(result).not.toContainText('File → Open history');
  const path = (await result.getByTestId('export-path').innerText()).trim();
  expect(dirname(path)).toBe(join(greenboard.dataDir, 'exports'));
  expect(path).toMatch(/greenboard-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.sqlite$/);
  expect(existsSync(path)).toBe(true);
  const opened = openAsHistory(path);
  expect(opened.hosts).toContain('local');
  expect(opened.range).not.toBeNull();
  await expect(result).toContainText(`1 host(s) (${hostname()})`);
  // "Save as…" is the desktop app's; a browser gets the path and a copy button.
  await expect(result.getByTestId('export-save-as')).toHaveCount(0);
  await result.getByTestId('export-copy').click();
  await expect(result.getByTestId('export-copy')).toHaveText('✓ Copied');
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(path);
  await page.screenshot({ path: join(SCREENSHOTS, 'export-result.png') });
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [900, 1440]) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: 800 });
      await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
      await page.screenshot({ path: join(SCREENSHOTS, `export-download-${colorScheme}-${width}.png`) });
    }
  }
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
  // Each CSV is its own download link.
  const links = result.getByTestId('export-download');
  await expect(links).toHaveCount(1);
  const csvDownloading = page.waitForEvent('download');
  await links.first().click();
  expect((await csvDownloading).suggestedFilename()).toMatch(/^[A-Za-z0-9._-]+-[0-9a-f]{12}\.csv$/);
  const folder = (await result.getByTestId('export-path').innerText()).trim();
  expect(folder).toMatch(/-csv$/);
  // One file, named by the host's name and a hash of its id.
  const [name] = readdirSync(folder);
  expect(name).toMatch(/^[A-Za-z0-9._-]+-[0-9a-f]{12}\.csv$/);
  const csv = readFileSync(join(folder, name!), 'utf8').split('\n');
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
