import { BrowserWindow, shell } from 'electron';
import { appWebPreferences } from './webPreferences';

/** Opens only http(s) links, in the user's browser; anything else is dropped. */
export function openExternal(url: string): void {
  try {
    const { protocol } = new URL(url);
    if (protocol === 'https:' || protocol === 'http:') void shell.openExternal(url);
  } catch {
    // not a URL: ignore
  }
}

/**
 * An app window (the main one, or one reviewing a saved history) with the settings Electron's
 * security checklist asks for. A `title` is kept instead of the page's own <title>.
 * https://www.electronjs.org/docs/latest/tutorial/security
 */
export function createMainWindow(
  preloadPath: string,
  indexHtml: string,
  opts: { title?: string } = {},
): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: opts.title ?? 'Greenboard',
    backgroundColor: '#0f1419',
    webPreferences: appWebPreferences(preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  if (opts.title) win.on('page-title-updated', (event) => event.preventDefault());
  // New windows are never opened by the app; links go to the system browser.
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
  // The app is a single page: any navigation away from it is refused.
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== win.webContents.getURL()) {
      event.preventDefault();
      openExternal(url);
    }
  });
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(indexHtml);
  return win;
}
