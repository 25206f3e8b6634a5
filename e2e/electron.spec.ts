import { _electron as electron } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
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
});
