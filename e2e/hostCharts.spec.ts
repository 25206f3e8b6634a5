import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../electron/engine/store/store';
import { makeSample } from '../electron/engine/testing/fakes';
import { expect, SCREENSHOTS, startServe, stopServe, test } from './fixtures';

const MIN = 60_000;
const CHARTS = ['cpu', 'memory', 'disk', 'inodes', 'diskio', 'diskbusy', 'net', 'neterr', 'load', 'latency'];

/** This machine's interfaces as the collector names them, so seeded and live lines are the same. */
function localIfaces(): string[] {
  try {
    const names = readFileSync('/proc/net/dev', 'utf8')
      .split('\n')
      .slice(2)
      .map((l) => l.split(':')[0]?.trim() ?? '')
      .filter((n) => n && n !== 'lo');
    return names.length ? names : ['eth0'];
  } catch {
    return ['eth0'];
  }
}

/** Two hours of polls every 10 s, ending a minute ago, with CPU swinging so buckets have a spread. */
function seedHistory(dataDir: string, end: number): void {
  mkdirSync(dataDir, { recursive: true });
  const store = new Store(join(dataDir, 'greenboard.sqlite'));
  store.upsertHost(
    { id: 'local', name: 'seeded', kind: 'local', intervalMs: 2000, tags: [] },
    end - 3 * 60 * MIN,
  );
  const ifaces = localIfaces();
  const samples = [];
  for (let i = 0, t = end - 120 * MIN; t <= end; i++, t += 10_000) {
    samples.push(
      makeSample('local', t, {
        pollMs: 2 + (i % 5),
        cpu: { cores: 4, busyPct: 40 + 30 * Math.sin(i / 5), iowaitPct: 2 + (i % 3), stealPct: 0 },
        load: [1 + Math.sin(i / 9), 1, 0.8],
        disks: [
          {
            mount: '/',
            fs: 'ext4',
            totalBytes: 100 * 2 ** 30,
            usedBytes: 40 * 2 ** 30,
            usedPct: 40,
            inodesUsedPct: 20 + (i % 5),
          },
        ],
        diskIo: { readBps: 50_000 + 1000 * (i % 10), writeBps: 200_000, busyPct: 30 + 20 * Math.sin(i / 7) },
        net: ifaces.map((iface) => ({
          iface,
          rxBps: 1_000_000 + 10_000 * (i % 7),
          txBps: 80_000,
          errPs: (i % 4) * 0.25,
        })),
      }),
    );
  }
  store.writeSamples(samples);
  store.close();
}

