import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { PAST, pastTimes, writePastFleet } from '../electron/engine/testing/pastFleet';
import { formatTime } from '../shared/format';
import { expect, SCREENSHOTS, startServe, stopServe, test } from './fixtures';

// Time travel against a saved history with known changes at known times (see pastFleet.ts):
// every assertion waits for what the engine answered for the moment, shown on the board.
const MIN = 60_000;

async function withPast(page: Page, testInfo: TestInfo, body: () => Promise<void>): Promise<void> {
  const file = testInfo.outputPath('past.sqlite');
  writePastFleet(file);
  const { served, child } = await startServe(testInfo.outputPath('unused'), ['--history', file]);
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('host-card')).toHaveCount(3);
    await body();
  } finally {
    await stopServe(child);
  }
}

const card = (page: Page, id: string) => page.locator(`[data-testid="host-card"][data-host-id="${id}"]`);
const slider = (page: Page) => page.getByTestId('time-scrubber-input');
const moment = (page: Page) => page.getByTestId('past-banner-moment');

/** Drags the slider to `ts` and waits for the board to show that moment. */
async function scrubTo(page: Page, ts: number): Promise<void> {
  await slider(page).fill(String(ts));
  await expect(moment(page)).toHaveText(`Viewing ${formatTime(ts)}`);
}

test('the board at a past moment is the board as it was then', async ({ page }, testInfo) => {
  await withPast(page, testInfo, async () => {
    // The slider spans the first poll to the last, not a rollup bucket's start.
    await expect(slider(page)).toHaveAttribute('min', String(PAST.t0));
    await expect(slider(page)).toHaveAttribute('max', String(PAST.end));

    const a = PAST.webWarnAt + 44_000;
    await scrubTo(page, a);
    await expect(page.getByTestId('past-banner')).toContainText('Back to last recorded');
    // Warning since its host row, although no signal row says so.
    await expect(card(page, 'web-1')).toHaveAttribute('data-state', 'amber');
    await expect(card(page, 'web-1').getByTestId('card-reason')).toContainText('password logins are allowed');
    // Unreachable since T0 + 23 s: red with the link's message, and nothing retried in the past.
    await expect(card(page, 'cache-1')).toHaveAttribute('data-state', 'red');
    await expect(card(page, 'cache-1').getByTestId('link-problem')).toHaveAttribute(
      'data-link-state',
      'unreachable',
    );
    await expect(card(page, 'cache-1').getByTestId('link-message')).toHaveText(PAST.cacheMessage);
    await expect(card(page, 'cache-1').getByTestId('link-retry')).toHaveCount(0);
    // Added 6 minutes later: not on the board yet.
    await expect(card(page, 'web-3')).toHaveCount(0);
    await expect(page.getByTestId('host-card')).toHaveCount(2);
    // The probe answered until T0 + 5 min.
    const probe = page.locator('[data-testid="probe-card"][data-probe-id="api"]');
    await expect(probe).toHaveAttribute('data-state', 'green');

    await scrubTo(page, PAST.incidentFrom + MIN);
    await expect(probe).toHaveAttribute('data-state', 'red');
    await expect(page.getByTestId('past-banner')).toContainText('INC-1 web-1 slow');

    await scrubTo(page, PAST.web3AddedAt + 2 * MIN);
    await expect(card(page, 'web-3')).toHaveAttribute('data-state', 'green');

    // Esc returns to the board as last recorded.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('past-banner')).toHaveCount(0);
    await expect(page.getByTestId('host-card')).toHaveCount(3);
  });
});

test('arrow keys step from poll to poll, Shift+arrow by a minute; the banner button returns', async ({
  page,
}, testInfo) => {
  await withPast(page, testInfo, async () => {
    const mid = PAST.t0 + 5 * MIN + 12_000;
    await scrubTo(page, mid);
    await slider(page).focus();
    await page.keyboard.press('ArrowLeft');
    await expect(moment(page)).toHaveText(`Viewing ${formatTime(PAST.t0 + 5 * MIN + 10_000)}`);
    await page.keyboard.press('ArrowRight');
    await expect(moment(page)).toHaveText(`Viewing ${formatTime(PAST.t0 + 5 * MIN + 15_000)}`);
    await page.keyboard.press('Shift+ArrowLeft');
    await expect(moment(page)).toHaveText(`Viewing ${formatTime(PAST.t0 + 4 * MIN + 15_000)}`);
    await page.getByTestId('past-back').click();
    await expect(page.getByTestId('past-banner')).toHaveCount(0);
  });
});

test('on a live board, the past shows nothing live: no retry countdown, no probe run since', async ({
  page,
}, testInfo) => {
  // The same history, recorded in the last half hour, in the data folder of a live server.
  const past = pastTimes(Date.now() - 30 * MIN);
  const dataDir = testInfo.outputPath('data');
  mkdirSync(dataDir, { recursive: true });
  writePastFleet(join(dataDir, 'greenboard.sqlite'), past);
  const { served, child } = await startServe(dataDir);
  try {
    await page.goto(served.url);
    await expect(card(page, 'cache-1')).toBeVisible();
    await scrubTo(page, past.webWarnAt + 44_000);
    await expect(page.getByTestId('past-banner')).toContainText('Back to live');
    await expect(card(page, 'cache-1').getByTestId('link-problem')).toHaveAttribute(
      'data-link-state',
      'unreachable',
    );
    await expect(card(page, 'cache-1').getByTestId('link-retry')).toHaveCount(0);
    await expect(card(page, 'cache-1').getByTestId('review-key')).toHaveCount(0);
    // This machine was added when the server started, after that moment.
    await expect(card(page, 'local')).toHaveCount(0);
    const probe = page.locator('[data-testid="probe-card"][data-probe-id="api"]');
    await expect(probe).toHaveAttribute('data-state', 'green');
    await expect(probe.getByTestId('probe-status')).toHaveText('200');
    await page.getByTestId('probe-add').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('past-banner')).toHaveCount(0);
    await expect(card(page, 'local')).toBeVisible();
  } finally {
    await stopServe(child);
  }
});

test('the scrubbed board in both themes, at 900 and 1440 px', async ({ page }, testInfo) => {
  await withPast(page, testInfo, async () => {
    await scrubTo(page, PAST.incidentFrom + MIN);
    for (const width of [900, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      for (let i = 0; i < 2; i++) {
        const theme = await page.locator('html').getAttribute('data-theme');
        await page.screenshot({ path: join(SCREENSHOTS, `time-travel-${width}-${theme}.png`) });
        await page.getByTestId('theme-toggle').click();
      }
    }
  });
});
