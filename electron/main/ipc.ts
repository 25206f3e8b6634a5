import { ipcMain, type BrowserWindow, type WebFrameMain } from 'electron';
import { EVENT_CHANNEL, EVENT_NAMES, METHOD_NAMES } from '../../shared/channels';
import { dispatch } from '../../shared/dispatch';
import type { Greenboard } from '../engine';

/**
 * Only the app's own page may call the API: a frame from anywhere else (an iframe, a page
 * navigated to by accident) is refused. https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
function isOwnFrame(frame: WebFrameMain | null, win: BrowserWindow): boolean {
  if (!frame || frame !== win.webContents.mainFrame) return false;
  const url = new URL(frame.url);
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) return url.origin === new URL(devUrl).origin;
  return url.protocol === 'file:' && url.pathname.endsWith('/renderer/index.html');
}

/** Registers one IPC handler per contract method and forwards engine events to the window. */
export function registerApi(engine: Greenboard, win: BrowserWindow): void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(method, (event, input: unknown) => {
      if (!isOwnFrame(event.senderFrame, win)) {
        return { ok: false, error: { code: 'forbidden', message: 'This frame may not call Greenboard.' } };
      }
      return dispatch(engine.api, method, input);
    });
  }
  for (const name of EVENT_NAMES) {
    const off = engine.on(name, (payload) => {
      if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, { event: name, payload });
    });
    win.on('closed', off);
  }
}
