import { join } from 'node:path';
import { SPECS, type FindingSpec } from '../electron/engine/audit/findings';
import { expect, SCREENSHOTS, test } from './fixtures';

const SPEC_BY_ID = new Map<string, FindingSpec>(Object.values(SPECS).map((s) => [s.id, s]));

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
  // Wait for the outcome, a score or an error: the button reads the same before the click has
  // re-rendered it as busy as after the audit, and an audit under load outlasts the expect timeout.
  await expect(panel.getByTestId('security-score').or(panel.getByTestId('security-error'))).toBeVisible({
    timeout: 60_000,
  });
  await expect(panel.getByTestId('security-error')).toHaveCount(0);
  await expect(run).toHaveText(/Run security audit/);

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

  // A failed item reads as what is wrong, a passed one as what holds; a passed item's severity
  // badge is neutral, a failed one's keeps its colour.
  const failedGroup = panel.getByTestId('security-group-fail');
  for (const [group, title] of [
    [failedGroup, 'failTitle'],
    [passed, 'passTitle'],
  ] as const) {
    for (const row of await group.getByTestId('security-finding').all()) {
      const spec = SPEC_BY_ID.get((await row.getAttribute('data-finding-id')) ?? '');
      expect(spec).toBeDefined();
      await expect(row.getByTestId('security-finding-title')).toHaveText(spec![title]);
      if (title === 'passTitle') await expect(row.locator('.severity')).toHaveClass(/severity--passed/);
      else await expect(row.locator('.severity')).not.toHaveClass(/severity--passed/);
    }
  }

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

  // Tall enough that the panel fits without scrolling under the sticky header; the passed group
  // opened so its badges show. In both themes, for a person to look at.
  await page.setViewportSize({ width: 1280, height: 3600 });
  const passedGroup = page.getByTestId('security-group-pass');
  if ((await passedGroup.count()) > 0) await passedGroup.locator('summary').first().click();
  for (let i = 0; i < 2; i++) {
    if (i) await page.getByTestId('theme-toggle').click();
    const theme = await page.locator('html').getAttribute('data-theme');
    await page.getByTestId('security').screenshot({ path: join(SCREENSHOTS, `host-security-${theme}.png`) });
  }
  expect(pageErrors).toEqual([]);
});
