import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Receiver } from '../electron/engine/testing/httpReceiver';
import { startSshd, type TestSshd } from '../electron/engine/ssh/testing/sshd';
import { expect, SCREENSHOTS, test as base, watchChecked } from './fixtures';

// A real webhook receiver on loopback, started before the server so greenboard.json can name it.
const test = base.extend<{ receiver: Receiver }>({
  // Playwright reads a fixture's dependencies from its first parameter's destructuring: none here.
  // eslint-disable-next-line no-empty-pattern
  receiver: async ({}, use) => {
    const receiver = await new Receiver().listen();
    await use(receiver);
    await receiver.close();
  },
  // Any machine uses more than 2% of its memory: every host goes red on its first poll.
  greenboardConfig: async ({ receiver }, use) =>
    use({
      rules: { defaults: { memory: { warn: 1, critical: 2, forMs: 0 } } },
      notify: { desktop: false, webhookUrl: receiver.url, minGapMinutes: 5 },
    }),
});

/** The `What` column of the postmortem's timeline table, in order. */
function timelineKinds(markdown: string): string[] {
  const section = markdown.split('## Timeline')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| Time') && !l.startsWith('| ---'))
    .map((l) => l.split('|')[2]?.trim() ?? '');
}

test('a red SSH host becomes an incident: declared, owned, diagnosed, updated, resolved and written up', async ({
  page,
  greenboard,
  receiver,
}) => {
  test.setTimeout(180_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  let sshd: TestSshd | undefined;
  try {
    sshd = await startSshd();
    await page.goto(greenboard.url);
    await expect(page.locator('[data-testid="host-card"][data-host-id="local"]')).toBeVisible();

    // The response plan: Grace joins the team (Settings → Incident plan).
    await page.getByTestId('settings-open').click();
    const settings = page.getByTestId('settings-dialog');
    await settings.getByTestId('settings-tab-plan').click();
    const plan = settings.getByTestId('plan-settings');
    await expect(plan.locator('[data-testid="plan-role"][data-role-id="commander"]')).toContainText(
      'always kept',
    );
    await expect(plan.getByTestId('plan-webhook-SEV2')).toBeChecked();
    await expect(plan.getByTestId('plan-templates')).toContainText('Memory exhaustion');
    await plan.getByTestId('plan-add-member').click();
    await plan.getByTestId('plan-member-name').last().fill('Grace');
    await page.screenshot({ path: join(SCREENSHOTS, 'incident-plan-settings.png') });
    await settings.getByTestId('settings-save').click();
    await expect(settings).toBeHidden();

    // The SSH host, added and trusted through the UI.
    await page.getByTestId('add-host').click();
    const form = page.getByTestId('host-form');
    await form.getByTestId('host-name').fill('web-1');
    await form.getByTestId('host-ssh').fill(`${sshd.user}@127.0.0.1:${sshd.port}`);
    await form.getByTestId('host-identity').fill(sshd.clientKeyPath);
    await form.getByTestId('host-save').click();
    await expect(form).toBeHidden();
    const card = page.locator('[data-testid="host-card"][data-host-id="web-1"]');
    await card.getByTestId('review-key').click({ timeout: 20_000 });
    await page.getByTestId('trust-confirm').click();
    await expect(page.getByTestId('trust-dialog')).toBeHidden({ timeout: 20_000 });
    await expect(card).toHaveAttribute('data-state', 'red', { timeout: 30_000 });

    // Declare from the card: the button does not open the host page underneath.
    await card.getByTestId('declare-incident').click();
    const dialog = page.getByTestId('declare-dialog');
    await expect(dialog).toBeVisible();
    await expect(page).not.toHaveURL(/#\/host\//);
    await expect(dialog.getByTestId('declare-title')).toHaveValue(/^web-1: memory \d+% ≥ 2%/i);
    await expect(dialog.locator('[data-testid="declare-host"][data-host-id="web-1"]')).toBeChecked();
    await expect(dialog.getByTestId('declare-template')).toHaveValue('memory-exhaustion');
    await expect(dialog).toContainText('Major: a core service is badly degraded');
    await dialog.getByTestId('declare-SEV2').check();
    await dialog.getByTestId('declare-by').fill('Ada');
    await page.screenshot({ path: join(SCREENSHOTS, 'incident-declare-dialog.png') });
    await dialog.getByTestId('declare-submit').click();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(/#\/incident\/INC-1$/);

    const incident = page.getByTestId('incident-page');
    await expect(incident.getByTestId('incident-title')).toContainText('web-1: memory');
    await expect(incident.getByTestId('incident-warnings')).toContainText(/no incident commander/i);
    await expect(page.getByTestId('nav-incidents-open')).toContainText('1');
    await expect(incident.getByTestId('incident-snapshot')).toContainText('web-1');

    // The commander from the plan's team; a scribe who is not in it, by name.
    await incident.getByTestId('role-select-commander').selectOption('Grace');
    await expect(incident.getByTestId('role-select-commander')).toHaveValue('Grace');
    await incident.getByTestId('role-select-scribe').selectOption({ label: 'Someone else…' });
    await incident.getByTestId('role-name-scribe').fill('Linus');
    await incident.getByTestId('role-assign-scribe').click();
    await expect(incident.getByTestId('role-select-scribe')).toHaveValue('Linus');
    await expect(incident.getByTestId('incident-warnings')).toHaveCount(0);
    await expect(incident.getByTestId('incident-tta')).not.toContainText('—');

    // Tick the step that runs "top processes by memory" over SSH on web-1.
    const step = incident.locator('[data-testid="checklist-step"][data-step-id="top"]');
    await expect(step.getByTestId('checklist-diag')).toContainText('runs top-mem on web-1');
    // The tick shows at once and stays while the engine saves it and runs the diagnostic over
    // SSH: watched frame by frame, since it used to flip back while the diagnostic ran.
    const tick = step.getByTestId('checklist-tick');
    const ticks = await watchChecked(page, '[data-step-id="top"] [data-testid="checklist-tick"]');
    await tick.check();
    // The engine's own record of the tick, then the diagnostic it ran.
    await expect(step.getByTestId('checklist-done')).toContainText('by Ada');
    await expect(
      incident
        .locator('[data-testid="timeline-entry"][data-kind="checklist"]')
        .filter({ hasText: 'Check the top processes' }),
    ).toBeVisible();
    const diag = incident.locator('[data-testid="timeline-entry"][data-kind="diagnostic"]');
    await expect(diag).toContainText('Top processes by memory on web-1: exit 0', { timeout: 30_000 });
    await expect(step.getByTestId('checklist-running')).toHaveCount(0);
    const seen = await ticks();
    expect(seen.slice(seen.indexOf(true)), `checked, frame by frame: ${seen.join(' ')}`).not.toContain(false);
    await expect(tick).toBeChecked();
    await diag.getByTestId('timeline-output').locator('summary').click();
    await expect(diag.getByTestId('timeline-output').locator('pre')).toContainText(/PID.*RSS/);

    // A status update: in the timeline and at the webhook (SEV2 updates go there).
    await expect(incident.getByTestId('update-channel')).toContainText('also go to the webhook');
    await incident.getByTestId('incident-text').fill('A worker leaks memory; restarting it now.');
    await incident.getByTestId('incident-update').click();
    await expect(incident.locator('[data-testid="timeline-entry"][data-kind="update"]')).toContainText(
      'A worker leaks memory',
    );
    await expect
      .poll(() => receiver.texts().some((t) => t.includes('A worker leaks memory; restarting it now.')), {
        timeout: 20_000,
      })
      .toBe(true);
    await expect(incident.getByTestId('update-delivery')).toHaveAttribute('data-state', 'sent', {
      timeout: 20_000,
    });
    const openTheme = await page.locator('html').getAttribute('data-theme');
    await page.evaluate('window.scrollTo(0, 0)'); // the sticky header stays at the top
    await page.screenshot({ path: join(SCREENSHOTS, `incident-page-open-${openTheme}.png`), fullPage: true });

    // Resolve with what fixed it.
    await incident.getByTestId('incident-resolve').click();
    await page.getByTestId('resolve-text').fill('Restarted the worker; memory back to normal.');
    await page.getByTestId('resolve-submit').click();
    await expect(page.getByTestId('resolve-dialog')).toBeHidden();
    await expect(incident).toHaveAttribute('data-status', 'resolved');
    await expect(incident.getByTestId('incident-reopen')).toBeVisible();
    await expect(incident.getByTestId('incident-ttr')).not.toContainText('—');

    // The incident page in both themes.
    const theme = await page.locator('html').getAttribute('data-theme');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SCREENSHOTS, `incident-page-${theme}.png`), fullPage: true });
    await page.getByTestId('theme-toggle').click();
    const other = await page.locator('html').getAttribute('data-theme');
    expect(other).not.toBe(theme);
    await page.screenshot({ path: join(SCREENSHOTS, `incident-page-${other}.png`), fullPage: true });

    // The list: the resolved incident with its commander.
    await page.getByTestId('nav-incidents').click();
    const row = page.locator('[data-testid="incident-row"][data-incident-id="INC-1"]');
    await expect(row).toContainText('Grace');
    await expect(row.getByTestId('incident-row-status')).toHaveText('Resolved');
    await page.screenshot({ path: join(SCREENSHOTS, `incidents-list-${other}.png`), fullPage: true });
    await row.getByRole('link').click();

    // The postmortem: shown, editable, downloaded; its timeline holds the whole story in order.
    await page.getByTestId('postmortem-open').click();
    const pm = page.getByTestId('postmortem-dialog');
    await expect(pm.getByTestId('postmortem-text')).toHaveValue(/# Postmortem: web-1: memory/);
    await page.screenshot({ path: join(SCREENSHOTS, 'incident-postmortem.png') });
    // The preview renders the same draft: its title as a heading, its timeline as a table.
    await pm.getByTestId('postmortem-preview-tab').click();
    const preview = pm.getByTestId('postmortem-preview');
    await expect(preview.locator('h1')).toHaveText(/Postmortem: web-1: memory/);
    await expect(preview.locator('table').first()).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, 'incident-postmortem-preview.png') });
    await pm.getByTestId('postmortem-edit-tab').click();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await pm.getByTestId('postmortem-copy').click();
    await expect(pm.getByTestId('postmortem-copied')).toHaveText('✓ Copied');
    const downloading = page.waitForEvent('download');
    await pm.getByTestId('postmortem-download').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    const file = test.info().outputPath('postmortem.md');
    await download.saveAs(file);
    const markdown = readFileSync(file, 'utf8');
    expect(markdown).toContain('Restarted the worker; memory back to normal.');
    const kinds = timelineKinds(markdown);
    const story = ['declared', 'role', 'checklist', 'diagnostic', 'update', 'resolved'];
    const at = story.map((k) => kinds.indexOf(k));
    expect(
      at.every((i) => i >= 0),
      `timeline kinds: ${kinds.join(', ')}`,
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(pageErrors).toEqual([]);
  } finally {
    if (pageErrors.length) console.log(`page errors:\n${pageErrors.join('\n')}`);
    await sshd?.stop();
  }
});

