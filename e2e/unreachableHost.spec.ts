import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatTime } from '../shared/format';
import { Store } from '../electron/engine/store/store';
import { makeSample } from '../electron/engine/testing/fakes';
import { expect, SCREENSHOTS, startServe, stopServe, test } from './fixtures';

const MIN = 60_000;
const INTERVAL_MS = 5000;

/**
 * Half an hour of polls of an SSH host that stopped answering twenty minutes ago (port 1 on
 * loopback refuses), longer ago than Live spans: a host that went down before the board opened.
 */
function seedQuietHost(dataDir: string, lastTs: number): void {
  mkdirSync(dataDir, { recursive: true });
  const store = new Store(join(dataDir, 'greenboard.sqlite'));
  store.upsertHost(
    {
      id: 'cache-1',
      name: 'cache-1',
      kind: 'ssh',
      intervalMs: INTERVAL_MS,
      tags: [],
      ssh: { user: 'ops', host: '127.0.0.1', port: 1 },
    },
    lastTs - 31 * MIN,
  );
  const samples = [];
  for (let i = 0, t = lastTs - 30 * MIN; t <= lastTs; i++, t += INTERVAL_MS) {
    samples.push(
      makeSample('cache-1', t, {
        cpu: { cores: 2, busyPct: 30 + 20 * Math.sin(i / 9), iowaitPct: 1, stealPct: 0 },
      }),
    );
  }
  store.writeSamples(samples);
  store.close();
}

test('an unreachable host’s page shows its last stored data and since when there is none', async ({
  page,
}, testInfo) => {
  const dataDir = testInfo.outputPath('data');
  const lastTs = Date.now() - 20 * MIN;
  seedQuietHost(dataDir, lastTs);
  const { served, child } = await startServe(dataDir);
  try {
    await page.goto(served.url);
    const card = page.locator('[data-testid="host-card"][data-host-id="cache-1"]');
    await expect(card.getByTestId('link-problem')).toHaveAttribute('data-link-state', 'unreachable', {
      timeout: 20_000,
    });
    await card.click();
    await expect(page.getByTestId('link-state')).toHaveAttribute('data-link-state', 'unreachable');

    const charts = page.getByTestId('host-charts');
    // Live would span only the last few silent minutes: the page opens on a stored range
    // holding the last data, with the gap after it up to now.
    await expect(charts.getByTestId('range-picker').locator('[aria-pressed="true"]')).toHaveText('1 h');
    const since = `No data since ${formatTime(lastTs, { seconds: false })}`;
    await expect(charts.getByTestId('charts-quiet')).toContainText(since);
    await expect(charts.getByTestId('charts-quiet')).toContainText('cache-1 has not answered since');
    // The stored answer is in once the CPU chart draws its half hour of points.
    await expect(page.getByTestId('chart-card-cpu')).toHaveAttribute('data-span-s', /^1[78]\d\d$/);
    await expect(charts).not.toContainText('Waiting for samples');
    await page.screenshot({ path: join(SCREENSHOTS, 'unreachable-host-charts.png'), fullPage: true });

    // A diagnostic says why it cannot run, in the card's words, not "Internal error".
    const diag = page.getByTestId('diagnostics');
    await diag
      .getByTestId('diag-check')
      .filter({ hasText: 'Top processes by CPU' })
      .getByTestId('diag-run')
      .click();
    const refused = diag.getByTestId('diag-error');
    await expect(refused).toContainText(
      'Top processes by CPU could not run: cache-1 cannot be reached: 127.0.0.1:1 unreachable: connection refused',
    );
    await expect(refused).not.toContainText('Internal error');
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [900, 1440]) {
        await page.emulateMedia({ colorScheme });
        await page.setViewportSize({ width, height: 900 });
        await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
        // Centred, so the sticky header does not cover the note above the charts.
        await charts
          .getByTestId('charts-quiet')
          .evaluate((el: { scrollIntoView(o: { block: string }): void }) =>
            el.scrollIntoView({ block: 'center' }),
          );
        await page.screenshot({ path: join(SCREENSHOTS, `unreachable-host-${colorScheme}-${width}.png`) });
      }
    }

    // Asked for Live on purpose, it shows the stored tail up to the last data, and says so.
    await charts.getByTestId('range-picker').getByRole('button', { name: 'Live' }).click();
    await expect(charts.getByTestId('range-picker').locator('[aria-pressed="true"]')).toHaveText('Live');
    await expect(page.getByTestId('chart-card-cpu')).toHaveAttribute(
      'data-span-s',
      /^([6-9]\d\d|1[0-7]\d\d)$/,
    );
    await expect(charts.getByTestId('charts-quiet')).toContainText(since);
    await expect(charts).not.toContainText('Waiting for samples');
  } finally {
    await stopServe(child);
  }
});
