import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../electron/engine/clock';
import { assembleEngine } from '../electron/engine/createEngine';
import type { TestSshd } from '../electron/engine/ssh/testing/sshd';
import { dispatch } from '../shared/dispatch';
import { inspectorUrl } from './soakProbe';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const SETPRIV = '/usr/bin/setpriv';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Writes `count` SSH hosts into a data folder, all pointing at one sshd, and trusts its host
 * key once (trust is per endpoint, and they share one), through the same API calls the CLI's
 * `hosts add` and `hosts trust` make. Returns the host ids.
 */
export async function addSoakHosts(
  dataDir: string,
  sshd: TestSshd,
  count: number,
  intervalMs: number,
): Promise<string[]> {
  const engine = assembleEngine({ dataDir, mode: 'headless', logger: silentLogger, knownHostsPath: null });
  const call = async (method: string, input: unknown): Promise<void> => {
    const r = await dispatch(engine.api, method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  };
  try {
    const names = Array.from({ length: count }, (_, i) => `soak-${String(i + 1).padStart(2, '0')}`);
    for (const name of names)
      await call('hosts:add', {
        name,
        ssh: { user: sshd.user, host: sshd.host, port: sshd.port, identityFile: sshd.clientKeyPath },
        intervalMs,
        tags: ['soak'],
      });
    await call('hosts:trust', { hostId: names[0], fingerprint: sshd.hostKeyFingerprint });
    return names;
  } finally {
    await engine.stop();
  }
}

export interface ServeProcess {
  pid: number;
  /** The board URL with its token, as `greenboard serve` printed it. */
  url: string;
  inspectorUrl: string;
  /** SIGTERM (the CLI's clean shutdown), SIGKILL after a timeout. Idempotent. */
  stop(): Promise<void>;
  /** Synchronous last resort, for process 'exit'. */
  killNow(): void;
  stderrTail(): string;
}

/**
 * A real `greenboard serve` in its own process, as a user starts it, plus the V8 inspector on
 * 127.0.0.1 with a random port. Under setpriv --pdeathsig it dies with this process even if
 * this one is SIGKILLed.
 */
export async function startServe(dataDir: string): Promise<ServeProcess> {
  const node = [
    process.execPath,
    '--inspect=127.0.0.1:0',
    join(ROOT, 'bin', 'greenboard.js'),
    'serve',
    '--data-dir',
    dataDir,
    '--port',
    '0',
  ];
  const argv = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'KILL', ...node] : node;
  const child: ChildProcess = spawn(argv[0]!, argv.slice(1), {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-16_384)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;

  const stop = async (): Promise<void> => {
    if (!alive()) return;
    child.kill('SIGTERM');
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), STOP_TIMEOUT_MS).unref());
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const killNow = (): void => {
    if (alive()) child.kill('SIGKILL');
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  let url: string | undefined;
  let inspector: string | null = null;
  while (!(url && inspector)) {
    url ??= /Greenboard is running at (\S+)/.exec(stdout)?.[1];
    inspector ??= inspectorUrl(stderr);
    if (url && inspector) break;
    if (!alive() || Date.now() > deadline) {
      killNow();
      throw new Error(
        `greenboard serve ${alive() ? `did not start within ${START_TIMEOUT_MS / 1000} s` : 'exited'}:\n${stderr.slice(-4000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid!,
    url,
    inspectorUrl: inspector,
    stop,
    killNow,
    stderrTail: () => stderr.slice(-4000),
  };
}
