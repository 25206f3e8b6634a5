import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../electron/engine/store/store';
import { makeSample } from '../electron/engine/testing/fakes';
import { expect, startServe, stopServe, test } from './fixtures';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const GIB = 2 ** 30;
const INTERVAL_MS = 10 * MIN;

/**
 * Three days of polls of an SSH host whose /var fills 5 GiB a day (80 of 100 GiB a minute ago:
 * full in about 4 days) while / stays flat; the host no longer answers (port 1 on loopback
 * refuses), so what it has stored is what the page shows.
 */
function seedFillingHost(dataDir: string, end: number): void {
  mkdirSync(dataDir, { recursive: true });
  const store = new Store(join(dataDir, 'greenboard.sqlite'));
  store.upsertHost(
    {
      id: 'files-1',
      name: 'files-1',
      kind: 'ssh',
      intervalMs: INTERVAL_MS,
      tags: [],
      ssh: { user: 'ops', host: '127.0.0.1', port: 1 },
    },
    end - 3 * DAY,
  );
  const samples = [];
  for (let t = end - 3 * DAY; t <= end; t += INTERVAL_MS) {
    const used = 80 + (5 * (t - end)) / DAY;
    samples.push(
      makeSample('files-1', t, {
        disks: [
          {
            mount: '/',
            fs: 'ext4',
            totalBytes: 100 * GIB,
            usedBytes: 40 * GIB,
            usedPct: 40,
            inodesUsedPct: 10,
          },
          {
            mount: '/var',
            fs: 'ext4',
            totalBytes: 100 * GIB,
            usedBytes: used * GIB,
            usedPct: used,
            inodesUsedPct: 10,
          },
        ],
      }),
    );
  }
  store.writeSamples(samples);
  store.close();
}

test('a filling disk draws its forecast line to full on the disk chart, with the ETA in words', async ({
  page,
}, testInfo) => {
  const dataDir = testInfo.outputPath('data');
  seedFillingHost(dataDir, Date.now() - MIN);
  const { served, child } = await startServe(dataDir);
  try {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(served.url);
    await page.locator('[data-testid="host-card"][data-host-id="files-1"]').click();
    await expect(page.getByTestId('host-page')).toHaveAttribute('data-host-id', 'files-1');

    const disk = page.getByTestId('chart-card-disk');
    await disk.scrollIntoViewIfNeeded();
    // One line: /var is filling; / is flat and draws none.
    await expect(disk.getByTestId('host-chart')).toHaveAttribute('data-forecasts', '1');
    await expect(disk.getByTestId('forecast-notes')).toHaveText(/^\/var full in about 4 days \(\d+–\d+\)$/);
    // Another range keeps it: the line is drawn from now, whatever the chart spans.
    await page.getByTestId('range-picker').getByRole('button', { name: '7 d' }).click();
    await expect(disk.getByTestId('host-chart')).toHaveAttribute('data-forecasts', '1');
    await disk.screenshot({ path: testInfo.outputPath('disk-forecast.png') });
    // Inodes are flat: no line, no note.
    const inodes = page.getByTestId('chart-card-inodes');
    await expect(inodes.getByTestId('host-chart')).toHaveAttribute('data-forecasts', '0');
    await expect(inodes.getByTestId('forecast-notes')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  } finally {
    await stopServe(child);
  }
});
