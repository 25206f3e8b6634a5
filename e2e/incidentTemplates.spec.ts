import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, SCREENSHOTS, test } from './fixtures';

/** Opens Settings → Incident plan and picks a template; returns the dialog. */
async function openTemplate(page: Page, templateId: string) {
  await page.getByTestId('settings-open').click();
  const settings = page.getByTestId('settings-dialog');
  await settings.getByTestId('settings-tab-plan').click();
  await settings.locator(`[data-testid="template-pick"][data-template-id="${templateId}"]`).click();
  await expect(settings.getByTestId('template-form')).toHaveAttribute('data-template-id', templateId);
  return settings;
}

test('checklist templates are edited in Settings, checked by the engine, kept, and used by a new incident', async ({
  page,
  greenboard,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(greenboard.url);
  await expect(page.locator('[data-testid="host-card"][data-host-id="local"]')).toBeVisible();

  let settings = await openTemplate(page, 'disk-full');
  let form = settings.getByTestId('template-form');
  const step = (id: string) => form.locator(`[data-testid="template-step"][data-step-id="${id}"]`);
  await expect(step('df').getByTestId('template-step-diag')).toHaveValue('disk-usage');
  await step('free').getByTestId('template-step-text').fill('Compress the logs under /var/log first');

  // A new step left empty: the engine refuses it, and says so beside that step.
  await form.getByTestId('template-add-step').click();
  await expect(form.getByTestId('template-step')).toHaveCount(5);
  await settings.getByTestId('templates-save').click();
  await expect(step('step').getByTestId('template-step-error')).toContainText('Step text:');
  await expect(settings.locator('[data-testid="template-pick"][data-template-id="disk-full"]')).toContainText(
    '⚠',
  );
  await expect(step('free').getByTestId('template-step-error')).toHaveCount(0);
  await settings
    .getByTestId('template-editor')
    .screenshot({ path: join(SCREENSHOTS, 'incident-templates-editor.png') });

  // Filled in, with a diagnostic, and moved above the last step.
  await step('step').getByTestId('template-step-text').fill('See what is writing: top processes by CPU');
  await step('step').getByTestId('template-step-diag').selectOption('top-cpu');
  await step('step').getByTestId('template-step-up').click();
  await expect(form.getByTestId('template-step').nth(3)).toHaveAttribute('data-step-id', 'step');
  await expect(form.getByTestId('template-step-error')).toHaveCount(0);
  await settings.getByTestId('templates-save').click();
  await expect(settings.getByTestId('templates-status')).toHaveText('Templates saved.');

  // Kept across a reload.
  await page.reload();
  await expect(page.locator('[data-testid="host-card"][data-host-id="local"]')).toBeVisible();
  settings = await openTemplate(page, 'disk-full');
  form = settings.getByTestId('template-form');
  await expect(step('free').getByTestId('template-step-text')).toHaveValue(
    'Compress the logs under /var/log first',
  );
  await expect(step('step').getByTestId('template-step-diag')).toHaveValue('top-cpu');
  await expect(form.getByTestId('template-step').nth(3)).toHaveAttribute('data-step-id', 'step');
  await settings.getByRole('button', { name: 'Cancel' }).click();
  await expect(settings).toBeHidden();

  // Declared by hand with that checklist: the edited steps are in it.
  await page.getByTestId('nav-incidents').click();
  await page.getByTestId('incidents-declare').click();
  const dialog = page.getByTestId('declare-dialog');
  await dialog.getByTestId('declare-title').fill('Disk filling on the build box');
  await dialog.getByTestId('declare-template').selectOption('disk-full');
  await dialog.getByTestId('declare-by').fill('Ada');
  await dialog.getByTestId('declare-submit').click();
  const checklist = page.getByTestId('incident-page').getByTestId('incident-checklist');
  await expect(checklist.locator('[data-testid="checklist-step"][data-step-id="free"]')).toContainText(
    'Compress the logs under /var/log first',
  );
  await expect(checklist.locator('[data-testid="checklist-step"][data-step-id="step"]')).toContainText(
    'See what is writing: top processes by CPU',
  );
  await expect(checklist.getByTestId('checklist-step').nth(3)).toHaveAttribute('data-step-id', 'step');
  expect(pageErrors).toEqual([]);
});
