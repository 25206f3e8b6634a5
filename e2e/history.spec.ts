import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSample } from '../electron/engine/testing/fakes';
import { AlertLog } from '../electron/engine/store/alertLog';
import { Store } from '../electron/engine/store/store';
import { expect, SCREENSHOTS, startServe, stopServe, test } from './fixtures';

const GiB = 2 ** 30;

const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

test('a saved history opens read-only in the browser, with its file and time range shown', async ({
  page,
}, testInfo) => {
  // Record a small history: `greenboard status` polls this machine and stores the samples. Each
  // run's poll comes 2 s after its start, so the samples are over 2 s apart: each its own point on
  // the 15-minute chart below (600 points of 1.5 s), however fast the command starts.
  const recorded = testInfo.outputPath('recorded');
  for (let i = 0; i < 3; i++) {
    const args = ['bin/greenboard.js', 'status', '--window-ms', '2000', '--data-dir', recorded];
    const status = spawnSync(process.execPath, args, { encoding: 'utf8' });
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
    // Nothing that would change the history, or needs a live host, is offered.
    await expect(page.getByTestId('add-host')).toHaveCount(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'history-board.png') });
    // The host page charts the stored samples, over a range ending at the file's last sample.
    await card.click();
    await expect(page.getByTestId('range-picker')).toBeVisible();
    await expect(page.getByTestId('diagnostics')).toHaveCount(0);
    await expect(page.getByTestId('range-picker').getByRole('button', { name: 'Live' })).toHaveCount(0);
    await page.getByTestId('range-picker').getByRole('button', { name: '15 min' }).click();
    await expect(page.locator('[data-testid="host-chart"][data-chart="cpu"]')).toHaveAttribute(
      'data-points',
      /^[23]$/,
    );
    await expect(page.getByTestId('chart-resolution')).toContainText('Each point is a stored poll');
    // A custom range: from/to fields, same chart.
    await page.getByTestId('range-picker').getByRole('button', { name: 'Custom' }).click();
    await expect(page.getByTestId('custom-range')).toBeVisible();
    // The last 6 hours in 600 buckets of 36 s: the few seconds recorded fall in one or two.
    await expect(page.locator('[data-testid="host-chart"][data-chart="cpu"]')).toHaveAttribute(
      'data-points',
      /^[12]$/,
    );
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

test('the time scrubber shows the board as it was at a past moment', async ({ page }, testInfo) => {
  // A history in which memory was high early on and fine at the end.
  const file = testInfo.outputPath('scrub.sqlite');
  const store = new Store(file);
  store.upsertHost({ id: 'local', name: 'box-1', kind: 'local', intervalMs: 2000, tags: [] }, 0);
  const t0 = Date.UTC(2026, 5, 1, 12, 0, 0);
  for (let i = 0; i < 20; i++) {
    const used = i < 10 ? 93 : 20;
    store.writeSample(
      makeSample('local', t0 + i * 2000, {
        mem: { totalBytes: 100 * GiB, usedBytes: used * GiB, availableBytes: (100 - used) * GiB },
      }),
    );
  }
  // What the rule engine logged while recording: memory warn from the start, ok after 20 s.
  const log = new AlertLog(store.db);
  const change = (from: 'ok' | 'warn', to: 'ok' | 'warn', at: number, reason: string) =>
    log.insert({
      hostId: 'local',
      signal: 'memory',
      kind: 'memory',
      from,
      to,
      at,
      value: null,
      threshold: null,
      reason,
      notice: null,
    });
  change('ok', 'warn', t0, 'memory 93% ≥ 90%');
  change('warn', 'ok', t0 + 20_000, 'memory 20% < 85%');
  store.close();

  const { served, child } = await startServe(testInfo.outputPath('unused'), ['--history', file]);
  try {
    await page.goto(served.url);
    const card = page.locator('[data-testid="host-card"][data-host-id="local"]');
    await expect(card).toHaveAttribute('data-state', 'green');
    const scrubber = page.getByTestId('time-scrubber-input');
    await scrubber.focus();
    await page.keyboard.press('Home'); // the first moment the file holds
    await expect(card).toHaveAttribute('data-state', 'amber');
    await expect(card.getByTestId('card-reason')).toContainText(/memory 93% ≥ 90%/i);
    await expect(page.getByTestId('summary-amber')).toHaveText(/1/);
    await page.screenshot({ path: join(SCREENSHOTS, 'history-scrubbed.png') });
    await page.getByTestId('time-scrubber-now').click();
    await expect(card).toHaveAttribute('data-state', 'green');
  } finally {
    await stopServe(child);
  }
});
