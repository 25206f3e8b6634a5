import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { makeSample } from '../electron/engine/testing/fakes';
import { AlertLog } from '../electron/engine/store/alertLog';
import { Store } from '../electron/engine/store/store';
import type { Sample } from '../shared/schemas';
import { expect, SCREENSHOTS, startServe, stopServe, test } from './fixtures';
import type { TestInfo } from '@playwright/test';

const GiB = 2 ** 30;
const HOSTS = 60;
type Kind = 'red' | 'amber' | 'grey' | 'green';
const RANK: Record<Kind, number> = { red: 0, amber: 1, grey: 2, green: 3 };

const kindOf = (i: number): Kind =>
  i % 10 === 3 ? 'red' : i % 10 === 6 ? 'amber' : i === 8 ? 'grey' : 'green';
const nameOf = (i: number): string => `node-${String(i + 1).padStart(3, '0')}`;

const over: Record<Kind, Partial<Sample>> = {
  red: { cpu: { cores: 4, busyPct: 99, iowaitPct: 1, stealPct: 0 } },
  amber: { mem: { totalBytes: 100 * GiB, usedBytes: 93 * GiB, availableBytes: 7 * GiB } },
  grey: {},
  green: {},
};

/** What the rule engine logged while recording: the signal that made each red or amber host so. */
const raised: Partial<Record<Kind, { signal: string; to: 'critical' | 'warn'; reason: string }>> = {
  red: { signal: 'cpu', to: 'critical', reason: 'CPU 99% ≥ 95% for 2 min' },
  amber: { signal: 'memory', to: 'warn', reason: 'memory 93% ≥ 90% for 2 min' },
};

/**
 * A saved history of a fleet whose last polls put each host in a known state: the live engine
 * only has this machine, which is nearly always green. Served read-only with --history, the
 * board judges each host as of the file's last sample; the grey host stopped 5 minutes earlier.
 */
function writeFleet(file: string): string[] {
  const store = new Store(file);
  const log = new AlertLog(store.db);
  const end = Date.UTC(2026, 5, 1, 12, 10, 0);
  for (let i = 0; i < HOSTS; i++) {
    const name = nameOf(i);
    const kind = kindOf(i);
    store.upsertHost(
      {
        id: name,
        name,
        kind: 'ssh',
        intervalMs: 5000,
        tags: [i % 2 ? 'web' : 'db', 'prod'],
        ssh: { user: 'ops', host: `10.0.0.${i + 1}`, port: 22 },
      },
      0,
    );
    const last = kind === 'grey' ? end - 5 * 60_000 : end;
    for (let t = last - 60_000; t <= last; t += 5000) store.writeSample(makeSample(name, t, over[kind]));
    const alert = raised[kind];
    if (alert) {
      const { signal, to, reason } = alert;
      log.insert({
        hostId: name,
        signal,
        kind: signal,
        from: 'ok',
        to,
        at: last - 60_000,
        value: null,
        threshold: null,
        reason,
        notice: null,
      });
    }
  }
  store.close();
  // The order the board must show: worst first, then by name.
  return Array.from({ length: HOSTS }, (_, i) => i)
    .sort((a, b) => RANK[kindOf(a)] - RANK[kindOf(b)] || a - b)
    .map(nameOf);
}

const focusedHost = (page: Page): Promise<string | null> =>
  page.locator(':focus').getAttribute('data-host-id');

/** Rendered cards in board order (rows are absolutely placed, so order by position, not DOM). */
async function renderedCards(page: Page): Promise<{ id: string; state: string }[]> {
  const cards = await Promise.all(
    (await page.getByTestId('host-card').all()).map(async (card) => ({
      box: await card.boundingBox(),
      id: (await card.getAttribute('data-host-id')) ?? '',
      state: (await card.getAttribute('data-state')) ?? '',
    })),
  );
  return cards
    .sort((a, b) => (a.box?.y ?? 0) - (b.box?.y ?? 0) || (a.box?.x ?? 0) - (b.box?.x ?? 0))
    .map(({ id, state }) => ({ id, state }));
}

/** Serves the fleet history read-only, opens it, and runs `body` with the expected order. */
async function withFleet(
  page: Page,
  testInfo: TestInfo,
  body: (expected: string[]) => Promise<void>,
): Promise<void> {
  const file = testInfo.outputPath('fleet.sqlite');
  const expected = writeFleet(file);
  const { served, child } = await startServe(testInfo.outputPath('unused'), ['--history', file]);
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('summary-green')).toHaveText('47');
    await body(expected);
  } finally {
    await stopServe(child);
  }
}