test('the host page charts the range picked, with values on hover, and lists the signals', async ({
  page,
}, testInfo) => {
  // Seven charts read twice over (1 h, 24 h) plus the signals: over a minute on a loaded 2-core box.
  test.setTimeout(120_000);
  const dataDir = testInfo.outputPath('data');
  seedHistory(dataDir, Date.now() - MIN);
  const { served, child } = await startServe(dataDir, ['--interval-ms', '1000']);
  try {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(served.url);
    const card = page.locator('[data-testid="host-card"][data-host-id="local"]');
    await expect(card).toHaveAttribute('data-state', /^(green|amber|red)$/);
    await card.click();
    await expect(page.getByTestId('host-page')).toHaveAttribute('data-host-id', 'local');

    const chart = (id: string) => page.locator(`[data-testid="host-chart"][data-chart="${id}"]`);
    const points = async (id: string): Promise<number> => {
      // A chart asks for its history only once it is on screen.
      await chart(id).scrollIntoViewIfNeeded();
      return Number(await chart(id).getAttribute('data-points'));
    };

    // Live: drawn from the samples arriving, before any range is picked.
    await expect.poll(() => points('cpu')).toBeGreaterThan(2);
    await page.getByTestId('host-charts').screenshot({ path: join(SCREENSHOTS, 'host-charts-live.png') });

    // Every chart has the hour's points: a poll every 10 s is one bucket of 6 s each.
    await page.getByTestId('range-picker').getByRole('button', { name: '1 h' }).click();
    for (const id of CHARTS) await expect.poll(() => points(id), { message: id }).toBeGreaterThan(300);
    await expect(page.getByTestId('chart-resolution')).toContainText('Each point is a stored poll');

    // 24 h reads the 1-minute rollups, and each point's min–max shows on hover.
    await page.getByTestId('range-picker').getByRole('button', { name: '24 h' }).click();
    await expect(page.getByTestId('chart-resolution')).toContainText('from 1m rollups');
    for (const id of CHARTS) await expect.poll(() => points(id), { message: id }).toBeGreaterThan(20);
    const cpu = chart('cpu');
    await cpu.scrollIntoViewIfNeeded();
    const at = cpu.locator('.u-legend .u-series').nth(0).locator('.u-value');
    // At rest the legend shows the latest values: the live polls after the seeded hours.
    await expect(at).not.toHaveText('—');
    const latest = await at.innerText();
    const plot = cpu.locator('.u-over');
    const box = await plot.boundingBox();
    if (!box) throw new Error('the CPU chart has no plot area');
    // The seeded hours are the last twelfth of the day: hover inside them.
    await page.mouse.move(box.x + box.width * 0.97, box.y + box.height / 2);
    await expect(at).not.toHaveText(latest);
    const busy = cpu.locator('.u-legend .u-series').nth(1);
    await expect(busy).toContainText('Busy');
    await expect(busy.locator('.u-value')).toHaveText(/^\d+\.\d% \(\d+\.\d% – \d+\.\d%\)$/);
    // One cursor for all charts: the network chart shows its value at the same moment.
    await expect(chart('net').locator('.u-legend .u-series').nth(1).locator('.u-value')).toHaveText(
      /[KM]iB\/s/,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'host-charts-hover.png') });

    // Network errors are their own unit: events a second, not bytes.
    await expect(chart('neterr').locator('.u-legend .u-series').nth(1).locator('.u-value')).toHaveText(/\/s/);
    // The disks table has an inode column: a percentage, or a dash where there is no inode limit.
    await expect(page.getByTestId('disk-inodes').first()).toHaveText(/^(\d+%|—)$/);

    // The signals list: each signal's state in a word, worst first, and its history on demand.
    const signals = page.getByTestId('signals-panel');
    await signals.scrollIntoViewIfNeeded();
    for (const id of ['cpu', 'memory', 'disk:/']) {
      const row = signals.locator(`[data-testid="signal-row"][data-signal="${id}"]`);
      await expect(row).toBeVisible();
      await expect(row).toHaveAttribute('data-state', /^(ok|warn|critical|stale)$/);
      await expect(row.locator('.badge')).toHaveText(/OK|Warning|Critical|No data/);
    }

    // A rule that memory trips at once: the engine pushes the change and the list follows it
    // sooner than its 15 s refresh would, worst first, with the reason and the change logged.
    const res = await page.request.post(`${served.origin}/api/settings:set`, {
      headers: { authorization: `Bearer ${served.token}` },
      data: { rules: { defaults: { memory: { warn: 1, clearWarn: 0.5, forMs: 0 } }, tags: {}, hosts: {} } },
    });
    expect(res.status(), await res.text()).toBe(200);
    const memory = signals.locator('[data-testid="signal-row"][data-signal="memory"]');
    await expect(memory).toHaveAttribute('data-state', 'warn', { timeout: 10_000 });
    await expect(memory.locator('.badge')).toHaveText(/Warning/);
    await expect(memory).toContainText(/memory \d+% ≥ 1%/);
    await expect(signals.getByTestId('signal-row').first()).toHaveAttribute('data-signal', 'memory');
    await memory.getByRole('button').click();
    await expect(memory.getByRole('button')).toHaveAttribute('aria-expanded', 'true');
    await expect(memory.locator('[data-testid="signal-change"][data-to="warn"]')).toHaveCount(1);
    const cpuRow = signals.locator('[data-testid="signal-row"][data-signal="cpu"]');
    await cpuRow.getByRole('button').click();
    await expect(cpuRow.getByTestId('signal-history')).toBeVisible();

    // For a person to look at, in both themes: the whole page, and the two new panels up close.
    for (let i = 0; i < 2; i++) {
      if (i) await page.getByTestId('theme-toggle').click();
      const theme = await page.locator('html').getAttribute('data-theme');
      // Charts are drawn again in the new theme's colours, with their data.
      await expect.poll(() => points('cpu')).toBeGreaterThan(20);
      await page.screenshot({ path: join(SCREENSHOTS, `host-charts-${theme}.png`), fullPage: true });
      await page
        .getByTestId('host-charts')
        .screenshot({ path: join(SCREENSHOTS, `host-charts-panel-${theme}.png`) });
      await signals.screenshot({ path: join(SCREENSHOTS, `host-signals-${theme}.png`) });
    }
    // uPlot throws inside its redraw when data and series disagree, leaving a chart blank.
    expect(pageErrors).toEqual([]);
  } finally {
    await stopServe(child);
  }
});
