import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, SCREENSHOTS, startServe, stopServe, test } from './fixtures';

const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

test('a saved history opens read-only in the browser, with its file and time range shown', async ({
  page,
}, testInfo) => {
  // Record a small history: `greenboard status` polls this machine and stores the samples.
  const recorded = testInfo.outputPath('recorded');
  for (let i = 0; i < 3; i++) {
    const status = spawnSync(process.execPath, ['bin/greenboard.js', 'status', '--data-dir', recorded], {
      encoding: 'utf8',
    });
    expect(status.status, status.stderr).toBe(0);
  }
  const file = join(recorded, 'greenboard.sqlite');
  const before = sha(file);

  const { served, child } = await startServe(testInfo.outputPath('unused'), ['--history', file]);
  try {
    await page.goto(served.url);
    const banner = page.getByTestId('history-banner');
    await expect(banner).toContainText('Saved history, read-only');
    await expect(banner).toContainText(file);
    const card = page.locator('[data-testid="host-card"][data-host-id="local"]');
    // The state it had when recorded, not "waiting" or grey "no data".
    await expect(card).toHaveAttribute('data-state', /^(green|amber|red)$/);
    await expect(card.getByTestId('card-mem')).toContainText('GiB');
    await page.screenshot({ path: join(SCREENSHOTS, 'history-board.png') });
    // The host page charts the stored samples, over a range ending at the file's last sample.
    await card.click();
    await expect(page.getByTestId('range-picker')).toBeVisible();
    await expect(page.getByTestId('range-picker').getByRole('button', { name: 'Live' })).toHaveCount(0);
    await page.getByTestId('range-picker').getByRole('button', { name: '15 min' }).click();
    await expect(page.getByTestId('host-chart')).toHaveAttribute('data-points', /^[23]$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'history-host.png') });
    // Changes are refused by the server, with the reason.
    const res = await page.request.post(`${served.origin}/api/settings:set`, {
      headers: { authorization: `Bearer ${served.token}` },
      data: { localIntervalMs: 1000 },
    });
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('read-only');
  } finally {
    await stopServe(child);
  }
  expect(sha(file)).toBe(before);
});
