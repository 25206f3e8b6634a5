import { join } from 'node:path';
import { mariadbMissingReason, startMariadb } from '../electron/engine/services/testing/mariadbServer';
import {
  redisMissingReason,
  startRedis,
  type TestRedis,
} from '../electron/engine/services/testing/redisServer';
import { expect, SCREENSHOTS, startServe, stopServe, test } from './fixtures';

const missing = redisMissingReason();

test.describe('databases and caches', () => {
  // Checkable: `command -v redis-server redis-cli`; npm test installs them (Debian redis-server, redis-tools).
  test.skip(
    missing !== null,
    'skipped: redis-server or redis-cli is not on the PATH (npm test installs Debian redis-server with apt-get as root)',
  );

  let redis: TestRedis;
  test.beforeEach(async () => {
    redis = await startRedis();
  });
  test.afterEach(async () => {
    await redis.stop();
  });

  test('a Redis on this machine is added from the host page, shows on the card and the page, and is removed', async ({
    page,
    greenboard,
  }) => {
    test.setTimeout(90_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(greenboard.url);

    // A card without services looks as before: no service rows at all.
    const card = page.locator('[data-testid="host-card"][data-host-id="local"]');
    await expect(card).toHaveAttribute('data-state', /^(green|amber|red)$/);
    await expect(card.getByTestId('card-services')).toHaveCount(0);

    await card.click();
    await expect(page.getByTestId('host-page')).toHaveAttribute('data-host-id', 'local');
    const section = page.getByTestId('services-section');
    await expect(section.getByTestId('services-empty')).toBeVisible();

    // Suggestions: what this machine seems to run, each a click away (what is found varies).
    await section.getByTestId('service-add').click();
    const dialog = page.getByTestId('service-form-dialog');
    await dialog.getByTestId('service-suggest').click();
    await expect(dialog.getByTestId('service-suggestions')).toContainText(/ on port \d+|Nothing found/);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);

    // A port out of range is refused beside its field, before anything is sent.
    await section.getByTestId('service-add').click();
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('service-kind').selectOption('redis');
    await expect(dialog.getByTestId('service-port')).toHaveAttribute('placeholder', '6379');
    // Redis is read through a tunnel unless the user says (no process started on the host).
    await expect(dialog.getByTestId('service-via-tunnel')).toBeChecked();
    await dialog.getByTestId('service-port').fill('70000');
    await dialog.getByTestId('service-save').click();
    await expect(dialog.getByTestId('service-port-error')).toHaveText('enter a port from 1 to 65535');
    await expect(dialog.getByTestId('service-port')).toHaveAttribute('aria-invalid', 'true');
    await dialog.screenshot({ path: join(SCREENSHOTS, 'service-form-error.png') });

    // The private Redis on its port: added, polled once, green.
    await dialog.getByTestId('service-port').fill(String(redis.port));
    await dialog.getByTestId('service-save').click();
    await expect(dialog).toHaveCount(0, { timeout: 20_000 });
    const panel = section.getByTestId('service-panel');
    await expect(panel).toHaveAttribute('data-service-id', `local/redis-${redis.port}`);
    await expect(panel).toHaveAttribute('data-state', 'green');
    await expect(panel.getByTestId('service-message')).toHaveText('All checks passing');
    // A second poll, so the rates (operations per second) have an interval to be read over.
    await panel.getByTestId('service-poll').click();
    const chart = panel.getByTestId('service-chart-ops');
    await chart.scrollIntoViewIfNeeded();
    await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
    await expect(panel.getByTestId('service-sessions')).toBeVisible();
    // Every chart on screen once, so the shot shows them drawn.
    for (const id of ['hit', 'mem', 'clients', 'ping']) {
      const c = panel.getByTestId(`service-chart-${id}`);
      await c.scrollIntoViewIfNeeded();
      await expect(c).toHaveAttribute('data-fetched', 'true');
    }
    await page.evaluate('window.scrollTo(0, 0)');
    // The section alone, cut from the whole page, so the sticky header is not drawn over it.
    const box = await section.boundingBox();
    if (!box) throw new Error('the services section has no box');
    await page.screenshot({ path: join(SCREENSHOTS, 'service-section.png'), fullPage: true, clip: box });

    // On the board: one row on this machine's card, with its key number.
    await page.getByTestId('back-link').click();
    const row = card.getByTestId('card-service');
    await expect(row).toHaveAttribute('data-state', 'green');
    await expect(row).toContainText('Redis');
    await expect(row.getByTestId('card-service-number')).toContainText('ops/s');
    await card.screenshot({ path: join(SCREENSHOTS, 'service-card.png') });

    // Stopped: the page says so in words, the card row names the problem in place of the number.
    await redis.kill();
    await card.click();
    await panel.getByTestId('service-poll').click();
    // Amber at once, with the failure in words; the rule turns it red if it lasts a minute.
    await expect(panel).toHaveAttribute('data-state', 'amber');
    await expect(panel.getByTestId('service-message')).toContainText('Cannot reach it:');
    await page.getByTestId('back-link').click();
    await expect(row.getByTestId('card-service-problem')).toHaveText('Cannot reach it');
    await card.screenshot({ path: join(SCREENSHOTS, 'service-card-failed.png') });

    // Removed after a second question: gone from the page and the card.
    await card.click();
    await panel.getByTestId('service-remove').click();
    await panel.getByTestId('service-remove-confirm').click();
    await expect(section.getByTestId('service-panel')).toHaveCount(0);
    await expect(section.getByTestId('services-empty')).toBeVisible();
    await page.getByTestId('back-link').click();
    await expect(card).toBeVisible();
    await expect(card.getByTestId('card-services')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });

  test('a reviewed history shows its services read-only: nothing to add, poll or remove', async ({
    page,
  }, testInfo) => {
    test.setTimeout(90_000);
    const dataDir = testInfo.outputPath('recorded');
    const live = await startServe(dataDir);
    try {
      await page.goto(live.served.url);
      await page.locator('[data-testid="host-card"][data-host-id="local"]').click();
      await page.getByTestId('service-add').click();
      const dialog = page.getByTestId('service-form-dialog');
      await dialog.getByTestId('service-kind').selectOption('redis');
      await dialog.getByTestId('service-port').fill(String(redis.port));
      await dialog.getByTestId('service-save').click();
      await expect(dialog).toHaveCount(0, { timeout: 20_000 });
      await expect(page.getByTestId('service-panel')).toHaveAttribute('data-state', 'green');
    } finally {
      await stopServe(live.child);
    }

    const review = await startServe(testInfo.outputPath('unused'), [
      '--history',
      join(dataDir, 'greenboard.sqlite'),
    ]);
    try {
      await page.goto(review.served.url);
      await expect(page.getByTestId('history-banner')).toContainText('read-only');
      const card = page.locator('[data-testid="host-card"][data-host-id="local"]');
      await expect(card.getByTestId('card-service')).toContainText('Redis');
      await card.click();
      const panel = page.getByTestId('service-panel');
      await expect(panel).toHaveAttribute('data-service-id', `local/redis-${redis.port}`);
      await expect(page.getByTestId('service-add')).toHaveCount(0);
      await expect(panel.getByTestId('service-poll')).toHaveCount(0);
      await expect(panel.getByTestId('service-remove')).toHaveCount(0);
      // Its stored reading is charted over a range ending at the history's end.
      const chart = panel.getByTestId('service-chart-mem');
      await chart.scrollIntoViewIfNeeded();
      await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
    } finally {
      await stopServe(review.child);
    }
  });
});

test.describe('top queries', () => {
  const noMariadb = mariadbMissingReason();
  // Checkable: `command -v mariadbd mariadb-install-db mysql` and `id mysql`; npm test installs mariadb-server.
  test.skip(
    noMariadb !== null,
    'skipped: mariadbd, mariadb-install-db or mysql is not on the PATH, or there is no mysql user (npm test installs Debian mariadb-server with apt-get as root)',
  );

  test('a MariaDB on this machine lists its top statements with their text on demand, and compares two ranges', async ({
    page,
    greenboard,
  }) => {
    test.setTimeout(90_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const db = await startMariadb();
    try {
      await db.run('CREATE DATABASE shop; CREATE TABLE shop.orders (id INT PRIMARY KEY, total INT)');
      await page.goto(greenboard.url);
      await page.locator('[data-testid="host-card"][data-host-id="local"]').click();
      const section = page.getByTestId('services-section');
      await section.getByTestId('service-add').click();
      const dialog = page.getByTestId('service-form-dialog');
      await dialog.getByTestId('service-kind').selectOption('mysql');
      await expect(dialog.getByTestId('service-port')).toHaveAttribute('placeholder', '3306');
      await dialog.getByTestId('service-port').fill(String(db.port));
      await dialog.getByTestId('service-socketDir').fill(db.socketDir);
      await dialog.getByTestId('service-save').click();
      await expect(dialog).toHaveCount(0, { timeout: 20_000 });
      const panel = section.getByTestId('service-panel');
      await expect(panel).toHaveAttribute('data-state', /^(green|amber)$/);

      // Statements between two polls are that interval's top queries.
      await db.run(
        'INSERT INTO shop.orders VALUES (1, 10), (2, 20), (3, 30); SELECT SUM(total) FROM shop.orders WHERE id > 1',
      );
      await panel.getByTestId('service-poll').click();
      const top = panel.getByTestId('top-queries');
      const rows = top.getByTestId('top-query');
      await expect(rows.first()).toBeVisible();
      // A statement's text is read the poll after it first shows up (only for ids not seen before).
      await panel.getByTestId('service-poll').click();
      await expect(rows.filter({ hasText: 'orders' }).first()).toBeVisible();

      // The whole statement on demand, as text.
      const insert = rows.filter({ hasText: 'INSERT' }).first();
      await insert.getByTestId('top-query-toggle').click();
      await expect(top.getByTestId('top-query-text')).toContainText('INSERT INTO');
      await expect(top.getByTestId('top-query-spark').first()).toBeVisible();

      // Before/after: the same length before this range, side by side with the change.
      await top
        .getByTestId('compare-mode')
        .getByRole('button', { name: 'vs the same length before' })
        .click();
      await expect(top.getByTestId('compare-ranges')).toContainText('Before:');
      await expect(rows.first().getByTestId('top-query-change')).toHaveCount(3);
      await top.screenshot({ path: join(SCREENSHOTS, 'service-top-queries.png') });
      expect(pageErrors).toEqual([]);
    } finally {
      await db.stop();
    }
  });
});
