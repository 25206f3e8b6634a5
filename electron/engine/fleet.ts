import { userInfo } from 'node:os';
import SSHConfig from 'ssh-config';
import { describeZodError, zodIssues, HostInputSchema, type HostInput } from '../../shared/contract';
import { GreenboardError } from '../../shared/errors';
import { HostNameSchema, type Host, type Link, type SshEndpointInfo } from '../../shared/schemas';
import type { EngineContext } from './core/context';
import type { CredentialStore } from './ssh/credentials';
import { DEFAULT_SSH_INTERVAL_MS, LOCAL_HOST_ID } from '../../shared/hosts';
import type { Collector, RemoteAccess } from './collectors/types';
import { endpointKey } from './ssh/trust';
import { parseSshAddress as parseAddress } from '../../shared/hosts';

/** What this part of the engine uses of it. */
export type FleetDeps = Pick<EngineContext, 'clock' | 'hosts' | 'log' | 'store'> & {
  readonly credentials: CredentialStore;
};

/** Adding, editing, removing and trusting SSH hosts: the fleet side of the engine. */

/** A host reached over SSH: its collector (for the link, read afresh) and its remote side. */
function sshHost(engine: FleetDeps, hostId: string): { collector: Collector; remote: RemoteAccess } {
  const { host, collector } = engine.hosts.get(hostId);
  if (!collector.remote) {
    throw new GreenboardError('bad_request', `${host.name} is this machine: it has no SSH settings.`);
  }
  return { collector, remote: collector.remote };
}

export function addHost(
  engine: FleetDeps,
  input: Required<Omit<HostInput, 'tags' | 'intervalMs'>> & Pick<HostInput, 'tags' | 'intervalMs'>,
  mode: 'add' | 'update',
): Host {
  // The contract parsed this already; parse again for callers inside the engine (hosts:import),
  // so no path stores a host that hosts:add would refuse.
  const checked = HostInputSchema.safeParse(input);
  if (!checked.success)
    throw new GreenboardError('bad_request', describeZodError(checked.error), zodIssues(checked.error));
  input = checked.data;
  const exists = engine.hosts.list().some((s) => s.host.id === input.name);
  if (input.name === LOCAL_HOST_ID)
    throw new GreenboardError('conflict', '"local" is the name of this machine; pick another name.');
  if (mode === 'add' && exists)
    throw new GreenboardError(
      'conflict',
      `A host named "${input.name}" already exists. Edit it, or pick another name.`,
    );
  if (mode === 'update' && !exists)
    throw new GreenboardError('not_found', `No host named "${input.name}" to edit.`);
  const host: Host = {
    id: input.name,
    name: input.name,
    kind: 'ssh',
    intervalMs: input.intervalMs ?? DEFAULT_SSH_INTERVAL_MS,
    tags: [...new Set(input.tags ?? [])],
    ssh: input.ssh,
  };
  const mounted = engine.hosts.mount(host).host;
  engine.log.info(`host ${host.name} ${mode === 'add' ? 'added' : 'updated'}`, {
    hostId: host.id,
    endpoint: `${input.ssh.user}@${input.ssh.host}:${input.ssh.port}`,
  });
  return mounted;
}

export function removeHost(engine: FleetDeps, hostId: string): { removed: string } {
  if (hostId === LOCAL_HOST_ID)
    throw new GreenboardError('bad_request', 'This machine always stays on the board.');
  const { host } = engine.hosts.get(hostId);
  if (host.prometheus)
    throw new GreenboardError(
      'bad_request',
      `${host.name} comes from the Prometheus data source "${host.prometheus.sourceId}" and would be found again on its next refresh. Narrow the source's selector, or remove the source in Settings → Data sources.`,
    );
  engine.hosts.unmount(hostId);
  engine.log.info(`host ${host.name} removed`, { hostId });
  return { removed: hostId };
}

/**
 * Trusts the host key a server presents, if its fingerprint is the one the user checked.
 * When no key is pending, connects once to learn it.
 */
export async function trustHost(engine: FleetDeps, hostId: string, fingerprint: string): Promise<Link> {
  const { collector: c, remote } = sshHost(engine, hostId);
  let presented = remote.presentedKey;
  if (!presented || presented.fingerprint !== fingerprint) {
    remote.reset();
    await engine.hosts.primeNow(hostId).catch(() => undefined);
    presented = remote.presentedKey;
  }
  if (!presented) {
    if (c.link.state === 'ok') return c.link; // already trusted
    throw new GreenboardError('conflict', `Could not get the host key of ${hostId}: ${c.link.message}`);
  }
  if (presented.fingerprint !== fingerprint) {
    throw new GreenboardError(
      'conflict',
      `${presented.endpoint} presents ${presented.keyType} ${presented.fingerprint}, not ${fingerprint}. Do not trust it until you have checked the fingerprint on the server (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub).`,
    );
  }
  engine.store.trustKey(
    endpointKey(presented),
    presented.keyType,
    presented.keyBase64,
    presented.fingerprint,
    engine.clock.now(),
  );
  remote.reset();
  await engine.hosts.primeNow(hostId).catch(() => undefined);
  return c.link;
}

