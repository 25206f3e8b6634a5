import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The export a window asks main to "Save as…", if it is one: something that exists inside that
 * window's engine's exports folder. Anything else (a path the renderer made up, `..` tricks) is
 * refused, so the renderer cannot use the save dialog to copy arbitrary files.
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
export function exportInside(exportsDir: string, path: unknown): string | null {
  if (typeof path !== 'string' || path === '') return null;
  const full = resolve(path);
  const rel = relative(resolve(exportsDir), full);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return existsSync(full) ? full : null;
}
