import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, SCREENSHOTS, test } from './fixtures';

async function openSettingsTab(page: Page, tab: 'rules' | 'notify') {
  await page.getByTestId('settings-open').click();
  const dialog = page.getByTestId('settings-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId(`settings-tab-${tab}`).click();
  await expect(dialog.getByTestId(`settings-tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
  return dialog;
}

/** Both themes of the same view, for a person to look at. */
async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  const theme = (await page.locator('html').getAttribute('data-theme')) ?? 'dark';
  const setTheme = (t: string) => page.evaluate(`document.documentElement.dataset.theme = '${t}'`);
  // The theme toggle is behind the modal; the themes differ only in this attribute.
  await setTheme(theme === 'light' ? 'dark' : 'light');
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-toggled-theme.png`) });
  await setTheme(theme);
}

test('a rule override set in Settings is checked by the engine, saved to greenboard.json, and turns the board red', async ({
  page,
  greenboard,
}) => {
  const configFile = join(greenboard.dataDir, 'greenboard.json');
  const readConfig = (): { rules: Record<string, unknown> } =>
    JSON.parse(readFileSync(configFile, 'utf8')) as { rules: Record<string, unknown> };
  const savedText = (): string | null => (existsSync(configFile) ? readFileSync(configFile, 'utf8') : null);

  await page.goto(greenboard.url);
  const card = page.locator('[data-testid="host-card"][data-host-id="local"]');
  await expect(card).toHaveAttribute('data-state', /^(green|amber|red)$/);

  const dialog = await openSettingsTab(page, 'rules');
  const defaults = dialog.locator('[data-testid="rule-layer"][data-layer="rules.defaults"]');
  // Empty fields show the built-in defaults as placeholders.
  await expect(defaults.getByLabel('memory used %: warn at')).toHaveValue('');
  await expect(defaults.getByLabel('memory used %: warn at')).toHaveAttribute('placeholder', '90');
  await expect(defaults.getByTestId('rule-memory-critical')).toHaveAttribute('placeholder', '95');
  await expect(defaults.getByTestId('rule-memory-for')).toHaveAttribute('placeholder', '2');
  await expect(defaults.getByTestId('rule-memory-for-unit')).toHaveValue('min');
  await expect(defaults.getByTestId('rule-stale')).toHaveAttribute('placeholder', '3');
  await screenshotBothThemes(page, 'settings-rules-defaults');

  // Text that is not a number is caught before it reaches the engine, at its field.
  await defaults.getByTestId('rule-cpu-warn').fill('lots');
  await dialog.getByTestId('settings-save').click();
  await expect(dialog.getByTestId('settings-error')).toContainText('rules.defaults.cpu.warn: enter a number');
  await expect(defaults.getByTestId('rule-cpu-warn')).toHaveAttribute('aria-invalid', 'true');
  await defaults.getByTestId('rule-cpu-warn').fill('');
  await expect(dialog.getByTestId('settings-error')).toBeHidden();

  // Warn above critical: the engine refuses, naming the field; the form shows it beside the field.
  const before = savedText();
  await defaults.getByTestId('rule-memory-warn').fill('99');
  await defaults.getByTestId('rule-memory-critical').fill('50');
  await dialog.getByTestId('settings-save').click();
  await expect(dialog.getByTestId('settings-error')).toContainText(
    'rules.defaults.memory.warn: must be ≤ critical (50)',
  );
  const fieldError = defaults.locator('[data-testid="rule-error"][data-field="rules.defaults.memory.warn"]');
  await expect(fieldError).toHaveText('memory used %, warn at: must be ≤ critical (50)');
  await expect(defaults.getByTestId('rule-memory-warn')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toBeVisible();
  expect(savedText()).toBe(before);
  await screenshotBothThemes(page, 'settings-rules-error');

  // Fixing the field clears its error.
  await defaults.getByTestId('rule-memory-warn').fill('');
  await defaults.getByTestId('rule-memory-critical').fill('');
  await expect(fieldError).toBeHidden();

  // An override for this machine: memory critical at 1 %, at once.
  await dialog.getByTestId('rule-add-scope').selectOption('host');
  await dialog.getByTestId('rule-add-host').selectOption('local');
  await dialog.getByTestId('rule-add-button').click();
  const local = dialog.locator('[data-testid="rule-layer"][data-layer="rules.hosts.local"]');
  await expect(local).toBeVisible();
  await local.getByTestId('rule-memory-warn').fill('1');
  // The defaults' 5-point gap would put the clear level at or under 0, where it could never
  // clear: it keeps their ratio instead (1 × 85 / 90), and the placeholder says so.
  await expect(local.getByTestId('rule-memory-clearWarn')).toHaveAttribute('placeholder', '0.94');
  await local.getByTestId('rule-memory-critical').fill('1');
  await local.getByTestId('rule-memory-for').fill('0');
  await expect(dialog.locator('[data-testid="rule-override"][data-layer="rules.hosts.local"]')).toContainText(
    '3 changes',
  );
  await local.getByTestId('rule-stale').scrollIntoViewIfNeeded();
  await screenshotBothThemes(page, 'settings-rules');
  await dialog.getByTestId('settings-save').click();
  await expect(dialog).toBeHidden();

  expect(readConfig().rules).toEqual({
    defaults: {},
    tags: {},
    hosts: { local: { memory: { warn: 1, critical: 1, forMs: 0 } } },
  });
  await expect(card).toHaveAttribute('data-state', 'red');
  await expect(card.getByTestId('card-reason')).toContainText(/memory/i);

  // Reopened, the override is there, folded to one line until opened.
  await openSettingsTab(page, 'rules');
  const override = dialog.locator('[data-testid="rule-override"][data-layer="rules.hosts.local"]');
  await expect(override).toContainText('3 changes');
  await override.locator('summary').click();
  await expect(local.getByTestId('rule-memory-critical')).toHaveValue('1');
  await expect(local.getByTestId('rule-memory-for')).toHaveValue('0');

  // Removing it and saving puts this machine back on the defaults (the board turns back once the
  // clear has held for the default `for`, two minutes: longer than this test waits).
  await override.getByTestId('rule-override-remove').click();
  await expect(override).toHaveCount(0);
  await dialog.getByTestId('settings-save').click();
  await expect(dialog).toBeHidden();
  expect(readConfig().rules).toEqual({ defaults: {}, tags: {}, hosts: {} });
});

test('notification settings: on/off, rate limit and an http(s) webhook, saved to greenboard.json', async ({
  page,
  greenboard,
  context,
}) => {
  const configFile = join(greenboard.dataDir, 'greenboard.json');
  await page.goto(greenboard.url);
  await expect(page.locator('[data-testid="host-card"][data-host-id="local"]')).toBeVisible();

  const dialog = await openSettingsTab(page, 'notify');
  await expect(dialog.getByTestId('notify-desktop')).toBeChecked();
  await expect(dialog.getByTestId('notify-gap')).toHaveValue('5');
  await expect(dialog.getByTestId('notify-webhook')).toHaveValue('');
  // In a browser the page asks for permission itself, and says what it has.
  const permission = dialog.getByTestId('notify-permission');
  await expect(permission).toHaveAttribute('data-permission', /^(default|denied|granted)$/);
  await screenshotBothThemes(page, 'settings-notifications');

  await dialog.getByTestId('notify-webhook').fill('ftp://hooks.example/T1');
  await dialog.getByTestId('notify-gap').fill('');
  await dialog.getByTestId('settings-save').click();
  await expect(dialog.getByTestId('settings-error')).toContainText('notify.webhookUrl');
  await expect(dialog.locator('[data-testid="notify-error"][data-field="notify.webhookUrl"]')).toContainText(
    'http:// or https://',
  );
  await expect(dialog.locator('[data-testid="notify-error"][data-field="notify.minGapMinutes"]')).toHaveText(
    'enter a number of minutes',
  );
  await screenshotBothThemes(page, 'settings-notifications-error');

  await dialog.getByTestId('notify-webhook').fill('http://127.0.0.1:9/hooks/T1');
  await dialog.getByTestId('notify-gap').fill('10');
  await dialog.getByTestId('notify-desktop').uncheck();
  await expect(dialog.getByTestId('settings-error')).toBeHidden();
  await dialog.getByTestId('settings-save').click();
  await expect(dialog).toBeHidden();
  const saved = JSON.parse(readFileSync(configFile, 'utf8')) as { notify: unknown };
  expect(saved.notify).toEqual({
    desktop: false,
    webhookUrl: 'http://127.0.0.1:9/hooks/T1',
    minGapMinutes: 10,
  });

  // Once the browser allows notifications, the tab says so.
  await context.grantPermissions(['notifications'], { origin: greenboard.origin });
  await openSettingsTab(page, 'notify');
  await expect(permission).toHaveAttribute('data-permission', 'granted');
  await expect(dialog.getByTestId('notify-desktop')).not.toBeChecked();
  await expect(dialog.getByTestId('notify-gap')).toHaveValue('10');
});
