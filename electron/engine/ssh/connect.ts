import { connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Ssh2 from 'ssh2';
import type { AnyAuthMethod, Client, ConnectConfig, ParsedKey } from 'ssh2';
import { fingerprintSha256, keyTypeOf } from './knownHosts';
import {
  endpointLabel,
  SshError,
  type Credentials,
  type HostKeyPolicy,
  type PresentedKey,
  type SshEndpoint,
} from './types';

let ssh2: typeof Ssh2 | null = null;
/**
 * ssh2 loads on first use: it costs ~30 ms to load, which a CLI command that reaches no
 * server (status, version, history) should not pay. It is CommonJS, so require, not import.
 */
function ssh2Lib(): typeof Ssh2 {
  return (ssh2 ??= createRequire(import.meta.url)('ssh2') as typeof Ssh2);
}

export interface ConnectOptions {
  hostKeys: HostKeyPolicy;
  credentials: (endpoint: SshEndpoint) => Credentials;
  /** Budget for each step: TCP connect, handshake + auth, channel open. */
  timeoutMs: number;
  /** ssh2's keepalive is off by default, so a dead peer raises no event; ours is on. */
  keepaliveIntervalMs?: number;
}

/**
 * Ciphers and MACs we offer, in order; the client's order decides. AES-GCM first: with AES-NI
 * (and ssh2's native binding) it costs the least CPU per byte, a little under ChaCha20-Poly1305
 * here; both are AEAD. AES-CTR with an SHA-2 encrypt-then-MAC is only for servers older than
 * OpenSSH 6.2, which lack both. No CBC, RC4 or SHA-1. ssh2 picks a similar order on its own, but
 * only after guessing the CPU's features.
 * https://man.openbsd.org/ssh_config#Ciphers
 */
const CIPHERS = [
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
  'chacha20-poly1305@openssh.com',
  'aes128-ctr',
  'aes256-ctr',
] as const;
const MACS = [
  'hmac-sha2-256-etm@openssh.com',
  'hmac-sha2-512-etm@openssh.com',
  'hmac-sha2-256',
  'hmac-sha2-512',
] as const;

/** Runs a step with a deadline; ssh2 calls may never call back on a half-open connection. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => {
      onTimeout?.();
      reject(new SshError('timed_out', `${what} took longer than ${(ms / 1000).toFixed(1)} s`));
    }, ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Opens a TCP connection and measures how long the handshake took. */
export async function tcpConnect(
  e: SshEndpoint,
  timeoutMs: number,
): Promise<{ socket: Socket; connectMs: number }> {
  const started = performance.now();
  // No Nagle: SSH is request and answer in small packets (a channel open, then its exec request
  // before the first is acknowledged), and Nagle holding the second for the server's delayed ACK
  // cost every exec and tunnel over the session ~40 ms (measured over loopback to the test sshd:
  // `true` 49 -> 5 ms, `sudo -n -u postgres true` 56 -> 12 ms).
  const socket = netConnect({ host: e.host, port: e.port, noDelay: true });
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      }),
      timeoutMs,
      `TCP connect to ${e.host}:${e.port}`,
      () => socket.destroy(),
    );
  } catch (err) {
    socket.destroy();
    if (err instanceof SshError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const why =
      code === 'ECONNREFUSED'
        ? 'connection refused: is sshd running, and is the port right?'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'host name not found'
          : code === 'EHOSTUNREACH' || code === 'ENETUNREACH'
            ? 'no route to host'
            : (err as Error).message;
    throw new SshError('unreachable', `${e.host}:${e.port} unreachable: ${why}`);
  }
  return { socket, connectMs: performance.now() - started };
}

/**
 * Decrypting an OpenSSH key runs bcrypt_pbkdf in JavaScript: about a second per try here, on
 * the main thread. Each key is decrypted once per passphrase and kept in memory, as an agent
 * would keep it; the cache key is a hash, never the secret itself.
 */
const parsedKeys = new Map<string, ParsedKey | Error>();
function parseKeyCached(key: Buffer, passphrase: string | undefined): ParsedKey | Error {
  const id = createHash('sha256')
    .update(key)
    .update('\0')
    .update(passphrase ?? '')
    .digest('hex');
  const cached = parsedKeys.get(id);
  if (cached) return cached;
  const r = ssh2Lib().utils.parseKey(key, passphrase) as ParsedKey | ParsedKey[] | Error;
  const parsed: ParsedKey | Error = Array.isArray(r) ? (r[0] ?? new Error('empty key file')) : r;
  if (parsedKeys.size > 100) parsedKeys.clear();
  parsedKeys.set(id, parsed);
  return parsed;
}

/**
 * What to offer the server, and the problem to report if nothing can be offered (an encrypted
 * key without its passphrase, no key at all). The problem is reported only after the host key
 * was checked: a person should see "unknown host key" before being asked for a passphrase.
 */