/** Remembers a key passphrase or a password in memory, then reconnects. */
export async function setCredentials(
  engine: FleetDeps,
  hostId: string,
  secrets: { passphrase?: string; password?: string },
): Promise<Link> {
  const { collector: c, remote } = sshHost(engine, hostId);
  const ssh = engine.hosts.get(hostId).host.ssh;
  if (!ssh) throw new GreenboardError('bad_request', `${hostId} has no SSH settings.`);
  if (secrets.passphrase !== undefined) {
    for (const k of engine.credentials.for(ssh).privateKeys ?? [])
      engine.credentials.setPassphrase(k.path, secrets.passphrase);
  }
  if (secrets.password !== undefined) engine.credentials.setPassword(ssh, secrets.password);
  remote.reset();
  await engine.hosts.primeNow(hostId).catch(() => undefined);
  return c.link;
}

/** `user@host[:port]` → endpoint; the user defaults to the local user name, as ssh does. */
export function parseSshAddress(text: string, identityFile?: string): SshEndpointInfo {
  const parsed = parseAddress(text, { defaultUser: userInfo().username, identityFile });
  if (!parsed.ok) throw new GreenboardError('bad_request', parsed.message);
  return parsed.endpoint;
}

/** What an import did: hosts added, entries left alone, and entries refused with the reason. */
export interface ImportResult {
  added: string[];
  skipped: { name: string; reason: string }[];
  refused: { name: string; reason: string }[];
}

/**
 * Reads Host blocks from an ssh_config text (wildcard blocks only feed the others). Each entry
 * is checked exactly as hosts:add checks a host; one that fails is refused with the reason and
 * the others are still added.
 */
export function importSshConfig(engine: FleetDeps, text: string, only?: string[]): ImportResult {
  let config: ReturnType<typeof SSHConfig.parse>;
  try {
    config = SSHConfig.parse(text);
  } catch (err) {
    // The parser throws on an unclosed quote and the like: the file is the user's, so say so.
    throw new GreenboardError(
      'bad_request',
      `This ssh_config cannot be read (${(err as Error).message.replace(/\.$/, '')}). Check its quotes and line breaks, then import it again.`,
    );
  }
  const added: string[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const refused: { name: string; reason: string }[] = [];
  const aliases = config.flatMap((line) => {
    if (!('param' in line) || line.param.toLowerCase() !== 'host') return [];
    const v = line.value;
    const list = Array.isArray(v)
      ? v.map((x: { val?: string } | string) => (typeof x === 'string' ? x : (x.val ?? '')))
      : String(v).split(/\s+/);
    return list.filter((a) => a && !/[*?!]/.test(a));
  });
  const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
  const endpointFor = (alias: string): SshEndpointInfo => {
    const c = config.compute(alias);
    return parseSshAddress(
      `${one(c.User) ?? userInfo().username}@${one(c.HostName) ?? alias}${one(c.Port) ? `:${one(c.Port)}` : ''}`,
      one(c.IdentityFile),
    );
  };
  for (const alias of [...new Set(aliases)]) {
    if (only && !only.includes(alias)) continue;
    const name = HostNameSchema.safeParse(alias);
    if (!name.success) {
      refused.push({ name: alias, reason: `name: ${describeZodError(name.error)}` });
      continue;
    }
    if (engine.hosts.list().some((s) => s.host.id === alias)) {
      skipped.push({ name: alias, reason: 'already on the board' });
      continue;
    }
    try {
      const target = endpointFor(alias);
      const jumpSpec = one(config.compute(alias).ProxyJump);
      let jump: SshEndpointInfo | undefined;
      if (jumpSpec && jumpSpec.toLowerCase() !== 'none') {
        if (jumpSpec.includes(','))
          throw new GreenboardError('bad_request', 'ProxyJump with more than one hop is not supported');
        jump =
          aliases.includes(jumpSpec) || !jumpSpec.includes('@')
            ? endpointFor(jumpSpec)
            : parseSshAddress(jumpSpec);
      }
      addHost(
        engine,
        { name: alias, ssh: { ...target, ...(jump ? { jump } : {}) }, tags: ['ssh-config'] },
        'add',
      );
      added.push(alias);
    } catch (err) {
      refused.push({ name: alias, reason: (err as Error).message });
    }
  }
  return { added, skipped, refused };
}
