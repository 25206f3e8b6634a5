import { app, BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { createEngine, type EngineHandle } from '../engine';
import { chooseAndOpenHistory, type HistoryWindowContext } from './historyWindow';
import { bindWindow, registerApi, type AppWindows } from './ipc';
import { installAppMenu } from './menu';
import { installPermissionHandlers } from './permissionHandlers';
import { quitAfterStop, STOP_TIMEOUT_MS } from './quitAfterStop';
import { showHostNotifications } from './notifications';
import { safeStorageVault } from './secretVault';
import { createMainWindow } from './window';
import { WindowEngines } from './windowEngines';

// One instance per data folder: a second launch focuses the first window instead, and never
// opens an engine on the first one's data folder.
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();

let engine: EngineHandle | null = null;
/** Each window's engine: the main one's, and one per saved history under review. */
const windows: AppWindows = new WindowEngines();

async function boot(): Promise<void> {
  await app.whenReady();
  installPermissionHandlers(session.defaultSession);
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
  // No logger given: the engine writes <userData>/logs/greenboard.log (Settings shows where).
  engine = createEngine({
    dataDir: userData,
    mode: 'desktop',
    version: app.getVersion(),
    secretVault: safeStorageVault(userData),
  });
  // Electron still handles a crash its own way; the log gets its stack first.
  process.on('uncaughtExceptionMonitor', (err, origin) =>
    engine?.log.error(`${origin}: ${err.message}`, { err }),
  );
  const ctx: HistoryWindowContext = {
    windows,
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    indexHtml: join(import.meta.dirname, '../renderer/index.html'),
    dataDir: userData,
    version: app.getVersion(),
  };
  registerApi(windows);
  const win = createMainWindow(ctx.preloadPath, ctx.indexHtml);
  bindWindow(windows, win, engine, null);
  showHostNotifications(engine, win);
  installAppMenu({
    openHistory: () => {
      const parent = BrowserWindow.getFocusedWindow() ?? undefined;
      chooseAndOpenHistory(ctx, parent).catch((err: unknown) => {
        engine?.log.error(`Open history failed: ${String(err)}`, { err });
      });
    },
  });
  engine.start();
  app.on('second-instance', () => {
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
}

app.on('window-all-closed', () => app.quit());
// Quitting waits for stop(): it flushes pending writes and closes the database. Review engines
// stop too: each holds a private copy in the temp folder.
app.on(
  'before-quit',
  quitAfterStop({
    stop: async () => {
      const e = engine;
      engine = null;
      await Promise.all([e?.stop(), windows.releaseAll()]);
    },
    timeoutMs: STOP_TIMEOUT_MS,
    quit: () => app.quit(),
    warn: (message) => console.error(`Greenboard: ${message}`),
  }),
);
app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0 && engine) app.relaunch();
});

if (primary)
  boot().catch((err: unknown) => {
    console.error('Greenboard failed to start:', err);
    app.exit(1);
  });
