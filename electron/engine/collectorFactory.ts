import { platform } from 'node:os';
import { GreenboardError } from '../../shared/errors';
import { DEFAULT_SSH_TIMEOUT_MS } from '../../shared/hosts';
import type { Host, Link } from '../../shared/schemas';
import type { Clock } from './clock';
import { LinuxLocalCollector } from './collectors/linuxLocal';
import { SiLocalCollector } from './collectors/siLocal';
import type { EarlyReading } from './procfs/readProc';
import type { Collector } from './collectors/types';
import type { CredentialStore } from './ssh/credentials';
import { SshCollector } from './ssh/sshCollector';
import type { HostKeyPolicy } from './ssh/types';

/** The collector a host gets: /proc on Linux, systeminformation elsewhere, SSH for servers. */
export function defaultCollector(
  host: Host,
  clock: Clock,
  ssh: {
    hostKeys: HostKeyPolicy;
    credentials: CredentialStore;
    sshTimeoutMs?: number;
    onLinkChange: (link: Link, stateChanged: boolean) => void;
    /** This machine's first baseline, read before the engine loaded (EngineOptions.localBaseline). */
    localBaseline?: EarlyReading | null;
  },
): Collector {
  const now = (): number => clock.now();
  if (host.kind === 'local') {
    return platform() === 'linux'
      ? new LinuxLocalCollector(host.id, now, '/proc', ssh.localBaseline ?? null)
      : new SiLocalCollector(host.id, now);
  }
  if (!host.ssh) throw new GreenboardError('bad_request', `Host ${host.name} has no SSH address.`);
  return new SshCollector(host.id, host.ssh, {
    now,
    hostKeys: ssh.hostKeys,
    credentials: (e) => ssh.credentials.for(e),
    timeoutMs: ssh.sshTimeoutMs ?? DEFAULT_SSH_TIMEOUT_MS,
    pollTimeoutMs: Math.min(10_000, Math.max(2000, host.intervalMs)),
    onLinkChange: ssh.onLinkChange,
  });
}
