import { homedir, platform } from 'node:os';
import { join } from 'node:path';

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
