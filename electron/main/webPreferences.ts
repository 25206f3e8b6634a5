import type { WebPreferences } from 'electron';

/**
 * Every app window's webPreferences, as Electron's security checklist asks: the page has no
 * Node, runs sandboxed and isolated from the preload, embeds no <webview>, and middle-click
 * (`auxclick`) is off, so a middle-clicked link cannot open a window. Current Chromium may no
 * longer know a Blink feature by that name (electron/electron#10315), so this is not what the
 * app relies on: the window's open handler denies every new window and will-navigate keeps the
 * page, whichever button was pressed (window.ts).
 * https://www.electronjs.org/docs/latest/tutorial/security#checklist-security-recommendations
 * https://www.electronjs.org/docs/latest/api/structures/web-preferences
 */
export function appWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webviewTag: false,
    spellcheck: false,
    disableBlinkFeatures: 'Auxclick',
  };
}
