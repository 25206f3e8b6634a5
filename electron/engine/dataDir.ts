import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir, tightenFile } from './files/privateFiles';

/** The database, its WAL and shared-memory files, and the config file: all hold secrets. */
export const PRIVATE_DATA_FILES = [
  'greenboard.sqlite',
  'greenboard.sqlite-wal',
  'greenboard.sqlite-shm',
  'greenboard.json',
  'secrets.bin',
] as const;

/**
 * Where headless Greenboard keeps its data when no --data-dir is given: the OS app-data folder
 * ($XDG_DATA_HOME/greenboard on Linux). The desktop app passes Electron's `userData` instead.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  switch (platform()) {
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'greenboard');
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'greenboard');
    default:
      return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'greenboard');
  }
}

/**
 * Makes the data folder owner-only (0700) and tightens the files in it that hold secrets to
 * 0600: an install from an older Greenboard left them 0755 and 0644. Called at every start.
 */
export function secureDataDir(dataDir: string): void {
  ensurePrivateDir(dataDir);
  for (const f of PRIVATE_DATA_FILES) tightenFile(join(dataDir, f));
}
