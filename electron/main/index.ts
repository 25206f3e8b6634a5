import { app, BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { Greenboard } from '../engine';
import { registerApi } from './ipc';
import { safeStorageVault } from './secretVault';
import { createMainWindow } from './window';

// One instance per data folder: a second launch focuses the first window instead.
if (!app.requestSingleInstanceLock()) app.quit();

let engine: Greenboard | null = null;

async function boot(): Promise<void> {
  await app.whenReady();
  // CSP for every response, including the dev server's; index.html carries the same as a meta tag.
  // https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
        ],
      },
    });
  });
  const userData = app.getPath('userData');
  engine = new Greenboard({
    dataDir: userData,
    mode: 'desktop',
    version: app.getVersion(),
    secretVault: safeStorageVault(userData),
  });
  const win = createMainWindow(
    join(import.meta.dirname, '../preload/index.cjs'),
    join(import.meta.dirname, '../renderer/index.html'),
  );
  registerApi(engine, win);
  engine.start();
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
}

app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => {
  const e = engine;
  engine = null;
  void e?.stop();
});
app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0 && engine) app.relaunch();
});

boot().catch((err: unknown) => {
  console.error('Greenboard failed to start:', err);
  app.exit(1);
});
