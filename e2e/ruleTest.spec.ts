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

/**
 * Three hosts tagged "web" (their SSH target a closed port: only their stored history matters)
 * over three hours at 10 s: CPU at 85 % on all three for 40 minutes an hour and a half ago,
 * 20 % otherwise.
 */
function seedGroup(dataDir: string, end: number): void {
  mkdirSync(dataDir, { recursive: true });
  const store = new Store(join(dataDir, 'greenboard.sqlite'));
  const members = ['web-1', 'web-2', 'web-3'];
  for (const id of members)
    store.upsertHost(
      {
        id,
        name: `${id}.example`,
        kind: 'ssh',
        intervalMs: 10_000,
        tags: ['web'],
        ssh: { user: 'gb', host: '127.0.0.1', port: 1 },
      },
      end - 4 * 60 * MIN,
    );
  const burst = end - 90 * MIN;
  const samples = [];
  for (let t = end - 180 * MIN; t <= end; t += 10_000)
    for (const id of members) {
      const busyPct = t >= burst && t < burst + 40 * MIN ? 85 : 20;
      samples.push(makeSample(id, t, { cpu: { cores: 4, busyPct, iowaitPct: 0, stealPct: 0 } }));
    }
  store.writeSamples(samples);
  store.close();
}

test('a group rule typed on a tag in Settings is tested against its members’ stored history', async ({
  page,
}, testInfo) => {
  const dataDir = testInfo.outputPath('data');
  seedGroup(dataDir, Date.now() - MIN);
  const { served, child } = await startServe(dataDir, ['--interval-ms', '1000']);
  try {
    await page.goto(served.url);
    await expect(page.locator('[data-testid="group-card"][data-group="web"]')).toBeVisible();
    await page.getByTestId('settings-open').click();
    const dialog = page.getByTestId('settings-dialog');
    await dialog.getByTestId('settings-tab-rules').click();

    // A tag's layer is its group's: mean CPU at 80 % held 10 minutes, as typed (not saved).
    await dialog.getByTestId('rule-add-scope').selectOption('tag');
    await dialog.getByTestId('rule-add-tag').fill('web');
    await dialog.getByTestId('rule-add-button').click();
    const web = dialog.locator('[data-testid="rule-layer"][data-layer="rules.tags.web"]');
    await expect(web).toBeVisible();
    await web.getByTestId('rule-groupCpu-warn').fill('80');
    await web.getByTestId('rule-groupCpu-critical').fill('95');
    await web.getByTestId('rule-groupCpu-for').fill('10');
    await web.getByTestId('rule-groupCpu-test').click();
    const summary = web.getByTestId('rule-test-summary');
    // Raised 10 min into the 40-minute burst, cleared 10 min after it: 40 min in all.
    await expect(summary).toHaveText(
      /^Would have fired once in the last 7 days: \w{3} .*\d\d:\d\d for 40 min \(group web\)\.$/,
    );
    await expect(web.getByTestId('rule-test-episode')).toHaveCount(1);
    await expect(web.getByTestId('rule-test-episode')).toContainText(
      'group web web: mean CPU 85 % across 3 hosts (p90 85 %, max 85 %): add capacity (≥ 80% for 10 min)',
    );
    await web.getByTestId('rule-groupCpu-test').scrollIntoViewIfNeeded();
    await dialog.screenshot({ path: join(SCREENSHOTS, 'settings-rule-test-group.png') });

    // Skew, on the same tag: no member took more than its share; the answer says what it judged by.
    await web.getByTestId('rule-skew-test').click();
    await expect(web.getByTestId('rule-test-summary')).toHaveText(
      'Would not have fired in the last 7 days (1 group of 3 hosts).',
    );
    await expect(web.getByTestId('rule-test-note')).toContainText('request counts and weights are not kept');

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  } finally {
    await stopServe(child);
  }
});
