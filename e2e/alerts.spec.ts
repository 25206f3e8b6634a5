import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, SCREENSHOTS, startServe, stopServe, test } from './fixtures';

// Any machine uses more than 2% of its memory: the local host goes red on its first poll.
const RED_ON_FIRST_POLL = { rules: { defaults: { memory: { warn: 1, critical: 2, forMs: 0 } } } };
test.use({ greenboardConfig: RED_ON_FIRST_POLL });

test('a host pushed into red shows why, leads the board, and its alert is logged, searched and silenced', async ({
  page,
  greenboard,
}) => {
  // One flow through board, log, filters, silences, webhook and live changes: ~25 s, more under load.
  test.setTimeout(120_000);
  await page.goto(greenboard.url);
  const firstTheme = await page.locator('html').getAttribute('data-theme');
  const cards = page.getByTestId('host-card');
  const card = page.locator('[data-testid="host-card"][data-host-id="local"]');
  await expect(card).toHaveAttribute('data-state', 'red', { timeout: 15_000 });
  await expect(card).toContainText(/memory \d+% ≥ 2%/i);
  await expect(cards.first()).toHaveAttribute('data-host-id', 'local');
  await expect(page.getByTestId('nav-alerts-red')).toContainText('1');

  await page.getByTestId('nav-alerts').click();
  await expect(page).toHaveURL(/#\/alerts$/);
  await expect(page.getByTestId('nav-alerts')).toHaveAttribute('aria-current', 'page');
  const rows = page.getByTestId('alert-row');
  const hostRow = page.locator('[data-testid="alert-row"][data-kind="host"][data-host-id="local"]');
  const memRow = page.locator('[data-testid="alert-row"][data-signal="memory"][data-host-id="local"]');
  await expect(hostRow.first()).toHaveAttribute('data-to', 'critical');
  await expect(hostRow.first().getByTestId('alert-to')).toHaveText(/Critical/);
  await expect(hostRow.first()).toContainText(/memory \d+% ≥ 2%/i);
  await expect(memRow.first()).toHaveAttribute('data-to', 'critical');
  await expect(memRow.first()).toContainText(/\d+%/);

  // Scope and state filters go to the engine; the memory row stays, the host row goes.
  await page.getByTestId('alert-scope').selectOption('signals');
  await expect(hostRow).toHaveCount(0);
  await expect(memRow.first()).toBeVisible();
  await page.getByTestId('alert-scope').selectOption('all');
  await page.getByTestId('alert-filter-ok').click();
  await expect(page.getByTestId('alert-filter-ok')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('alert-log-empty')).toHaveText('No state change matches these filters.');
  await page.getByTestId('alert-filter-ok').click();
  await page.getByTestId('alert-filter-critical').click();
  await expect(memRow.first()).toBeVisible();

  // Search: every word must match; a word nothing has empties the log.
  const search = page.getByTestId('alert-search');
  await search.fill('memory');
  await expect(memRow.first()).toBeVisible();
  await expect(rows.filter({ hasNotText: /memory/i })).toHaveCount(0);
  await search.fill('memory nosuchword');
  await expect(page.getByTestId('alert-log-empty')).toBeVisible();
  await search.fill('');
  await page.getByTestId('alert-filter-critical').click();
  await expect(hostRow.first()).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, `alerts-log-${firstTheme}.png`), fullPage: true });

  // The host name opens its page.
  await hostRow.first().getByTestId('alert-host-link').click();
  await expect(page.getByTestId('host-page')).toHaveAttribute('data-host-id', 'local');
  await page.goBack();
  await expect(page.getByTestId('alerts-page')).toBeVisible();

  // Silence the host: refused without a reason, then listed with who and why, then ended.
  await page.getByTestId('alerts-tab-silences').click();
  await expect(page.getByTestId('silences-panel')).toContainText('Nothing is silenced.');
  await page.getByTestId('silence-add').click();
  const dialog = page.getByTestId('silence-dialog');
  await expect(dialog.getByTestId('target-host')).toHaveValue('local');
  await dialog.getByTestId('silence-by').fill('Ada');
  await dialog.getByTestId('silence-save').click();
  await expect(dialog.getByTestId('silence-error')).toContainText('Why: say why');
  await dialog.getByTestId('silence-why').fill('Memory test rule, ticket OPS-1');
  await dialog.getByText('4 h').click();
  await page.screenshot({ path: join(SCREENSHOTS, `alerts-silence-dialog-${firstTheme}.png`) });
  await dialog.getByTestId('silence-save').click();
  await expect(dialog).toBeHidden();
  const silence = page.getByTestId('silence-row');
  await expect(silence).toHaveCount(1);
  await expect(silence).toContainText('host');
  await expect(silence).toContainText('Ada');
  await expect(silence).toContainText('Memory test rule, ticket OPS-1');
  await expect(silence).toContainText(/in (3 h 59 min|4 h)/);
  await expect(page.getByTestId('alerts-tab-silences')).toContainText('1');

  // A maintenance window, planned and listed.
  await page.getByTestId('window-add').click();
  const wdialog = page.getByTestId('window-dialog');
  await wdialog.getByTestId('window-daily').check();
  await wdialog.getByTestId('window-why').fill('Nightly backup');
  await page.screenshot({ path: join(SCREENSHOTS, `alerts-window-dialog-${firstTheme}.png`) });
  await wdialog.getByTestId('window-save').click();
  await expect(wdialog).toBeHidden();
  await expect(page.getByTestId('window-row')).toContainText('Nightly backup');
  await expect(page.getByTestId('window-row')).toContainText('daily');
  await expect(page.getByTestId('window-row')).toContainText('Ada'); // remembered from the silence
  await page.screenshot({ path: join(SCREENSHOTS, `alerts-silences-${firstTheme}.png`), fullPage: true });

  await silence.getByTestId('silence-end').click();
  await expect(silence).toHaveCount(0);
  await expect(page.getByTestId('silences-panel')).toContainText('Nothing is silenced.');
  await page.getByTestId('window-remove').click();
  await expect(page.getByTestId('window-row')).toHaveCount(0);

  // The delivery log: empty, and a test message says where to set the missing URL.
  await page.getByTestId('alerts-tab-deliveries').click();
  await expect(page.getByTestId('deliveries-empty')).toBeVisible();
  await page.getByTestId('webhook-test').click();
  await expect(page.getByTestId('webhook-test-error')).toContainText('No webhook URL is set');

  // With a webhook (a real HTTP server on loopback), the test message is posted and logged as sent.
  const posted: unknown[] = [];
  const hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      posted.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = hook.address() as AddressInfo;
    const res = await page.request.post(`${greenboard.origin}/api/settings:set`, {
      headers: { authorization: `Bearer ${greenboard.token}` },
      data: { notify: { desktop: false, webhookUrl: `http://127.0.0.1:${port}/hook`, minGapMinutes: 5 } },
    });
    expect(res.status(), await res.text()).toBe(200);
    await page.getByTestId('webhook-test').click();
    await expect(page.getByTestId('webhook-test-result')).toBeVisible();
    const delivery = page.getByTestId('delivery-row').first();
    await expect(delivery).toHaveAttribute('data-state', 'sent');
    await expect(delivery).toContainText('test message');
    await expect(delivery).toContainText('Sent');
    await expect(delivery).toContainText('HTTP 200');
    expect(posted[0]).toMatchObject({ text: expect.stringContaining('test message') });
  } finally {
    hook.close();
  }
  await page.screenshot({ path: join(SCREENSHOTS, `alerts-deliveries-${firstTheme}.png`), fullPage: true });

  // The other theme, for a person to look at.
  await page.getByTestId('theme-toggle').click();
  const theme = await page.locator('html').getAttribute('data-theme');
  await page.screenshot({ path: join(SCREENSHOTS, `alerts-deliveries-${theme}.png`), fullPage: true });

  // Live: changes are pushed into the open log, but only those its filters let through.
  const setMemoryRule = async (warn: number, critical: number): Promise<void> => {
    const res = await page.request.post(`${greenboard.origin}/api/settings:set`, {
      headers: { authorization: `Bearer ${greenboard.token}` },
      data: { rules: { defaults: { memory: { warn, critical, forMs: 0 } } } },
    });
    expect(res.status(), await res.text()).toBe(200);
  };
  await page.getByTestId('alerts-tab-log').click();
  await expect(hostRow.first()).toBeVisible();
  await page.getByTestId('alert-filter-warn').click();
  await expect(page.getByTestId('alert-log-empty')).toBeVisible();
  await setMemoryRule(99.8, 99.9); // back to green
  await expect(page.getByTestId('nav-alerts-red')).toHaveCount(0);
  await expect(card).toHaveCount(0); // still on the Alerts page
  await expect(page.getByTestId('alert-log-empty')).toBeVisible();
  await page.getByTestId('alert-filter-warn').click();
  await expect(hostRow.first()).toHaveAttribute('data-to', 'ok');
  const before = await rows.count();
  await setMemoryRule(1, 2); // red again, while the page stays open
  await expect(hostRow.first()).toHaveAttribute('data-to', 'critical');
  await expect.poll(() => rows.count()).toBeGreaterThan(before);
  await page.screenshot({ path: join(SCREENSHOTS, `alerts-log-${theme}.png`), fullPage: true });
});

