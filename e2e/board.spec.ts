import { join } from 'node:path';
import { expect, SCREENSHOTS, test } from './fixtures';

// A 3 s interval leaves time to see the card wait for its first sample, which comes one
// interval after start (the collector primes first, so the first sample has every rate).
test.use({ serveArgs: ['--interval-ms', '3000'] });

test('the local host goes from waiting to live numbers, and its page shows processes', async ({
  page,
  greenboard,
}) => {
  await page.goto(greenboard.url);
  const card = page.locator('[data-testid="host-card"][data-host-id="local"]');
  await expect(card).toHaveAttribute('data-state', 'waiting');
  await expect(page.getByTestId('summary-waiting')).toHaveText(/1/);

  await expect(card).toHaveAttribute('data-state', /^(green|amber|red)$/, { timeout: 10_000 });
  const cpu = card.getByTestId('card-cpu');
  await expect(cpu).toContainText('%');
  await expect(card.getByTestId('card-mem')).toContainText('GiB');
  await expect(card.getByTestId('card-disk')).toContainText('%');
  await expect(card.getByTestId('card-net')).toContainText('/s');

  // Numbers change between polls: watch the card's readings over a few polls.
  const readings = async (): Promise<string> =>
    (
      await Promise.all(['card-cpu', 'card-mem', 'card-net'].map((id) => card.getByTestId(id).innerText()))
    ).join('|');
  const first = await readings();
  await expect.poll(readings, { timeout: 15_000, intervals: [1000] }).not.toBe(first);
  await page.screenshot({ path: join(SCREENSHOTS, 'board.png'), fullPage: true });

  await card.click();
  const hostPage = page.getByTestId('host-page');
  await expect(hostPage).toHaveAttribute('data-host-id', 'local');
  await expect(page.getByTestId('host-state')).toBeVisible();
  await expect(page.getByTestId('host-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('process-row').first()).toBeVisible({ timeout: 20_000 });
  expect(await page.getByTestId('process-row').count()).toBeGreaterThan(3);
  await page.screenshot({ path: join(SCREENSHOTS, 'host.png'), fullPage: true });

  await page.getByTestId('theme-toggle').click();
  const theme = await page.locator('html').getAttribute('data-theme');
  expect(theme === 'light' || theme === 'dark').toBe(true);
  await page.screenshot({ path: join(SCREENSHOTS, `host-${theme}.png`), fullPage: true });
});

test('the board keeps its host after a reload, and Enter on a card opens it', async ({
  page,
  greenboard,
}) => {
  await page.goto(greenboard.url);
  const card = page.locator('[data-testid="host-card"][data-host-id="local"]');
  await expect(card).toHaveAttribute('data-state', /^(green|amber|red)$/, { timeout: 15_000 });
  await page.reload();
  await expect(card).toHaveAttribute('data-state', /^(green|amber|red)$/);
  await card.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('host-page')).toBeVisible();
});

test('from the keyboard alone: / searches, Escape returns to the cards, Enter opens the host', async ({
  page,
  greenboard,
}) => {
  await page.goto(greenboard.url);
  const card = page.locator('[data-testid="host-card"][data-host-id="local"]');
  await expect(card).toHaveAttribute('data-state', /^(green|amber|red)$/, { timeout: 15_000 });
  const search = page.getByTestId('board-search');

  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await page.keyboard.type('no-such-host');
  await expect(page.getByTestId('board-empty')).toContainText('no-such-host');
  await expect(card).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(card).toBeFocused();
  await expect(card).toHaveAttribute('tabindex', '0');

  // The summary's count filters by state; the state the card is in keeps it on the board.
  const state = (await card.getAttribute('data-state')) ?? 'green';
  const other = state === 'red' ? 'amber' : 'red';
  await page.getByTestId(`summary-filter-${other}`).click();
  await expect(card).toHaveCount(0);
  await page.getByTestId(`summary-filter-${other}`).click();
  await expect(card).toBeVisible();

  for (let i = 0; i < 2; i++) {
    const theme = await page.locator('html').getAttribute('data-theme');
    await page.screenshot({ path: join(SCREENSHOTS, `board-${theme}.png`), fullPage: true });
    await page.getByTestId('theme-toggle').click();
  }

  await card.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('host-page')).toHaveAttribute('data-host-id', 'local');
  expect(new URL(page.url()).hash).toBe('#/host/local');
});
