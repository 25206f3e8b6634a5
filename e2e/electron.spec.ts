import { _electron as electron } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findElectronBinary } from '../scripts/electronBinary.mjs';
import { expect, SCREENSHOTS, test } from './fixtures';

const electronPath = findElectronBinary();
const NO_BINARY =
  'Electron binary is not installed here: Electron downloads it on first run and this machine has no internet. Run "npx install-electron" where it can, then npm test runs this spec.';

test.describe('desktop app (Electron)', () => {
  test.skip(!electronPath, NO_BINARY);

  test('opens the board over IPC with the local host live', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'gb-electron-'));
    const app = await electron.launch({
      executablePath: electronPath ?? undefined,
      args: ['.', `--user-data-dir=${userData}`, '--no-sandbox'],
    });
    try {
      const win = await app.firstWindow();
      expect(await win.evaluate(() => typeof (globalThis as { greenboard?: unknown }).greenboard)).toBe(
        'object',
      );
      // The renderer has no Node: the preload exposes only the typed API.
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
        'undefined',
      );
      const card = win.locator('[data-testid="host-card"][data-host-id="local"]');
      await expect(card).toHaveAttribute('data-state', /^(green|amber|red)$/, { timeout: 20_000 });
      await win.screenshot({ path: join(SCREENSHOTS, 'electron-board.png') });
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });

  test('the page gets notifications and no camera, location or clipboard reads; middle-click opens nothing', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'gb-electron-'));
    const app = await electron.launch({
      executablePath: electronPath ?? undefined,
      args: ['.', `--user-data-dir=${userData}`, '--no-sandbox'],
    });
    try {
      const win = await app.firstWindow();
      await expect(win.locator('[data-testid="host-card"][data-host-id="local"]')).toBeVisible();
      // Checks go through setPermissionCheckHandler, requests through setPermissionRequestHandler.
      // The page's code is a string: this spec is type-checked without the DOM library.
      const states = await win.evaluate(`(async () => {
        const state = (name) => navigator.permissions.query({ name }).then((s) => s.state, () => 'unsupported');
        return {
          notificationsCheck: await state('notifications'),
          notification: Notification.permission,
          geolocationCheck: await state('geolocation'),
          cameraCheck: await state('camera'),
          clipboardCheck: await state('clipboard-read'),
        };
      })()`);
      expect(states).toEqual({
        notificationsCheck: 'granted',
        notification: 'granted',
        geolocationCheck: 'denied',
        cameraCheck: 'denied',
        clipboardCheck: 'denied',
      });
      const geolocation = await win.evaluate(`new Promise((resolve) =>
        navigator.geolocation.getCurrentPosition(
          () => resolve('granted'),
          (err) => resolve(err.code === err.PERMISSION_DENIED ? 'denied' : 'error ' + err.code),
        ))`);
      expect(geolocation).toBe('denied');
      const camera = await win.evaluate(
        `navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'granted', (err) => err.name)`,
      );
      expect(camera).not.toBe('granted');

      // Middle-click (Auxclick is off: see webPreferences.ts) opens no window and leaves the page
      // where it is. The shift-click after it asks for a new window for sure: once the open
      // handler has sent that one out (to the browser, stubbed here), whatever the middle-click
      // started has been handled too.
      await app.evaluate(({ shell }) => {
        shell.openExternal = (url: string) => {
          (globalThis as { opened?: string[] }).opened ??= [];
          (globalThis as { opened?: string[] }).opened?.push(url);
          return Promise.resolve();
        };
      });
      const before = win.url();
      await win.evaluate(`{
        const a = document.createElement('a');
        a.href = 'https://example.com/';
        a.textContent = 'elsewhere';
        a.id = 'middle-click-link';
        document.body.prepend(a);
      }`);
      await win.locator('#middle-click-link').click({ button: 'middle' });
      await win.locator('#middle-click-link').click({ modifiers: ['Shift'] });
      await expect
        .poll(() => app.evaluate(() => (globalThis as { opened?: string[] }).opened ?? []))
        .not.toEqual([]);
      expect(app.windows()).toHaveLength(1);
      expect(win.url()).toBe(before);
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });

  test('File → Open history… reviews a history file in its own window; a bad file says why', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'gb-electron-'));
    const recorded = join(userData, 'recorded');
    const status = spawnSync(process.execPath, ['bin/greenboard.js', 'status', '--data-dir', recorded], {
      encoding: 'utf8',
    });
    expect(status.status, status.stderr).toBe(0);
    const file = join(recorded, 'greenboard.sqlite');
    const junk = join(userData, 'junk.sqlite');
    writeFileSync(junk, 'not a database at all'.repeat(300));
    const app = await electron.launch({
      executablePath: electronPath ?? undefined,
      args: ['.', `--user-data-dir=${userData}`, '--no-sandbox'],
    });
    // Native dialogs cannot be driven: answer them in the main process instead.
    const answerOpenDialogWith = (path: string) =>
      app.evaluate(({ dialog }, p) => {
        dialog.showOpenDialog = () => Promise.resolve({ canceled: false, filePaths: [p] });
        dialog.showErrorBox = (title, content) => {
          (globalThis as { errorBoxes?: string[] }).errorBoxes ??= [];
          (globalThis as { errorBoxes?: string[] }).errorBoxes?.push(`${title}: ${content}`);
        };
      }, path);
    const clickOpenHistory = () =>
      app.evaluate(({ Menu }) => {
        // MenuItem.click is typed as a bare Function; this is the File → Open history… item.
        const item = Menu.getApplicationMenu()?.getMenuItemById('open-history');
        (item?.click as (() => void) | undefined)?.();
      });
    try {
      const main = await app.firstWindow();
      await expect(main.locator('[data-testid="host-card"][data-host-id="local"]')).toBeVisible();

      await answerOpenDialogWith(file);
      const opened = app.waitForEvent('window');
      await clickOpenHistory();
      const review = await opened;
      const banner = review.getByTestId('history-banner');
      await expect(banner).toContainText('Saved history, read-only');
      await expect(banner).toContainText(file);
      await expect(review.locator('[data-testid="host-card"][data-host-id="local"]')).toHaveAttribute(
        'data-state',
        /^(green|amber|red)$/,
      );
      await expect(review.getByTestId('add-host')).toHaveCount(0);
      await review.screenshot({ path: join(SCREENSHOTS, 'electron-history-window.png') });
      // The main window is still the live board, on its own engine.
      await expect(main.getByTestId('history-banner')).toHaveCount(0);
      await expect(main.getByTestId('add-host')).toBeVisible();

      // Not a Greenboard file: an error box with the engine's message, and no new window.
      await answerOpenDialogWith(junk);
      await clickOpenHistory();
      await expect
        .poll(() => app.evaluate(() => (globalThis as { errorBoxes?: string[] }).errorBoxes ?? []))
        .toEqual([expect.stringMatching(/^Could not open this history: .*junk\.sqlite is not a readable/)]);
      expect(app.windows()).toHaveLength(2);

      // Closing the history window leaves the main window working.
      await review.close();
      await expect.poll(() => app.windows().length).toBe(1);
      await expect(main.locator('[data-testid="host-card"][data-host-id="local"]')).toHaveAttribute(
        'data-state',
        /^(green|amber|red)$/,
      );
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
