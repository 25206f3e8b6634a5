import { join } from 'node:path';
import { expect, SCREENSHOTS, test } from './fixtures';

test('the host page runs a security audit and shows its score, findings and fixes', async ({
  page,
  greenboard,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(greenboard.url);
  await page.locator('[data-testid="host-card"][data-host-id="local"]').click();
  await expect(page.getByTestId('host-page')).toHaveAttribute('data-host-id', 'local');

  const panel = page.getByTestId('security');
  await panel.scrollIntoViewIfNeeded();
  await expect(panel).toContainText('Not audited yet');

  const run = panel.getByTestId('security-run');
  await run.click();
  await expect(run).toHaveText(/Run security audit/, { timeout: 60_000 });
  await expect(panel.getByTestId('security-error')).toHaveCount(0);

  // The score with its word, e.g. "34/100 needs work".
  await expect(panel.getByTestId('security-score')).toHaveText(/^\d{1,3}\/100(good|fair|needs work|poor)$/);
  const findings = panel.getByTestId('security-finding');
  expect(await findings.count()).toBeGreaterThan(0);

  // A failed or unchecked finding says how to fix it; a not-checked one says why it was not.
  const fixes = panel.getByTestId('security-fix');
  await expect(fixes.first()).toContainText(/^Fix: \S/);
  const unchecked = panel.getByTestId('security-group-not_checked');
  const passed = panel.getByTestId('security-group-pass');
  expect((await unchecked.count()) + (await passed.count())).toBeGreaterThan(0);
  if ((await unchecked.count()) > 0)
    await expect(unchecked.locator('.finding__reason').first()).toHaveText(/^not checked: \S/);

  // Severity reads in a word beside its icon, not by colour alone.
  await expect(findings.first().locator('.severity')).toHaveText(/(critical|high|medium|low|info)$/);

  // Evidence is collapsed until asked for.
  const evidence = findings.first().locator('.finding__evidence');
  if ((await evidence.count()) > 0) {
    await expect(evidence.locator('pre')).toBeHidden();
    await evidence.locator('summary').click();
    await expect(evidence.locator('pre')).toBeVisible();
  }

  // The run is kept: its score is in the history, and a reload shows the same report.
  await expect(panel.getByTestId('security-history')).toContainText(/\d/);
  const score = (await panel.getByTestId('security-score').textContent()) ?? '';
  await page.reload();
  await page.getByTestId('security').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('security-score')).toHaveText(score);

  // Tall enough that the panel fits without scrolling under the sticky header.
  await page.setViewportSize({ width: 1280, height: 2600 });
  await page.getByTestId('security').screenshot({ path: join(SCREENSHOTS, 'host-security.png') });
  expect(pageErrors).toEqual([]);
});
