import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GreenboardError } from '../../../shared/errors';
import { Store } from './store';

/**
 * Opens a saved history for review through a private copy, so the file itself is never
 * written: no -wal or -shm beside it, and an older schema is migrated in the copy only.
 * A file that does not fit the schema is refused here, naming the table; the copy is removed
 * on every path that does not hand it back (the caller's `cleanup` removes it after that).
 */
export function openHistoryCopy(file: string): { store: Store; cleanup: () => void } {
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new GreenboardError(
      'not_found',
      `No history file at ${file}. Give the path of a .sqlite file Greenboard wrote (or exported).`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'greenboard-review-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  let store: Store | null = null;
  try {
    const copy = join(dir, 'history.sqlite');
    copyFileSync(file, copy);
    // Commits still in the write-ahead log of a running Greenboard belong to the history too.
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    store = new Store(copy, { displayPath: file });
    const check = store.quickCheck();
    if (check !== 'ok') {
      throw new GreenboardError(
        'bad_request',
        `${file} is damaged (SQLite says: ${check}). It was left untouched; export a fresh copy from the Greenboard that wrote it.`,
      );
    }
    return { store, cleanup };
  } catch (err) {
    store?.close();
    cleanup();
    if (err instanceof GreenboardError) throw err;
    throw new GreenboardError(
      'bad_request',
      `${file} could not be opened as a Greenboard history (${(err as Error).message}). It was left untouched; export a fresh copy from the Greenboard that wrote it.`,
    );
  }
}
