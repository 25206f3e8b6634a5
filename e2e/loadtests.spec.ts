import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, SCREENSHOTS, startServe, stopServe, test } from './fixtures';

/** A real HTTP server on loopback that answers 200 at once: the load test's target. */
async function startTarget(): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/health` };
}

/** Confirms a run of the selected target and waits for its progress bar to show movement. */
async function startRun(page: Page, url: string, seconds = 3): Promise<void> {
  await page.getByTestId('load-run').click();
  const confirm = page.getByTestId('load-confirm');
  await expect(confirm.getByTestId('load-confirm-text')).toHaveText(
    `About 3 connections for ${seconds} s against GET ${url}, with no rate limit: each connection sends its next request as soon as the last one is answered, so as many requests/s as the server can answer.`,
  );
  await confirm.getByTestId('load-confirm-send').click();
  await expect(confirm).toHaveCount(0);
  const bar = page.getByTestId('load-progressbar');
  await expect(bar).toBeVisible();
  // The bar moves before the end (it is gone once the run ends, so this read fails after it).
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow', { timeout: 1000 })), {
      timeout: 10_000,
      intervals: [100],
    })
    .toBeGreaterThan(0);
}

test('a saved target runs after confirmation, shows progress, its result, and the next run against the baseline', async ({
  page,
  greenboard,
}) => {
  test.setTimeout(120_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const { server, url } = await startTarget();
  try {
    await page.goto(greenboard.url);
    await page.getByTestId('nav-loadtests').click();
    await expect(page.getByTestId('load-empty')).toBeVisible();

    // Save a target through the form; a threshold typo is named beside its field.
    await page.getByTestId('load-new-target').click();
    const form = page.getByTestId('load-target-form');
    await form.getByTestId('load-name').fill('Local health');
    await form.getByTestId('load-url').fill(url);
    await form.getByTestId('load-connections').fill('3');
    await form.getByTestId('load-duration').fill('3');
    await form.getByTestId('load-host').selectOption('local');
    await form.getByTestId('load-thresholds').fill('p95<500ms\nerors<1%');
    await expect(form.getByTestId('load-error-thresholds')).toContainText('unknown metric "erors"');
    await expect(form.getByTestId('load-thresholds')).toHaveAttribute('aria-invalid', 'true');
    await page
      .getByTestId('load-target-dialog')
      .screenshot({ path: join(SCREENSHOTS, 'loadtests-form-error.png') });
    await form.getByTestId('load-save').click();
    await expect(page.getByTestId('load-target-dialog')).toBeVisible(); // not saved with the typo
    await form.getByTestId('load-thresholds').fill('p95<500ms\nerrors<1%');
    await expect(form.getByTestId('load-error-thresholds')).toHaveCount(0);
    await form.getByTestId('load-save').click();
    await expect(page.getByTestId('load-target-dialog')).toHaveCount(0);
    await expect(page.getByTestId('load-target')).toHaveText(/Local health/);
    await expect(page.getByTestId('load-target-url')).toHaveText(`GET ${url}`);

    // Cancel in the confirmation sends nothing.
    await page.getByTestId('load-run').click();
    await page.getByTestId('load-confirm').screenshot({ path: join(SCREENSHOTS, 'loadtests-confirm.png') });
    await page.getByTestId('load-confirm-cancel').click();
    await expect(page.getByTestId('load-confirm')).toHaveCount(0);
    await expect(page.getByTestId('load-run-row')).toHaveCount(0);

    // First run: progress, then the result, kept as the baseline.
    await startRun(page, url);
    await expect(page.getByTestId('load-live-cpu')).toHaveText(/\d+%/);
    // The whole viewport: an element screenshot waits for the live numbers to stop moving.
    const startTheme = await page.locator('html').getAttribute('data-theme');
    await page.screenshot({ path: join(SCREENSHOTS, `loadtests-running-${startTheme}.png`) });
    const result = page.getByTestId('load-result');
    await expect(page.getByTestId('load-progress')).toHaveCount(0, { timeout: 20_000 });
    await expect(result.getByTestId('load-overall')).toHaveText(/PASS/);
    expect(
      Number((await result.getByTestId('load-requests').textContent())?.replace(/,/g, '')),
    ).toBeGreaterThan(0);
    await expect(result.getByTestId('load-p95')).toHaveText(/ms|s$/);
    await expect(result.getByTestId('load-thresholds-result').locator('li')).toHaveCount(2);
    await expect(result.getByTestId('load-result-baseline')).toBeVisible();
    await expect(result.getByTestId('load-chart-load')).toBeVisible();
    await expect(result.getByTestId('load-chart-host')).toBeVisible();
    await expect(page.getByTestId('load-run-row')).toHaveCount(1);
    await expect(page.getByTestId('load-run-star')).toHaveCount(1);

    // Second run: compared with the baseline, in words and per metric.
    await startRun(page, url);
    await expect(page.getByTestId('load-progress')).toHaveCount(0, { timeout: 20_000 });
    await expect(page.getByTestId('load-run-row')).toHaveCount(2);
    const verdict = result.getByTestId('load-verdict');
    await expect(verdict).toHaveText(/vs baseline|same as baseline|better/);
    expect(['better', 'same', 'regression']).toContain(await verdict.getAttribute('data-verdict'));
    await expect(result.getByTestId('load-compare-row')).toHaveCount(5);
    // Every row says which part of the one rule gave its verdict, with its numbers.
    await expect(result.getByTestId('load-compare-why').first()).toHaveText(
      /within ±10%|ms apart|beyond ±10%|pts/,
    );
    await expect(page.getByTestId('load-run-verdict')).toHaveCount(1);

    await page.setViewportSize({ width: 1280, height: 1700 });
    const firstTheme = await page.locator('html').getAttribute('data-theme');
    await page.screenshot({
      path: join(SCREENSHOTS, `loadtests-baseline-${firstTheme}.png`),
      fullPage: true,
    });
    await page.getByTestId('theme-toggle').click();
    const otherTheme = await page.locator('html').getAttribute('data-theme');
    await page.screenshot({
      path: join(SCREENSHOTS, `loadtests-baseline-${otherTheme}.png`),
      fullPage: true,
    });
    await page.setViewportSize({ width: 1280, height: 800 });

    // An older run is shown by picking its row; the newest can become the baseline.
    await page.getByTestId('load-run-row').nth(1).click();
    await expect(result.getByTestId('load-result-baseline')).toBeVisible();
    await page.getByTestId('load-run-row').first().getByTestId('load-mark-baseline').click();
    await expect(page.getByTestId('load-run-row').first().getByTestId('load-run-star')).toBeVisible();
    await expect(page.getByTestId('load-run-star')).toHaveCount(1);

    // Cancelled mid-run: kept, marked cancelled, with the numbers up to then. Edited to run
    // longer first, so Cancel lands well before the end.
    await page.getByTestId('load-edit').click();
    await page.getByTestId('load-duration').fill('30');
    await page.getByTestId('load-save').click();
    await expect(page.getByTestId('load-target-dialog')).toHaveCount(0);
    await expect(page.getByTestId('load-target')).toContainText('3 conns · 30 s');
    await startRun(page, url, 30);
    // Running in the other theme, with the earlier result below.
    await page.screenshot({ path: join(SCREENSHOTS, `loadtests-running-${otherTheme}.png`) });
    await page.getByTestId('load-cancel').click();
    await expect(page.getByTestId('load-progress')).toHaveCount(0);
    const cancelled = page.locator('[data-testid="load-run-row"][data-status="cancelled"]');
    await expect(cancelled).toHaveCount(1);
    await expect(cancelled).toContainText('Cancelled');
    await cancelled.click();
    await expect(result.getByTestId('load-result-cancelled')).toContainText('Cancelled after');
    await expect(page.getByTestId('load-run-row')).toHaveCount(3);

    // Kept across a reload.
    await page.reload();
    await expect(page.getByTestId('load-run-row')).toHaveCount(3);
    expect(pageErrors).toEqual([]);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('a saved history shows its targets and runs read-only', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const { server, url } = await startTarget();
  const dataDir = testInfo.outputPath('recorded');
  try {
    // Record one target with one short run in a live server's data folder.
    const live = await startServe(dataDir);
    try {
      await page.goto(`${live.served.url}#/loadtests`);
      await page.getByTestId('load-new-target').click();
      await page.getByTestId('load-name').fill('Recorded');
      await page.getByTestId('load-url').fill(url);
      await page.getByTestId('load-connections').fill('1');
      await page.getByTestId('load-duration').fill('1');
      await page.getByTestId('load-save').click();
      await page.getByTestId('load-run').click();
      await page.getByTestId('load-confirm-send').click();
      await expect(page.locator('[data-testid="load-run-row"][data-status="done"]')).toHaveCount(1, {
        timeout: 20_000,
      });
    } finally {
      await stopServe(live.child);
    }

    const review = await startServe(testInfo.outputPath('unused'), [
      '--history',
      join(dataDir, 'greenboard.sqlite'),
    ]);
    try {
      await page.goto(`${review.served.url}#/loadtests`);
      await expect(page.getByTestId('load-target')).toHaveText(/Recorded/);
      await expect(page.getByTestId('load-run-row')).toHaveCount(1);
      await expect(page.getByTestId('load-result').getByTestId('load-requests')).toHaveText(/\d/);
      // Nothing that sends traffic or changes the history is offered.
      for (const id of ['load-new-target', 'load-run', 'load-edit', 'load-remove', 'load-mark-baseline'])
        await expect(page.getByTestId(id)).toHaveCount(0);
    } finally {
      await stopServe(review.child);
    }
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
