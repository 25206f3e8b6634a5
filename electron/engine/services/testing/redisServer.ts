// A private redis-server on 127.0.0.1 for integration tests: a free high port, its dir in a temp
// dir, no persistence, a child of the test process (redis runs as root without complaint).
// Ready when it logs "Ready to accept connections" (its own word, no polling). Not for production.
import { whenReady } from './serverProcess';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocal, type RunOutput } from '../../diagnostics/runLocal';
import { freePort } from '../../testing/nginx';

const READY_TIMEOUT_MS = 10_000;

/** Why the Redis tests cannot run here (a missing binary), or null. */
export function redisMissingReason(): string | null {
  for (const bin of ['redis-server', 'redis-cli'])
    if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0)
      return `${bin} is not installed (Debian: redis-server)`;
  return null;
}

export interface TestRedis {
  port: number;
  dir: string;
  /** redis-cli with these arguments against this server. */
  run(...args: string[]): Promise<RunOutput>;
  /** SIGTERM, wait for the exit, remove the dir. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL (a server gone mid-poll); the dir stays until stop(). */
  kill(): Promise<void>;
}

export async function startRedis(opts: { replicaOf?: number; extra?: string[] } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gb-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
  ];
  args.push('--daemonize', 'no', '--logfile', '', ...(opts.extra ?? []));
  if (opts.replicaOf) args.push('--replicaof', '127.0.0.1', String(opts.replicaOf));
  const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const { exited } = await whenReady(
    proc,
    'redis-server',
    'Ready to accept connections',
    dir,
    READY_TIMEOUT_MS,
  );
  let stopped = false;
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    await exited;
  };
  return {
    port,
    dir,
    run: (...a) => runLocal(['redis-cli', '-h', '127.0.0.1', '-p', String(port), ...a], 10_000),
    kill: () => end('SIGKILL'),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
