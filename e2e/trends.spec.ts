import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { Store } from '../electron/engine/store/store';
import { makeSample } from '../electron/engine/testing/fakes';
import { expect, SCREENSHOTS, startServe, stopServe, test } from './fixtures';

const MIN = 60_000;
const GiB = 2 ** 30;
const INTERVAL_MS = 5000;

/**
 * 30 minutes of polls every 5 s for this machine and for an SSH host that no longer answers
 * (port 1 refuses), ending now, written before the server starts: what a board reopened after
 * a while has stored. CPU swings, so a drawn trend is not a flat line.
 */
function seedHistory(dataDir: string, end: number): void {
  mkdirSync(dataDir, { recursive: true });
  const store = new Store(join(dataDir, 'greenboard.sqlite'));
  store.upsertHost(
    {
      id: 'db-1',
      name: 'db-1',
      kind: 'ssh',
      intervalMs: INTERVAL_MS,
      tags: ['db'],
      ssh: { user: 'ops', host: '127.0.0.1', port: 1 },
    },
    end - 31 * MIN,
  );
  store.upsertHost(
    { id: 'local', name: 'local', kind: 'local', intervalMs: INTERVAL_MS, tags: [] },
    end - 31 * MIN,
  );
  const samples = [];
  for (let i = 0, t = end - 30 * MIN; t <= end; i++, t += INTERVAL_MS) {
    for (const [hostId, phase] of [
      ['local', 0],
      ['db-1', 2],
    ] as const) {
      const used = 40 + 20 * Math.sin(i / 11 + phase);
      samples.push(
        makeSample(hostId, t, {
          cpu: { cores: 4, busyPct: 35 + 30 * Math.sin(i / 7 + phase), iowaitPct: 2, stealPct: 0 },
          mem: {
            totalBytes: 16 * GiB,
            usedBytes: (used / 100) * 16 * GiB,
            availableBytes: ((100 - used) / 100) * 16 * GiB,
          },
        }),
      );
    }
  }
  store.writeSamples(samples);
  store.close();
}

/** Vertices of a card's sparkline as drawn (a dashed "no trend" rule has none). */
async function drawnPoints(spark: Locator): Promise<number> {
  const points = await spark.locator('polyline').getAttribute('points');
  return points ? points.trim().split(/\s+/).length : 0;
}

async function expectFilledCard(page: Page, hostId: string): Promise<void> {
  const card = page.locator(`[data-testid="host-card"][data-host-id="${hostId}"]`);
  for (const tone of ['cpu', 'mem']) {
    const spark = card.getByTestId(`spark-${tone}`);
    // 60 polls of 5 s span the card's 5 minutes; live polls alone would add one per 5 s.
    await expect(spark).toHaveAttribute('data-points', /^(4\d|5\d|60)$/);
    expect(await drawnPoints(spark), `${hostId} ${tone}`).toBeGreaterThanOrEqual(40);
  }
}

test('sparklines and the Live chart open with the stored trend, then follow live samples', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const dataDir = testInfo.outputPath('data');
  seedHistory(dataDir, Date.now() - 1000);
  const { served, child } = await startServe(dataDir, ['--interval-ms', String(INTERVAL_MS)]);
  try {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(served.url);
    await expectFilledCard(page, 'local');
    // The host that no longer answers still shows how it was before it went away.
    await expectFilledCard(page, 'db-1');

    // Live samples continue the stored tail: the newest poll comes in at the right end.
    const spark = page.locator('[data-testid="host-card"][data-host-id="local"]').getByTestId('spark-cpu');
    const before = await spark.locator('polyline').getAttribute('points');
    await expect
      .poll(() => spark.locator('polyline').getAttribute('points'), { timeout: 20_000 })
      .not.toBe(before);
    await expect(spark).toHaveAttribute('data-points', '60');

    // The host page's Live view spans minutes of stored polls right away, not one sample.
    await page.goto(`${served.url}#/host/local`);
    const cpuCard = page.getByTestId('chart-card-cpu');
    const cpuChart = page.locator('[data-testid="host-chart"][data-chart="cpu"]');
    // A chart asks for its stored polls once it is on screen.
    await cpuCard.scrollIntoViewIfNeeded();
    await expect(cpuCard).toHaveAttribute('data-span-s', /^([6-9]\d\d|\d{4})$/);
    expect(Number(await cpuChart.getAttribute('data-points'))).toBeGreaterThan(100);

    for (const theme of ['dark', 'light']) {
      if ((await page.locator('html').getAttribute('data-theme')) !== theme)
        await page.getByTestId('theme-toggle').click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      for (const width of [900, 1440]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(served.url);
        await page.reload();
        await expectFilledCard(page, 'local');
        await page.screenshot({ path: join(SCREENSHOTS, `trends-board-${theme}-${width}.png`) });
        await page.goto(`${served.url}#/host/local`);
        await page.reload();
        await cpuCard.scrollIntoViewIfNeeded();
        await expect(cpuCard).toHaveAttribute('data-span-s', /^([6-9]\d\d|\d{4})$/);
        // Each chart asks for its stored polls once on screen: bring the last one in too.
        const latency = page.getByTestId('chart-card-latency');
        await latency.scrollIntoViewIfNeeded();
        await expect(latency).toHaveAttribute('data-span-s', /^([6-9]\d\d|\d{4})$/);
        await page.getByTestId('host-charts').screenshot({
          path: join(SCREENSHOTS, `trends-charts-${theme}-${width}.png`),
        });
        await page.evaluate('window.scrollTo(0, 0)');
        await page.screenshot({ path: join(SCREENSHOTS, `trends-host-${theme}-${width}.png`) });
      }
    }
    expect(pageErrors).toEqual([]);
  } finally {
    await stopServe(child);
  }
});

test('a saved history opens with the trend up to its last sample', async ({ page }, testInfo) => {
  // Recorded two hours ago: a window ending now would hold nothing.
  const dataDir = testInfo.outputPath('recorded');
  seedHistory(dataDir, Date.now() - 120 * MIN);
  const { served, child } = await startServe(testInfo.outputPath('unused'), [
    '--history',
    join(dataDir, 'greenboard.sqlite'),
  ]);
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('history-banner')).toContainText('Saved history, read-only');
    await expectFilledCard(page, 'local');
    await expectFilledCard(page, 'db-1');
    await page.screenshot({ path: join(SCREENSHOTS, 'trends-history-board.png') });
  } finally {
    await stopServe(child);
  }
});
