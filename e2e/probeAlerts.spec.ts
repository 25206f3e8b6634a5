import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, SCREENSHOTS, test } from './fixtures';

/** A real HTTP target on loopback that is down: every request gets a 503. */
async function startFailingTarget(): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) =>
    res.writeHead(503, { 'content-type': 'text/plain' }).end('down'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/checkout` };
}

async function shoot(page: Page, name: string): Promise<void> {
  const theme = await page.locator('html').getAttribute('data-theme');
  for (const width of [900, 1440]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}-${theme}.png`), fullPage: true });
  }
}

test('a failing probe is in the alert log, filterable, linked to its page, and counted in the header', async ({
  page,
  greenboard,
}) => {
  test.setTimeout(90_000);
  const target = await startFailingTarget();
  try {
    await page.goto(greenboard.url);
    await page.getByTestId('probe-add').click();
    const dialog = page.getByTestId('probe-form-dialog');
    await dialog.getByTestId('probe-name').fill('Checkout');
    await dialog.getByTestId('probe-url').fill(target.url);
    await dialog.getByTestId('probe-save').click();
    const card = page.locator('[data-testid="probe-card"][data-probe-id="checkout"]');
    await expect(card).toHaveAttribute('data-state', 'red');

    // The header counts the probe (the machine itself may or may not be red too).
    const badge = page.getByTestId('nav-alerts-red');
    await expect(badge).toHaveAttribute('title', /(^|, )1 probe critical$/);

    await page.getByTestId('nav-alerts').click();
    const row = page.locator('[data-testid="alert-row"][data-probe-id="checkout"]');
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-to', 'critical');
    await expect(row).toContainText('Checkout');
    await expect(row).toContainText('Probe state');
    await expect(row).toContainText(/status 503/);
    // This page was the only tab open when the probe went red: the log says so, and no more.
    await expect(row).toContainText('notified (sent to 1 open tab, shown where notifications are allowed)');

    // Filterable: the probes scope keeps it, host rows only drop it, picking the probe keeps only it.
    await page.getByTestId('alert-scope').selectOption('host');
    await expect(row).toHaveCount(0);
    await page.getByTestId('alert-scope').selectOption('probes');
    await expect(row).toHaveCount(1);
    await expect(page.locator('[data-testid="alert-row"]:not([data-probe-id])')).toHaveCount(0);
    await page.getByTestId('alert-scope').selectOption('all');
    await page.getByTestId('alert-host').selectOption('probe:checkout');
    await expect(row).toHaveCount(1);
    await expect(page.locator('[data-testid="alert-row"]:not([data-probe-id])')).toHaveCount(0);
    await page.getByTestId('alert-host').selectOption('');

    await page.evaluate('window.scrollTo(0, 0)');
    await shoot(page, 'alerts-probe-row');
    await page.getByTestId('theme-toggle').click();
    await shoot(page, 'alerts-probe-row');
    await page.getByTestId('theme-toggle').click();

    // The probe's name opens its page.
    await row.getByTestId('alert-probe-link').click();
    await expect(page).toHaveURL(/#\/probe\/checkout$/);
  } finally {
    target.server.closeAllConnections();
    await new Promise<void>((resolve) => target.server.close(() => resolve()));
  }
});

test('a probe can be silenced from the Alerts page, and its silence is listed by name', async ({
  page,
  greenboard,
}) => {
  test.setTimeout(90_000);
  const target = await startFailingTarget();
  try {
    await page.goto(greenboard.url);
    await page.getByTestId('probe-add').click();
    const form = page.getByTestId('probe-form-dialog');
    await form.getByTestId('probe-name').fill('Checkout');
    await form.getByTestId('probe-url').fill(target.url);
    await form.getByTestId('probe-save').click();
    await expect(page.locator('[data-testid="probe-card"][data-probe-id="checkout"]')).toBeVisible();

    await page.getByTestId('nav-alerts').click();
    await page.getByTestId('alerts-tab-silences').click();
    await page.getByTestId('silence-add').click();
    const dialog = page.getByTestId('silence-dialog');
    await dialog.getByTestId('target-kind').selectOption('probe');
    await dialog.getByTestId('target-probe').selectOption('checkout');
    await dialog.getByTestId('silence-by').fill('Ada');
    await dialog.getByTestId('silence-why').fill('Checkout migration, ticket OPS-7');
    await dialog.getByTestId('silence-save').click();
    await expect(page.getByTestId('silences-panel')).toContainText('probe Checkout');
  } finally {
    target.server.closeAllConnections();
    await new Promise<void>((resolve) => target.server.close(() => resolve()));
  }
});
