import { safeStorage } from 'electron';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretVault } from '../engine';

/**
 * SSH secrets encrypted with the OS keychain (Keychain, DPAPI, libsecret/kwallet) through
 * safeStorage, in a file beside the database. Where no keychain is available (Linux without a
 * secret service, where safeStorage would fall back to a hard-coded key) nothing is written.
 * https://www.electronjs.org/docs/latest/api/safe-storage
 */
export function safeStorageVault(userData: string): SecretVault | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')
    return undefined;
  const file = join(userData, 'secrets.bin');
  return {
    load() {
      try {
        return JSON.parse(safeStorage.decryptString(readFileSync(file))) as ReturnType<SecretVault['load']>;
      } catch {
        return null;
      }
    },
    save(data) {
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, safeStorage.encryptString(JSON.stringify(data)), { mode: 0o600 });
      renameSync(tmp, file);
    },
  };
}