function authMethods(
  e: SshEndpoint,
  creds: Credentials,
): { methods: AnyAuthMethod[]; tried: string[]; problem: SshError | null } {
  const methods: AnyAuthMethod[] = [];
  const tried: string[] = [];
  let problem: SshError | null = null;
  if (creds.agent) {
    methods.push({ type: 'agent', username: e.user, agent: creds.agent });
    tried.push('ssh-agent');
  }
  for (const { path, key } of creds.privateKeys ?? []) {
    const parsed = parseKeyCached(key, creds.passphrase);
    if (parsed instanceof Error) {
      if (/encrypted|passphrase|decrypt/i.test(parsed.message)) {
        problem ??= new SshError(
          'auth_failed',
          creds.passphrase
            ? `The passphrase for ${path} is wrong. Enter it again for ${endpointLabel(e)}.`
            : `${path} is encrypted: enter its passphrase to connect to ${endpointLabel(e)}.`,
          undefined,
          'passphrase',
        );
      }
      continue; // not a private key we can use; others may still work
    }
    methods.push({ type: 'publickey', username: e.user, key: parsed });
    tried.push(`key ${path}`);
  }
  if (creds.password !== undefined) {
    methods.push({ type: 'password', username: e.user, password: creds.password });
    tried.push('password');
  }
  if (methods.length === 0 && !problem) {
    problem = new SshError(
      'auth_failed',
      `No way to log in to ${endpointLabel(e)}: no ssh-agent (SSH_AUTH_SOCK) and no key file. Set an identity file for this host.`,
    );
  }
  return { methods, tried, problem };
}

/**
 * Opens one authenticated SSH connection over `sock`, verifying the host key first. Errors are
 * SshErrors whose state says what went wrong: host key unknown or changed, auth failed, ...
 */
export async function sshHandshake(e: SshEndpoint, sock: Duplex, opts: ConnectOptions): Promise<Client> {
  const creds = opts.credentials(e);
  const { methods, tried, problem } = authMethods(e, creds);
  let rejection: SshError | null = null;
  const hostVerifier = (key: Buffer): boolean => {
    const keyType = keyTypeOf(key);
    const presented: PresentedKey = {
      keyType,
      fingerprint: fingerprintSha256(key),
      keyBase64: key.toString('base64'),
      endpoint: endpointLabel(e),
      host: e.host,
      port: e.port,
    };
    const verdict = opts.hostKeys.check(e, keyType, key);
    if (verdict.status === 'trusted') return true;
    rejection =
      verdict.status === 'unknown'
        ? new SshError(
            'hostkey_unknown',
            `Host key of ${endpointLabel(e)} is not trusted yet: ${keyType} ${presented.fingerprint}. Check it and trust it to start polling.`,
            presented,
          )
        : verdict.status === 'revoked'
          ? new SshError(
              'hostkey_changed',
              `Host key of ${endpointLabel(e)} is marked @revoked in known_hosts; refusing to connect.`,
              presented,
            )
          : new SshError(
              'hostkey_changed',
              `Host key changed for ${endpointLabel(e)}: it now presents ${presented.fingerprint}, but ${verdict.expected.join(', ')} was trusted. If the server was rebuilt, re-trust it; otherwise do not connect.`,
              presented,
            );
    return false;
  };
  const client = new (ssh2Lib().Client)();
  // ssh2 can emit several errors for one failure (a timeout, then "connection lost"); one
  // without a listener would crash the process. The ones that matter are handled below.
  client.on('error', () => undefined);
  const config: ConnectConfig = {
    sock,
    username: e.user,
    hostVerifier,
    authHandler: methods,
    readyTimeout: opts.timeoutMs,
    keepaliveInterval: opts.keepaliveIntervalMs ?? 5000,
    keepaliveCountMax: 3,
    algorithms: { cipher: [...CIPHERS], hmac: [...MACS] },
  };
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        client.once('ready', resolve);
        client.once('error', reject);
        client.connect(config);
      }),
      opts.timeoutMs,
      `SSH handshake with ${endpointLabel(e)}`,
    );
  } catch (err) {
    client.end();
    sock.destroy();
    // Assigned inside hostVerifier, which TypeScript's flow analysis cannot see.
    const refused = rejection as SshError | null;
    if (refused) throw refused;
    if (err instanceof SshError) throw err;
    const level = (err as { level?: string }).level;
    if (level === 'client-authentication') {
      if (problem && (methods.length === 0 || problem.message.includes('passphrase'))) throw problem;
      // Advice for what was actually offered: a key that is not authorized, or a wrong password.
      const check = [
        'the user name',
        ...(tried.some((t) => t !== 'password') ? ['that the key is in authorized_keys'] : []),
        ...(tried.includes('password') ? ['the password (and that the server allows password logins)'] : []),
      ];
      throw new SshError(
        'auth_failed',
        `${endpointLabel(e)} refused every login we offered (${tried.join(', ')}). Check ${check.join(' and ')}.`,
      );
    }
    if (/timed out/i.test((err as Error).message)) {
      throw new SshError(
        'timed_out',
        `SSH handshake with ${endpointLabel(e)} timed out: the port answers but no SSH server replied.`,
      );
    }
    throw new SshError(
      'unreachable',
      `Connection to ${endpointLabel(e)} failed during the SSH handshake: ${(err as Error).message}`,
    );
  }
  return client;
}
