import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../electron/engine/store/store';
import { makeSample } from '../electron/engine/testing/fakes';
import { expect, startServe, stopServe, test } from './fixtures';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const INTERVAL_MS = 10 * MIN;
const MEMBERS = ['web-1', 'web-2', 'web-3'];

/**
 * A week of polls of three SSH hosts tagged "web" that no longer answer (port 1 on loopback
 * refuses), so what they stored is what the report reads: web-1 busy with a daily peak and
 * growing, web-2 and web-3 steady.
 */
function seedGroup(dataDir: string, end: number): void {
  mkdirSync(dataDir, { recursive: true });
  const store = new Store(join(dataDir, 'greenboard.sqlite'));
  for (const id of MEMBERS)
    store.upsertHost(
      {
        id,
        name: id,
        kind: 'ssh',
        intervalMs: INTERVAL_MS,
        tags: ['web'],
        ssh: { user: 'ops', host: '127.0.0.1', port: 1 },
      },
      end - 7 * DAY,
    );
  const samples = [];
  for (let t = end - 7 * DAY; t <= end; t += INTERVAL_MS) {
    const hour = new Date(t).getUTCHours();
    const daily = hour >= 18 && hour < 20 ? 30 : 0;
    const busy = { 'web-1': 40 + daily + (3 * (t - end + 7 * DAY)) / DAY, 'web-2': 25, 'web-3': 20 };
    for (const id of MEMBERS)
      samples.push(
        makeSample(id, t, {
          cpu: { cores: 4, busyPct: busy[id as keyof typeof busy], iowaitPct: 0, stealPct: 0 },
        }),
      );
  }
  store.writeSamples(samples);
  store.close();
}

test('the group page writes a capacity report and downloads it, as Markdown and as HTML', async ({
  page,
  browser,
}, testInfo) => {
  const dataDir = testInfo.outputPath('data');
  seedGroup(dataDir, Date.now() - MIN);
  const { served, child } = await startServe(dataDir);
  try {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(served.url);
    const card = page.locator('[data-testid="group-card"][data-group="web"]');
    await expect(card).toBeVisible({ timeout: 20_000 });
    await card.getByRole('link', { name: 'web', exact: true }).click();
    const section = page.getByTestId('capacity-report');
    await section.scrollIntoViewIfNeeded();

    // Markdown over 7 days: the members, a table, the charts embedded.
    await section.getByTestId('capacity-report-range').getByRole('button', { name: '7 d' }).click();
    await section.getByTestId('capacity-report-format').getByRole('button', { name: 'Markdown' }).click();
    let downloading = page.waitForEvent('download');
    await section.getByTestId('capacity-report-make').click();
    let download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^capacity-web-\d{4}-\d\d-\d\d\.md$/);
    const mdFile = testInfo.outputPath('report.md');
    await download.saveAs(mdFile);
    const markdown = readFileSync(mdFile, 'utf8');
    expect(markdown).toContain('# Capacity report: group web');
    expect(markdown).toContain('Members (3): web-1, web-2, web-3.');
    expect(markdown).toContain('| Member | CPU p95 | CPU peak |');
    for (const m of MEMBERS) expect(markdown).toMatch(new RegExp(`^\\| ${m} \\| \\d+ % \\| \\d+ % \\|`, 'm'));
    expect(markdown).toMatch(/^\| CPU \| grows [\d.]+ points a day/m);
    expect(markdown).toMatch(/^No disk, inode or memory forecast is filling \(\d+ not filling/m);
    expect(markdown.match(/data:image\/svg\+xml;base64,/g)).toHaveLength(3);
    await expect(section.getByTestId('capacity-report-done')).toContainText(
      /^Downloaded capacity-web-.*\.md: web: 3 members/,
    );

    // HTML over 30 days: one page; opened on its own, it shows its tables and charts.
    await section.getByTestId('capacity-report-range').getByRole('button', { name: '30 d' }).click();
    await section.getByTestId('capacity-report-format').getByRole('button', { name: 'HTML page' }).click();
    downloading = page.waitForEvent('download');
    await section.getByTestId('capacity-report-make').click();
    download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^capacity-web-\d{4}-\d\d-\d\d\.html$/);
    const htmlFile = testInfo.outputPath('report.html');
    await download.saveAs(htmlFile);
    const html = readFileSync(htmlFile, 'utf8');
    expect(html).toContain('Resolution: 1 h buckets');
    expect(html).not.toMatch(/<script|<link /);
    await expect(section.getByTestId('capacity-report-error')).toHaveCount(0);
    await section.screenshot({ path: testInfo.outputPath('group-capacity-report.png') });

    const viewer = await browser.newPage();
    const blocked: string[] = [];
    viewer.on('request', (r) => {
      if (!r.url().startsWith('data:') && !r.url().startsWith('file:')) blocked.push(r.url());
    });
    await viewer.goto(`file://${htmlFile}`);
    await expect(viewer.locator('h1')).toHaveText('Capacity report: group web');
    await expect(viewer.locator('table[data-table="members"] tbody tr')).toHaveCount(3);
    await expect(viewer.locator('figure svg')).toHaveCount(3);
    await viewer.screenshot({ path: testInfo.outputPath('capacity-report-html.png'), fullPage: true });
    expect(blocked).toEqual([]);
    await viewer.close();

    // Over the API: a format it cannot write and a group that does not exist are refused in words.
    const post = (data: unknown) =>
      page.request.post(`${served.origin}/api/groups:report`, {
        headers: { authorization: `Bearer ${served.token}` },
        data,
      });
    const range = { fromTs: Date.now() - DAY, toTs: Date.now() };
    const pdf = await post({ tag: 'web', ...range, format: 'pdf' });
    expect(pdf.status()).toBe(400);
    expect(await pdf.text()).toContain('format');
    const nope = await post({ tag: 'nope', ...range, format: 'md' });
    expect(nope.status()).toBe(404);
    expect(await nope.text()).toContain('No group \\"nope\\"');
    expect(pageErrors).toEqual([]);
  } finally {
    await stopServe(child);
  }
});

test('on a saved history the report counts back from the history’s end, not from now', async ({
  page,
}, testInfo) => {
  // A week that ended 20 days ago: a 7-day range ending now would hold nothing of it.
  const recorded = testInfo.outputPath('recorded');
  seedGroup(recorded, Date.now() - 20 * DAY);
  const { served, child } = await startServe(testInfo.outputPath('unused'), [
    '--history',
    join(recorded, 'greenboard.sqlite'),
  ]);
  try {
    await page.goto(`${served.url}#/group/web`);
    await expect(page.getByTestId('history-banner')).toContainText('Saved history, read-only');
    const section = page.getByTestId('capacity-report');
    await section.getByTestId('capacity-report-range').getByRole('button', { name: '7 d' }).click();
    await section.getByTestId('capacity-report-format').getByRole('button', { name: 'Markdown' }).click();
    const downloading = page.waitForEvent('download');
    await section.getByTestId('capacity-report-make').click();
    const file = testInfo.outputPath('saved.md');
    await (await downloading).saveAs(file);
    const markdown = readFileSync(file, 'utf8');
    expect(markdown).not.toContain('There is no stored history');
    for (const m of MEMBERS) expect(markdown).toMatch(new RegExp(`^\\| ${m} \\| \\d+ % \\| \\d+ % \\|`, 'm'));
  } finally {
    await stopServe(child);
  }
});
