import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, SCREENSHOTS, test } from './fixtures';

/** A real HTTP target on loopback: JSON health at any path, and /slow answering after 1.5 s. */
async function startTarget(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const reply = (): void => {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
      res.end(JSON.stringify({ status: 'ok' }));
    };
    if (req.url?.startsWith('/slow')) setTimeout(reply, 1500);
    else reply();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}` };
}

async function fillProbe(page: Page, fields: Record<string, string>): Promise<void> {
  await page.getByTestId('probe-add').click();
  const dialog = page.getByTestId('probe-form-dialog');
  await expect(dialog).toBeVisible();
  for (const [key, value] of Object.entries(fields)) await dialog.getByTestId(`probe-${key}`).fill(value);
}

async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  // From the top: a full-page shot of a scrolled page draws the sticky header mid-page.
  await page.evaluate('window.scrollTo(0, 0)');
  const theme = await page.locator('html').getAttribute('data-theme');
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${theme}.png`), fullPage: true });
  await page.getByTestId('theme-toggle').click();
  const other = theme === 'dark' ? 'light' : 'dark';
  await expect(page.locator('html')).toHaveAttribute('data-theme', other);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${other}.png`), fullPage: true });
  await page.getByTestId('theme-toggle').click();
}

test('probes are added from the board, go green or red with the reason, and show their timings', async ({
  page,
  greenboard,
}) => {
  test.setTimeout(120_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const { server, base } = await startTarget();
  try {
    await page.goto(greenboard.url);
    await expect(page.getByTestId('probe-empty')).toHaveText(
      "No probes yet. Add one to watch an endpoint's status, speed and certificate.",
    );

    // A bad URL is refused beside its field, before anything is sent.
    await fillProbe(page, { name: 'Broken', url: 'not a url' });
    const dialog = page.getByTestId('probe-form-dialog');
    await dialog.getByTestId('probe-save').click();
    await expect(dialog.getByTestId('probe-url-error')).toHaveText('use an http:// or https:// URL');
    await expect(dialog.getByTestId('probe-url')).toHaveAttribute('aria-invalid', 'true');
    await dialog.screenshot({ path: join(SCREENSHOTS, 'probe-form-error.png') });
    // So is a status list that is not one.
    await dialog.getByTestId('probe-expectStatus').fill('2xx');
    await dialog.getByTestId('probe-save').click();
    await expect(dialog.getByTestId('probe-expectStatus-error')).toContainText('200-399');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);

    // A healthy JSON endpoint: green, 200, with a time.
    await fillProbe(page, {
      name: 'API health',
      url: `${base}/health`,
      jsonPath: '$.status',
      jsonEquals: 'ok',
      intervalSec: '5',
    });
    await dialog.getByTestId('probe-save').click();
    await expect(dialog).toHaveCount(0, { timeout: 20_000 });
    const api = page.locator('[data-testid="probe-card"]', { hasText: 'API health' });
    await expect(api).toHaveAttribute('data-state', 'green');
    await expect(api.getByTestId('probe-status')).toHaveText('200');
    await expect(api.getByTestId('probe-time')).toHaveText(/^\d+(\.\d+)? (ms|s)$/);
    await expect(api.getByTestId('probe-reason')).toHaveText('All checks passing');

    // A page slower than its SLO: red, with the SLO breach as the reason.
    await fillProbe(page, { name: 'Slow page', url: `${base}/slow`, sloUnderMs: '200' });
    await dialog.getByTestId('probe-save').click();
    await expect(dialog).toHaveCount(0, { timeout: 20_000 });
    const slow = page.locator('[data-testid="probe-card"]', { hasText: 'Slow page' });
    await expect(slow).toHaveAttribute('data-state', 'red');
    await expect(slow.getByTestId('probe-reason')).toHaveText(/^p95 1(\.\d)? s ≥ 200 ms over 15 min$/);
    // Worst first, and counted by state in the heading.
    await expect(page.getByTestId('probe-card').first()).toContainText('Slow page');
    await expect(page.getByTestId('probe-count-red')).toContainText('1');
    await expect(page.getByTestId('probe-count-green')).toContainText('1');
    await screenshotBothThemes(page, 'probes-board');

    // The board's search box filters probes too (by name or URL), and says what it hides.
    await page.getByTestId('board-search').fill('slow');
    await expect(page.getByTestId('probe-card')).toHaveCount(1);
    await expect(page.getByTestId('probe-filtered')).toHaveText(
      'Showing 1 of 2 probes (search or state filter).',
    );
    await page.getByTestId('board-search').fill('');
    await expect(page.getByTestId('probe-card')).toHaveCount(2);

    // The probe page: the last run's phases, the chart and the runs table.
    await api.click();
    await expect(page).toHaveURL(/#\/probe\//);
    const probePage = page.getByTestId('probe-page');
    await expect(probePage.getByTestId('probe-state')).toHaveAttribute('data-state', 'green');
    await expect(probePage.getByTestId('probe-last-status')).toHaveText('200');
    const timing = probePage.getByTestId('probe-timing');
    await expect(timing.locator('[data-phase="ttfbMs"]')).toContainText(/TTFB\s*\d+(\.\d+)? (ms|s)/);
    await expect(timing.locator('[data-phase="connectMs"]')).toContainText(/Connect/);
    await expect(timing.locator('[data-phase="tlsMs"]')).toHaveCount(0); // plain http
    await expect(probePage.getByTestId('probe-size')).toContainText('transferred');
    // Plain http has no certificate: no TLS line; a new probe's chart opens on 15 min, not 1 h.
    await expect(probePage.getByTestId('probe-def')).toBeVisible();
    await expect(probePage.getByTestId('probe-tls')).toHaveCount(0);
    await expect(
      probePage.getByTestId('probe-range').getByRole('button', { name: '15 min' }),
    ).toHaveAttribute('aria-pressed', 'true');
    const runs = probePage.getByTestId('probe-run');
    await expect(runs.first()).toContainText('200');
    const before = await runs.count();
    await probePage.getByTestId('probe-run-now').click();
    await expect.poll(() => runs.count()).toBeGreaterThan(before);
    // The run announced live and the one "Run now" answered with are the same run: listed once.
    const stamps = await Promise.all((await runs.all()).map((r) => r.getAttribute('data-ts')));
    expect(new Set(stamps).size).toBe(stamps.length);
    await expect(probePage.getByTestId('probe-chart')).not.toHaveAttribute('data-points', '0');
    await screenshotBothThemes(page, 'probe-page');

    // Editing keeps the probe and its runs; the summary follows the new definition.
    await probePage.getByTestId('probe-edit').click();
    await expect(dialog.getByTestId('probe-name')).toHaveValue('API health');
    await dialog.getByTestId('probe-intervalSec').fill('10');
    await dialog.getByTestId('probe-save').click();
    await expect(dialog).toHaveCount(0);
    await expect(probePage.getByTestId('probe-def')).toContainText('every 10 s');
    await expect(runs.first()).toBeVisible();

    // Removing asks once more, then returns to the board without it.
    await probePage.getByTestId('probe-remove').click();
    await probePage.getByTestId('probe-remove-confirm').click();
    await expect(page.getByTestId('probe-section')).toBeVisible();
    await expect(page.getByTestId('probe-card')).toHaveCount(1);
    await expect(page.getByTestId('probe-card')).toContainText('Slow page');

    // A red probe declares an incident from its page: titled by its reason, the probe kept on it.
    await page.getByTestId('probe-card').click();
    await probePage.getByTestId('probe-declare-incident').click();
    const declare = page.getByTestId('declare-dialog');
    await expect(declare.getByTestId('declare-title')).toHaveValue(/^Slow page: p95 1(\.\d)? s ≥ 200 ms/);
    await expect(declare.getByTestId('declare-template')).toHaveValue(/./);
    await declare.getByTestId('declare-submit').click();
    await expect(page.getByTestId('incident-page')).toBeVisible();
    await expect(page.getByTestId('incident-title')).toContainText('Slow page');
    expect(pageErrors).toEqual([]);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a probe that fails every run shows its failures in the sparkline', async ({ page, greenboard }) => {
  // A port nothing listens on: every run is refused.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  await page.goto(greenboard.url);
  await fillProbe(page, { name: 'Gone', url: `http://127.0.0.1:${port}/` });
  await page.getByTestId('probe-form-dialog').getByTestId('probe-save').click();
  const card = page.getByTestId('probe-card').filter({ hasText: 'Gone' });
  await expect(card).toHaveAttribute('data-state', 'red');
  // A tick per failed run (a vertical SVG line has no width, so it is counted, not "visible").
  await expect(card.getByTestId('sparkline-fail')).not.toHaveCount(0);
  await expect(card.locator('.sparkline__empty')).toHaveCount(0);
});
