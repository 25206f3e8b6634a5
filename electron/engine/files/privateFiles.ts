import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';

/**
 * Owner-only modes for what holds secrets: the data folder, the database (webhook URL,
 * `/metrics` token, trusted keys), its WAL, greenboard.json and exported histories. Windows
 * has no such modes (its ACLs are inherited from the user's profile), so nothing is done there.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const POSIX = process.platform !== 'win32';
/**
 * Why a chmod may fail without stopping Greenboard: the path is gone, someone else owns it
 * (only its owner or root may change its mode), or the disk is read-only.
 */
const CANNOT_TIGHTEN = new Set(['ENOENT', 'EPERM', 'EROFS']);

function chmodIfOwned(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch (err) {
    if (!CANNOT_TIGHTEN.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  }
}

/** Creates `dir` (and any missing parents) owner-only, and tightens it if it already existed. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (POSIX) chmodIfOwned(dir, PRIVATE_DIR_MODE);
}

/** Tightens an existing file to owner-only; a missing one (or one that is not ours) is left as is. */
export function tightenFile(file: string): void {
  if (POSIX) chmodIfOwned(file, PRIVATE_FILE_MODE);
}

/**
 * Creates `file` empty and owner-only if it does not exist, else tightens it. SQLite creates a
 * database's -wal and -shm with the database file's own mode, so creating the database this
 * way before opening it keeps all three private. https://www.sqlite.org/tempfiles.html
 */
export function ensurePrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  tightenFile(file);
}

/** Creates `file` empty and owner-only; throws EEXIST if it is already there (never overwrites). */
export function createPrivateFile(file: string): void {
  closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  // The umask may have taken bits away, never added them; chmod makes the mode exact.
  if (POSIX) chmodSync(file, PRIVATE_FILE_MODE);
}
