import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import { basename } from 'node:path';
import { createEngine } from '../engine';
import { bindWindow, type AppWindows } from './ipc';
import { createMainWindow } from './window';
import { openHistoryEngine } from './windowEngines';

export interface HistoryWindowContext {
  windows: AppWindows;
  preloadPath: string;
  indexHtml: string;
  /** Electron's userData: where exports from a reviewed history go. */
  dataDir: string;
  version: string;
}

/** File → Open history…: asks for a history file, then opens it in a window of its own. */
export async function chooseAndOpenHistory(ctx: HistoryWindowContext, parent?: BrowserWindow): Promise<void> {
  const options: OpenDialogOptions = {
    title: 'Open a Greenboard history',
    properties: ['openFile'],
    filters: [
      { name: 'Greenboard history', extensions: ['sqlite', 'db'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const picked = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  const file = picked.filePaths[0];
  if (picked.canceled || !file) return;
  openHistoryWindow(ctx, file);
}

/**
 * Reviews `file` read-only in a new window with its own engine (a private copy, nothing polled);
 * the main window and its engine are left as they are. A file already open is focused instead.
 * If the engine refuses the file, its message is shown in an error box and no window opens.
 */
export function openHistoryWindow(ctx: HistoryWindowContext, file: string): BrowserWindow | null {
  const open = ctx.windows.findHistory(file);
  if (open) {
    if (open.win.isMinimized()) open.win.restore();
    open.win.focus();
    return open.win;
  }
  const opened = openHistoryEngine(file, (history) =>
    createEngine({ dataDir: ctx.dataDir, mode: 'desktop', version: ctx.version, history }),
  );
  if (!opened.ok) {
    dialog.showErrorBox(opened.title, opened.message);
    return null;
  }
  const win = createMainWindow(ctx.preloadPath, ctx.indexHtml, {
    title: `${basename(file)} — saved history — Greenboard`,
  });
  bindWindow(ctx.windows, win, opened.engine, file);
  return win;
}