test('cards come worst first, only the visible ones are rendered, and the summary filters', async ({
  page,
}, testInfo) => {
  await withFleet(page, testInfo, async (expected) => {
    await expect(page.getByTestId('summary-red')).toHaveText('6');
    await expect(page.getByTestId('summary-amber')).toHaveText('6');
    await expect(page.getByTestId('summary-grey')).toHaveText('1');

    const cards = await renderedCards(page);
    expect(cards.map((c) => c.id)).toEqual(expected.slice(0, cards.length));
    expect(cards.slice(0, 6).every((c) => c.state === 'red')).toBe(true);
    // Virtualized: a screenful of rows, not all 60 cards.
    expect(cards.length).toBeGreaterThan(3);
    expect(cards.length).toBeLessThan(HOSTS);

    // A count in the summary bar filters to that state; the search narrows it further.
    await page.getByTestId('summary-filter-amber').click();
    await expect(page.getByTestId('summary-filter-amber')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('state-filter')).toContainText('Only warning');
    await expect(page.getByTestId('host-card')).toHaveCount(6);
    expect((await renderedCards(page)).every((c) => c.state === 'amber')).toBe(true);
    await page.getByTestId('board-search').fill('node-01');
    await expect(page.getByTestId('host-card')).toHaveCount(1);
    await expect(page.getByTestId('host-card')).toHaveAttribute('data-host-id', 'node-017');
    await page.getByTestId('board-search').press('Escape');
    await expect(page.getByTestId('board-search')).toHaveValue('');
    await expect(page.getByTestId('host-card')).toHaveCount(6);
    await page.getByTestId('state-filter').click();
    await expect(page.getByTestId('state-filter')).toHaveCount(0);
    await expect(page.locator('[data-host-id="node-004"]')).toBeVisible();
  });
});

test('arrow keys move across the grid, Enter opens the host, and Back returns to it', async ({
  page,
}, testInfo) => {
  await withFleet(page, testInfo, async (expected) => {
    const columns = Number(await page.getByTestId('board-grid').getAttribute('data-columns'));
    expect(columns).toBeGreaterThan(1);
    const focusIs = (id: string | undefined) => expect.poll(() => focusedHost(page)).toBe(id);

    await page.keyboard.press('/');
    await expect(page.getByTestId('board-search')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await focusIs(expected[0]);
    await page.keyboard.press('ArrowRight');
    await focusIs(expected[1]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const target = expected[1 + 2 * columns] ?? '';
    await focusIs(target);
    await expect(page.locator(`[data-host-id="${target}"]`)).toBeInViewport();

    // The last card is far below the rendered rows: End brings it in and focuses it.
    await page.keyboard.press('End');
    await focusIs(expected.at(-1));
    await expect(page.locator(`[data-host-id="${expected.at(-1)}"]`)).toBeInViewport();
    await page.keyboard.press('Home');
    await focusIs(expected[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const opened = expected[columns] ?? '';
    await expect(page.getByTestId('host-page')).toHaveAttribute('data-host-id', opened);
    expect(new URL(page.url()).hash).toBe(`#/host/${opened}`);

    // Back on the board, the keyboard is where it was.
    await page.goBack();
    await expect(page.getByTestId('board-grid')).toBeVisible();
    await focusIs(opened);

    // Escape in the search box clears it and hands the keyboard back to the cards.
    await page.keyboard.press('/');
    await page.keyboard.type('node-06');
    await expect(page.getByTestId('host-card')).toHaveCount(1);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('board-search')).toHaveValue('');
    await focusIs(opened);
  });
});

test('grouped by tag, a host shows under each of its tags and the arrows cross sections', async ({
  page,
}, testInfo) => {
  await withFleet(page, testInfo, async () => {
    await page.getByTestId('group-by-tag').click();
    await expect(page.getByTestId('board-section').first()).toContainText('#db');
    await page.locator('[data-cell^="tag:db/"]').first().focus();
    await page.keyboard.press('End');
    // Sections run db, prod (every host), web: End lands in the last one.
    await expect.poll(() => page.locator(':focus').getAttribute('data-cell')).toMatch(/^tag:web\//);
    await page.keyboard.press('Home');
    await page.screenshot({ path: join(SCREENSHOTS, 'board-grouped.png') });
  });
});

test('the board in both themes', async ({ page }, testInfo) => {
  await withFleet(page, testInfo, async () => {
    for (let i = 0; i < 2; i++) {
      const theme = await page.locator('html').getAttribute('data-theme');
      await page.screenshot({ path: join(SCREENSHOTS, `board-fleet-${theme}.png`) });
      await page.getByTestId('theme-toggle').click();
    }
  });
});

test('the list view shows 20+ hosts at 1280×720, worst first, keeps the keys, and is remembered', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await withFleet(page, testInfo, async (expected) => {
    await page.getByTestId('board-view').getByRole('button', { name: 'List' }).click();
    await expect(page.getByTestId('host-row').first()).toBeVisible();
    await expect(page.getByTestId('host-card')).toHaveCount(0);
    // Rows wholly inside the window without scrolling.
    const boxes = await Promise.all((await page.getByTestId('host-row').all()).map((r) => r.boundingBox()));
    const inView = boxes.filter((b) => b && b.y >= 0 && b.y + b.height <= 720);
    expect(inView.length).toBeGreaterThanOrEqual(20);
    const first = page.getByTestId('host-row').first();
    await expect(first).toHaveAttribute('data-host-id', expected[0]!);
    await expect(first).toHaveAttribute('data-state', 'red');
    await expect(first.getByTestId('row-reason')).toHaveText(/CPU 99%/);
    await expect(first.getByTestId('row-cpu')).toContainText('99%');
    await page.screenshot({ path: join(SCREENSHOTS, 'board-list-1280.png') });
    // One row per step: ArrowDown moves to the next host in board order.
    await first.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedHost(page)).toBe(expected[1]);
    // Remembered across a reload.
    await page.reload();
    await expect(page.getByTestId('host-row').first()).toBeVisible();
    await expect(page.getByTestId('board-view').getByRole('button', { name: 'List' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await page.getByTestId('theme-toggle').click();
    const theme = await page.locator('html').getAttribute('data-theme');
    await page.screenshot({ path: join(SCREENSHOTS, `board-list-1280-${theme}.png`) });
  });
});
