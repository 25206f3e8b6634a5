import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../electron/engine/store/store';
import { makeSample } from '../electron/engine/testing/fakes';
import { expect, SCREENSHOTS, startServe, stopServe, test } from './fixtures';

const MIN = 60_000;

/**
 * Three hours of this machine, every 10 s: the root disk at 40 %, except 20 minutes at 93 % an
 * hour ago. This machine's own polls (its real root disk) then carry on from the seeded end.
 */
function seedHistory(dataDir: string, end: number): number {
  mkdirSync(dataDir, { recursive: true });
  const store = new Store(join(dataDir, 'greenboard.sqlite'));
  store.upsertHost(
    { id: 'local', name: 'seeded', kind: 'local', intervalMs: 2000, tags: [] },
    end - 4 * 60 * MIN,
  );
  const burst = end - 60 * MIN;
  const samples = [];
  for (let t = end - 180 * MIN; t <= end; t += 10_000) {
    const usedPct = t >= burst && t < burst + 20 * MIN ? 93 : 40;
    samples.push(
      makeSample('local', t, {
        disks: [{ mount: '/', fs: 'ext4', totalBytes: 100 * 2 ** 30, usedBytes: usedPct * 2 ** 30, usedPct }],
      }),
    );
  }
  store.writeSamples(samples);
  store.close();
  return burst;
}

test('a rule typed in Settings is tested against the stored history before it is saved', async ({
  page,
}, testInfo) => {
  const dataDir = testInfo.outputPath('data');
  seedHistory(dataDir, Date.now() - MIN);
  const { served, child } = await startServe(dataDir, ['--interval-ms', '1000']);
  try {
    await page.goto(served.url);
    await expect(page.locator('[data-testid="host-card"][data-host-id="local"]')).toHaveAttribute(
      'data-state',
      /^(green|amber|red)$/,
    );
    await page.getByTestId('settings-open').click();
    const dialog = page.getByTestId('settings-dialog');
    await dialog.getByTestId('settings-tab-rules').click();
    const defaults = dialog.locator('[data-testid="rule-layer"][data-layer="rules.defaults"]');

    // The disk rule as typed, not saved: warn at 90 % held for 5 minutes.
    await defaults.getByTestId('rule-disk-warn').fill('90');
    await defaults.getByTestId('rule-disk-for').fill('5');
    await defaults.getByTestId('rule-disk-test').click();
    const summary = defaults.getByTestId('rule-test-summary');
    // Raised 5 min into the 20-minute burst, cleared 5 min after it: 20 min in all.
    await expect(summary).toHaveText(
      /^Would have fired once in the last 7 days: \w{3} .*\d\d:\d\d for 20 min\.$/,
    );
    await expect(defaults.getByTestId('rule-test-episode')).toHaveCount(1);
    await expect(defaults.getByTestId('rule-test-episode')).toContainText('disk / 93% ≥ 90% for 5 min');
    await defaults.getByTestId('rule-disk-test').scrollIntoViewIfNeeded();
    await dialog.screenshot({ path: join(SCREENSHOTS, 'settings-rule-test.png') });

    // Higher than the burst went: it would not have fired.
    await defaults.getByTestId('rule-disk-warn').fill('95');
    await defaults.getByTestId('rule-disk-critical').fill('98');
    await defaults.getByTestId('rule-disk-test').click();
    await expect(summary).toHaveText('Would not have fired in the last 7 days (1 host).');

    // A rule that does not read is not run: the test says what to fix first.
    await defaults.getByTestId('rule-disk-warn').fill('lots');
    await defaults.getByTestId('rule-disk-test').click();
    await expect(defaults.getByTestId('rule-test-error')).toHaveText(
      'Fix the rules marked in red first: the test runs them as typed.',
    );

    // Nothing was saved: the dialog closes without keeping the draft.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  } finally {
    await stopServe(child);
  }
});
