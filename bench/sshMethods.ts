import ssh2, { type Client } from 'ssh2';
import { withTimeout } from '../electron/engine/ssh/connect';
import { parsePollOutput, POLL_SCRIPT } from '../electron/engine/ssh/pollScript';
import { SshCollector } from '../electron/engine/ssh/sshCollector';
import { deriveSample, parseSnapshot, type ProcSnapshot } from '../electron/engine/procfs/snapshot';

// ssh2 is CommonJS: its named exports are not visible to Node's ESM loader.
const { Client: SshClient } = ssh2;

/**
 * The three ways of polling a host over SSH that bench/sshPoll.ts compares. Each is opened for
 * one host, then polled once per sweep. All three do the same client-side work per poll (frame
 * split, /proc parse, derived sample), so their CPU figures differ only by the transport.
 */
export const METHODS = ['persistent', 'execPerPoll', 'connPerPoll'] as const;
export type Method = (typeof METHODS)[number];

export interface BenchHost {
  user: string;
  host: string;
  port: number;
  keyPath: string;
  key: Buffer;
  /** Per step and per poll; a slower poll counts as failed. Default 20 s. */
  timeoutMs?: number;
}

export interface HostPoller {
  /** One poll; resolves to the transport round trip in ms (request sent → reply complete). */
  poll(): Promise<number>;
  close(): void;
}

/** Generous: a benchmark measures slowness, it should not turn it into failures. */
const TIMEOUT_MS = 20_000;
const timeoutOf = (h: BenchHost): number => h.timeoutMs ?? TIMEOUT_MS;

export function openPoller(method: Method, host: BenchHost, hostId: string): Promise<HostPoller> {
  if (method === 'persistent') return openPersistent(host, hostId);
  if (method === 'execPerPoll') return openExecPerPoll(host, hostId);
  return Promise.resolve(connPerPoll(host, hostId));
}

/** What the engine runs per host: SshCollector over one SshSession (a long-lived `sh`). */
async function openPersistent(h: BenchHost, hostId: string): Promise<HostPoller> {
  const collector = new SshCollector(
    hostId,
    { user: h.user, host: h.host, port: h.port },
    {
      now: () => Date.now(),
      // The benchmark's own throwaway sshds: nothing to verify against.
      hostKeys: { check: () => ({ status: 'trusted' }) },
      credentials: () => ({ privateKeys: [{ path: h.keyPath, key: h.key }] }),
      timeoutMs: timeoutOf(h),
      pollTimeoutMs: timeoutOf(h),
    },
  );
  await collector.prime();
  return {
    poll: async () => {
      await collector.collect();
      return collector.link.pollMs ?? NaN;
    },
    close: () => void collector.close(),
  };
}

/** The same parsing the engine does, for the naive transports. */
function sampler(hostId: string): (out: string, id: string, pollMs: number) => void {
  let prev: ProcSnapshot | null = null;
  return (out, id, pollMs) => {
    const poll = parsePollOutput(out, id);
    const snap = parseSnapshot(poll.texts, Date.now());
    deriveSample(hostId, prev, snap, {
      disks: poll.disks,
      processCount: poll.processCount,
      pollMs,
    });
    prev = snap;
  };
}

function connectClient(h: BenchHost): Promise<Client> {
  const client = new SshClient();
  // ssh2 may emit more than one error for one failure; an unheard one would crash the process.
  client.on('error', () => undefined);
  return withTimeout(
    new Promise<Client>((resolve, reject) => {
      client.once('ready', () => resolve(client));
      client.once('error', reject);
      client.connect({
        host: h.host,
        port: h.port,
        username: h.user,
        privateKey: h.key,
        hostVerifier: () => true,
        readyTimeout: timeoutOf(h),
      });
    }),
    timeoutOf(h),
    `SSH handshake with ${h.host}:${h.port}`,
    () => client.end(),
  );
}

/**
 * Runs the whole poll script in a new exec channel and collects its stdout. sshd hands the
 * command to the user's login shell as `$SHELL -c <command>`, so no extra `sh` is spawned (if
 * anything this flatters the naive way), but that shell's own start-up runs on every poll.
 */
function execScript(client: Client, id: string, timeoutMs: number): Promise<string> {
  return withTimeout(
    new Promise<string>((resolve, reject) => {
      client.exec(`${POLL_SCRIPT}\ngb_poll ${id}\n`, (err, ch) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        ch.on('data', (d: Buffer) => chunks.push(d));
        ch.stderr.on('data', () => undefined);
        ch.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
      });
    }),
    timeoutMs,
    `exec poll ${id}`,
  );
}

/** Naive (a): one persistent connection, a new exec channel (and remote shell) per poll. */
async function openExecPerPoll(h: BenchHost, hostId: string): Promise<HostPoller> {
  const client = await connectClient(h);
  const sample = sampler(hostId);
  let seq = 0;
  return {
    poll: async () => {
      const id = `e${++seq}`;
      const t0 = performance.now();
      const out = await execScript(client, id, timeoutOf(h));
      const pollMs = performance.now() - t0;
      sample(out, id, pollMs);
      return pollMs;
    },
    close: () => client.end(),
  };
}

/** Naive (b): TCP connect, SSH handshake, auth, exec, disconnect: every poll. */
function connPerPoll(h: BenchHost, hostId: string): HostPoller {
  const sample = sampler(hostId);
  let seq = 0;
  return {
    poll: async () => {
      const id = `c${++seq}`;
      const t0 = performance.now();
      const client = await connectClient(h);
      try {
        const out = await execScript(client, id, timeoutOf(h));
        const pollMs = performance.now() - t0;
        sample(out, id, pollMs);
        return pollMs;
      } finally {
        client.end();
      }
    },
    close: () => undefined,
  };
}