test('a tick the engine refuses goes back with its reason beside the step; a saved one stays', async ({
  page,
  greenboard,
}) => {
  await page.goto(greenboard.url);
  const card = page.locator('[data-testid="host-card"][data-host-id="local"]');
  await expect(card).toHaveAttribute('data-state', 'red', { timeout: 30_000 });
  await card.getByTestId('declare-incident').click();
  const dialog = page.getByTestId('declare-dialog');
  await expect(dialog.getByTestId('declare-template')).toHaveValue('memory-exhaustion');
  await dialog.getByTestId('declare-by').fill('Ada');
  await dialog.getByTestId('declare-submit').click();
  await expect(page).toHaveURL(/#\/incident\/INC-1$/);
  const incident = page.getByTestId('incident-page');
  const step = incident.locator('[data-testid="checklist-step"][data-step-id="relieve"]');
  const tick = step.getByTestId('checklist-tick');
  const ticked = incident.locator('[data-testid="timeline-entry"][data-kind="checklist"]');

  // A name longer than the engine takes (80 characters): the engine refuses the tick.
  await incident.getByTestId('incident-by').fill('x'.repeat(81));
  await tick.click();
  await expect(step.getByTestId('checklist-refused')).toContainText(
    /^Not saved, so the step is back as it was: \S/,
  );
  await expect(tick).not.toBeChecked();
  await expect(step.getByTestId('checklist-done')).toHaveCount(0);
  await expect(incident.getByTestId('incident-error')).toHaveCount(0); // said beside the step only
  await expect(ticked).toHaveCount(0);
  await page.screenshot({ path: join(SCREENSHOTS, 'incident-tick-refused.png') });

  await incident.getByTestId('incident-by').fill('Ada');
  await tick.check();
  await expect(step.getByTestId('checklist-refused')).toHaveCount(0);
  await expect(step.getByTestId('checklist-done')).toContainText('by Ada');
  await expect(ticked).toContainText('Done: Restart the leaking service');
  await expect(tick).toBeChecked();
});
