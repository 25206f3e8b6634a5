import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, SCREENSHOTS, startServe, stopServe, test } from './fixtures';

test('settings are changed from the board, saved to greenboard.json, and bad ones are refused', async ({
  page,
  greenboard,
}) => {
  const configFile = join(greenboard.dataDir, 'greenboard.json');
  const readConfig = (): unknown => JSON.parse(readFileSync(configFile, 'utf8'));

  await page.goto(greenboard.url);
  await expect(page.locator('[data-testid="host-card"][data-host-id="local"]')).toBeVisible();

  await page.getByTestId('settings-open').click();
  const dialog = page.getByTestId('settings-dialog');
  await expect(dialog).toBeVisible();
  // The defaults, reachable by their labels.
  await expect(dialog.getByLabel('Poll this machine every')).toHaveValue('2');
  await expect(dialog.getByLabel('Raw polls')).toHaveValue('2');
  await expect(dialog.getByLabel('1-minute summaries')).toHaveValue('14');
  await expect(dialog.getByLabel('15-minute summaries')).toHaveValue('90');
  await expect(dialog.getByLabel('1-hour summaries')).toHaveValue('730');
  await expect(dialog.getByTestId('settings-file')).toHaveText(`Saved to ${configFile}`);
  // Where the log is, for a person to find when an error names it.
  await expect(dialog.getByTestId('settings-log-file')).toHaveText(
    `Log: ${join(greenboard.dataDir, 'logs', 'greenboard.log')} (read it with greenboard logs)`,
  );

  // An empty field is caught before it reaches the engine.
  await dialog.getByTestId('settings-retention-raw').fill('');
  await dialog.getByTestId('settings-save').click();
  await expect(dialog.getByTestId('settings-error')).toHaveText(
    'Enter a number for how long to keep raw polls.',
  );

  await dialog.getByTestId('settings-retention-raw').fill('1');
  await dialog.getByTestId('settings-retention-1m').fill('7');
  await page.screenshot({ path: join(SCREENSHOTS, 'settings-dialog.png') });
  await dialog.getByTestId('settings-save').click();
  await expect(dialog).toBeHidden();
  expect(readConfig()).toMatchObject({
    localIntervalMs: 2000,
    retentionDays: { raw: 1, '1m': 7, '15m': 90, '1h': 730 },
  });

  await page.getByTestId('settings-open').click();
  await expect(dialog.getByTestId('settings-retention-raw')).toHaveValue('1');
  await expect(dialog.getByTestId('settings-retention-1m')).toHaveValue('7');

  // Raw kept longer than the 1-minute summaries built from it: the engine says why, nothing is saved.
  const saved = readFileSync(configFile, 'utf8');
  await dialog.getByTestId('settings-retention-raw').fill('30');
  await dialog.getByTestId('settings-save').click();
  const error = dialog.getByTestId('settings-error');
  await expect(error).toHaveText(
    'Each coarser tier must be kept at least as long as the finer one (raw ≤ 1m ≤ 15m ≤ 1h)',
  );
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('settings-save')).toBeEnabled();
  await page.screenshot({ path: join(SCREENSHOTS, 'settings-error.png') });
  expect(readFileSync(configFile, 'utf8')).toBe(saved);

  // "Restore defaults" only fills the form; Cancel leaves the saved settings alone.
  await dialog.getByTestId('settings-defaults').click();
  await expect(dialog.getByTestId('settings-retention-raw')).toHaveValue('2');
  await expect(error).toBeHidden();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(readFileSync(configFile, 'utf8')).toBe(saved);
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('settings-open').click();
  await expect(dialog.getByTestId('settings-retention-raw')).toHaveValue('1');
  await page.screenshot({ path: join(SCREENSHOTS, 'settings-dialog-toggled-theme.png') });
});

test('a saved history under review offers no Settings (the engine would refuse them)', async ({
  page,
}, testInfo) => {
  const liveDir = testInfo.outputPath('live');
  const live = await startServe(liveDir);
  try {
    await page.goto(live.served.url);
    await expect(page.getByTestId('settings-open')).toBeVisible();
    await expect(page.locator('[data-testid="host-card"][data-host-id="local"]')).toHaveAttribute(
      'data-state',
      /^(green|amber|red)$/,
    );
  } finally {
    await stopServe(live.child);
  }
  const file = join(liveDir, 'greenboard.sqlite');
  const review = await startServe(testInfo.outputPath('review'), ['--history', file]);
  try {
    await page.goto(review.served.url);
    await expect(page.getByTestId('history-banner')).toContainText(file);
    await expect(page.getByTestId('settings-open')).toHaveCount(0);
  } finally {
    await stopServe(review.child);
  }
});
