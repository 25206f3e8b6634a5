import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isInside } from '../engine';

/**
 * The export a window asks main to "Save as…", if it is one: something that exists inside that
 * window's engine's exports folder. Anything else (a path the renderer made up, `..` tricks) is
 * refused, so the renderer cannot use the save dialog to copy arbitrary files.
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
export function exportInside(exportsDir: string, path: unknown): string | null {
  if (typeof path !== 'string' || path === '') return null;
  const full = resolve(path);
  if (!isInside(exportsDir, full)) return null;
  return existsSync(full) ? full : null;
}
