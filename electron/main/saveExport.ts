import { app, dialog, type BrowserWindow } from 'electron';
import { cpSync, existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Envelope } from '../../shared/contract';
import type { EngineHandle } from '../engine';

import { exportInside } from './exportPaths';

/**
 * "Save as…" for an export: the native save dialog, then a copy of the file (or CSV folder)
 * there. Only paths inside this window's engine's exports folder are accepted.
 */
export async function saveExportAs(
  win: BrowserWindow,
  engine: EngineHandle,
  path: unknown,
): Promise<Envelope<{ savedTo: string | null }>> {
  const source = exportInside(engine.exportsDir, path);
  if (!source)
    return {
      ok: false,
      error: { code: 'bad_request', message: 'Only a file Greenboard exported can be saved elsewhere.' },
    };
  const folder = statSync(source).isDirectory();
  const picked = await dialog.showSaveDialog(win, {
    title: folder ? 'Save the CSV folder as' : 'Save the history file as',
    defaultPath: join(app.getPath('downloads'), basename(source)),
    filters: folder
      ? []
      : [
          { name: 'Greenboard history', extensions: ['sqlite'] },
          { name: 'All files', extensions: ['*'] },
        ],
  });
  if (picked.canceled || !picked.filePath) return { ok: true, result: { savedTo: null } };
  const dest = picked.filePath;
  try {
    // The dialog already asked before replacing a file; a folder is never merged into another.
    if (folder && existsSync(dest))
      return {
        ok: false,
        error: { code: 'conflict', message: `${dest} already exists; pick a new name for the folder.` },
      };
    cpSync(source, dest, { recursive: folder, force: !folder, errorOnExist: folder });
    return { ok: true, result: { savedTo: dest } };
  } catch (err) {
    return {
      ok: false,
      error: {
        code: 'internal',
        message: `Could not save to ${dest}: ${(err as Error).message}. The export is still at ${source}.`,
      },
    };
  }
}
