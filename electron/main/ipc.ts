import { ipcMain, type BrowserWindow, type WebFrameMain } from 'electron';
import { EVENT_CHANNEL, EVENT_NAMES, METHOD_NAMES, SAVE_EXPORT_CHANNEL } from '../../shared/channels';
import type { Envelope } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import type { EngineHandle } from '../engine';
import { isAppPageUrl } from './appPage';
import { saveExportAs } from './saveExport';
import type { WindowEngines } from './windowEngines';

export type AppWindows = WindowEngines<BrowserWindow, EngineHandle>;

const FORBIDDEN: Envelope<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This frame may not call Greenboard.' },
};

/**
 * Only the app's own page may call the API: a frame from anywhere else (an iframe, a page
 * navigated to by accident) is refused. https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
function isOwnFrame(frame: WebFrameMain | null, win: BrowserWindow): boolean {
  if (!frame || win.isDestroyed() || frame !== win.webContents.mainFrame) return false;
  return isAppPageUrl(frame.url, process.env.ELECTRON_RENDERER_URL);
}

/**
 * Registers one IPC handler per contract method, once for the whole app. Each call goes to the
 * engine of the window that sent it (the main window's, or a reviewed history's); a sender
 * that is not a bound window, or not its own main frame, is refused.
 */
export function registerApi(windows: AppWindows): void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(method, (event, input: unknown) => {
      const bound = windows.get(event.sender.id);
      if (!bound || !isOwnFrame(event.senderFrame, bound.win)) return FORBIDDEN;
      return dispatch(bound.engine.api, method, input, bound.engine.dispatchOptions);
    });
  }
  ipcMain.handle(SAVE_EXPORT_CHANNEL, (event, path: unknown) => {
    const bound = windows.get(event.sender.id);
    if (!bound || !isOwnFrame(event.senderFrame, bound.win)) return FORBIDDEN;
    return saveExportAs(bound.win, bound.engine, path);
  });
}

/**
 * Binds a window to an engine: its IPC calls go there and that engine's events come to it.
 * When the window closes, its subscriptions end and a review engine is stopped.
 */
export function bindWindow(
  windows: AppWindows,
  win: BrowserWindow,
  engine: EngineHandle,
  historyFile: string | null,
): void {
  // Read now: webContents is gone by the time 'closed' fires.
  const id = win.webContents.id;
  windows.add(id, { win, engine, historyFile });
  const offs = EVENT_NAMES.map((name) =>
    engine.on(name, (payload) => {
      if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, { event: name, payload });
    }),
  );
  win.on('closed', () => {
    offs.forEach((off) => off());
    windows.release(id).catch((err: unknown) => {
      console.error(`Greenboard: could not close the history of a closed window: ${String(err)}`);
    });
  });
}
