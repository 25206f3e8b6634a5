import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../store/store';
import { checkHostKey, hostPattern, parseKnownHosts, type KnownHostEntry } from './knownHosts';
import type { HostKeyPolicy, HostKeyVerdict, SshEndpoint } from './types';

/** The key Greenboard stores trust under: the same form known_hosts uses. */
export function endpointKey(e: Pick<SshEndpoint, 'host' | 'port'>): string {
  return hostPattern(e.host, e.port);
}

/**
 * Host key trust: what the user trusted in Greenboard first, then what ~/.ssh/known_hosts
 * says (hashed entries too). Anything else is unknown and is not connected to.
 * https://man.openbsd.org/sshd.8#SSH_KNOWN_HOSTS_FILE_FORMAT
 */
export class TrustPolicy implements HostKeyPolicy {
  private known: KnownHostEntry[] = [];
  private knownMtime = -1;

  constructor(
    private readonly store: Store,
    private readonly knownHostsPath: string | null = join(homedir(), '.ssh', 'known_hosts'),
  ) {}

  check(e: SshEndpoint, keyType: string, key: Buffer): HostKeyVerdict {
    const trusted = this.store.trustedKeys(endpointKey(e));
    const sameType = trusted.filter((t) => t.keyType === keyType);
    if (sameType.some((t) => t.keyBase64 === key.toString('base64'))) return { status: 'trusted' };
    if (sameType.length > 0) return { status: 'changed', expected: sameType.map((t) => t.fingerprint) };
    const v = checkHostKey(this.knownHosts(), e.host, e.port, keyType, key);
    switch (v.status) {
      case 'match':
        return { status: 'trusted' };
      case 'mismatch':
        return { status: 'changed', expected: v.expectedFingerprints };
      case 'revoked':
        return { status: 'revoked' };
      default:
        return { status: 'unknown' };
    }
  }

  /** Re-reads known_hosts only when it changed on disk. */
  private knownHosts(): KnownHostEntry[] {
    if (!this.knownHostsPath) return [];
    try {
      const mtime = statSync(this.knownHostsPath).mtimeMs;
      if (mtime !== this.knownMtime) {
        this.known = parseKnownHosts(readFileSync(this.knownHostsPath, 'utf8'));
        this.knownMtime = mtime;
      }
    } catch {
      this.known = [];
      this.knownMtime = -1;
    }
    return this.known;
  }
}
