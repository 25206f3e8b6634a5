import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Credentials, SshEndpoint } from './types';

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/**
 * Where the desktop app keeps secrets between runs: encrypted by the OS keychain through
 * Electron safeStorage (electron/main/secretVault.ts). Headless mode has none: secrets then
 * live in memory only, for the life of the process.
 */
export interface SecretVault {
  load(): { passphrases: Record<string, string>; passwords: Record<string, string> } | null;
  save(data: { passphrases: Record<string, string>; passwords: Record<string, string> }): void;
}

/**
 * Secrets for SSH logins: key passphrases (asked once) and passwords (only for hosts where the
 * user insisted). They never reach the database, logs or error messages.
 */
export class CredentialStore {
  private readonly passphrases = new Map<string, string>();
  private readonly passwords = new Map<string, string>();

  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly vault: SecretVault | null = null,
  ) {
    const saved = vault?.load();
    for (const [k, v] of Object.entries(saved?.passphrases ?? {})) this.passphrases.set(k, v);
    for (const [k, v] of Object.entries(saved?.passwords ?? {})) this.passwords.set(k, v);
  }

  setPassphrase(identityFile: string, passphrase: string): void {
    this.passphrases.set(expandHome(identityFile), passphrase);
    this.persist();
  }

  setPassword(endpoint: SshEndpoint, password: string): void {
    this.passwords.set(`${endpoint.user}@${endpoint.host}:${endpoint.port}`, password);
    this.persist();
  }

  /**
   * Another named secret kept the same way (vault on the desktop, memory headless), e.g. a
   * Prometheus source's token under `prometheus:<id>`.
   */
  setSecret(name: string, value: string): void {
    this.passwords.set(`secret:${name}`, value);
    this.persist();
  }

  /** Forgets a named secret (its owner was removed). */
  forgetSecret(name: string): void {
    if (this.passwords.delete(`secret:${name}`)) this.persist();
  }

  secret(name: string): string | null {
    return this.passwords.get(`secret:${name}`) ?? null;
  }

  private persist(): void {
    this.vault?.save({
      passphrases: Object.fromEntries(this.passphrases),
      passwords: Object.fromEntries(this.passwords),
    });
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
