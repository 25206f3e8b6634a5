import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Credentials, SshEndpoint } from './types';

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/**
 * Secrets for SSH logins, held in memory only: key passphrases (asked once) and passwords
 * (only for hosts where the user insisted). They never reach the database, logs or errors.
 * The desktop app may persist them through Electron safeStorage via `persist`.
 */
export class CredentialStore {
  private readonly passphrases = new Map<string, string>();
  private readonly passwords = new Map<string, string>();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  setPassphrase(identityFile: string, passphrase: string): void {
    this.passphrases.set(expandHome(identityFile), passphrase);
  }

  setPassword(endpoint: SshEndpoint, password: string): void {
    this.passwords.set(`${endpoint.user}@${endpoint.host}:${endpoint.port}`, password);
  }

  /** What to offer when logging in to `e`: agent, then its key file (or the default keys). */
  for(e: SshEndpoint): Credentials {
    const files = e.identityFile
      ? [expandHome(e.identityFile)]
      : DEFAULT_KEYS.map((k) => join(homedir(), '.ssh', k));
    const privateKeys = files.flatMap((path) => {
      try {
        return existsSync(path) ? [{ path, key: readFileSync(path) }] : [];
      } catch {
        return [];
      }
    });
    const passphrase = privateKeys.map((k) => this.passphrases.get(k.path)).find((p) => p !== undefined);
    return {
      agent: this.env.SSH_AUTH_SOCK || undefined,
      privateKeys,
      passphrase,
      password: this.passwords.get(`${e.user}@${e.host}:${e.port}`),
    };
  }
}

export function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(2)) : resolve(p);
}