test('a saved history keeps its alert log, searchable but read-only', async ({ page }, testInfo) => {
  const recorded = testInfo.outputPath('recorded');
  mkdirSync(recorded, { recursive: true });
  writeFileSync(join(recorded, 'greenboard.json'), JSON.stringify(RED_ON_FIRST_POLL));
  const live = await startServe(recorded);
  try {
    // Wait until the change into red is in the log, then stop: the file is what is reviewed.
    await expect
      .poll(async () => {
        const res = await page.request.post(`${live.served.origin}/api/alerts:list`, {
          headers: { authorization: `Bearer ${live.served.token}` },
          data: { scope: 'host', to: ['critical'] },
        });
        return ((await res.json()) as { result?: { entries: unknown[] } }).result?.entries.length ?? 0;
      })
      .toBeGreaterThan(0);
  } finally {
    await stopServe(live.child);
  }

  const review = await startServe(testInfo.outputPath('unused'), [
    '--history',
    join(recorded, 'greenboard.sqlite'),
  ]);
  try {
    await page.goto(`${review.served.url}#/alerts`);
    await expect(page.getByTestId('history-banner')).toBeVisible();
    const hostRow = page.locator('[data-testid="alert-row"][data-kind="host"][data-host-id="local"]');
    await expect(hostRow.first()).toHaveAttribute('data-to', 'critical');
    await page.getByTestId('alert-search').fill('memory');
    await expect(hostRow.first()).toBeVisible();
    await page.getByTestId('alerts-tab-silences').click();
    await expect(page.getByTestId('silences-panel')).toBeVisible();
    await expect(page.getByTestId('silence-add')).toHaveCount(0);
    await expect(page.getByTestId('window-add')).toHaveCount(0);
    await page.getByTestId('alerts-tab-deliveries').click();
    await expect(page.getByTestId('deliveries-panel')).toBeVisible();
    await expect(page.getByTestId('webhook-test')).toHaveCount(0);
  } finally {
    await stopServe(review.child);
  }
});
