// A private MariaDB on 127.0.0.1 for integration tests: a fresh datadir in a temp dir owned by the
// `mysql` system user (mariadbd will not run as root), a free high port, its socket in the temp
// dir, performance_schema on, small InnoDB files so mariadb-install-db takes ~2.5 s, not 4+.
// Ready when it logs "ready for connections" (its own word, no polling). Not for production.
import { whenReady } from './serverProcess';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocal, type RunOutput } from '../../diagnostics/runLocal';
import { freePort } from '../../testing/nginx';

const READY_TIMEOUT_MS = 15_000;
const SMALL = ['--innodb-log-file-size=4M', '--innodb-buffer-pool-size=16M', '--skip-name-resolve'];

/** Why the MariaDB tests cannot run here (a missing binary or user), or null. */
export function mariadbMissingReason(): string | null {
  for (const bin of ['mariadbd', 'mariadb-install-db', 'mysql'])
    if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0)
      return `${bin} is not installed (Debian: mariadb-server)`;
  if (spawnSync('id', ['-u', 'mysql']).status !== 0) return 'there is no `mysql` system user';
  return null;
}

export interface TestMariadb {
  port: number;
  /** The socket's directory: what a service config's socketDir names. */
  socketDir: string;
  /** mysql -N -B -e SQL as root through the socket. */
  run(sql: string): Promise<RunOutput>;
  stop(): Promise<void>;
  /** SIGKILL (a server gone mid-poll); the dir stays until stop(). */
  kill(): Promise<void>;
}

function uidOf(user: string): number {
  return Number(spawnSync('id', ['-u', user]).stdout.toString().trim());
}

/** `extra`: more mariadbd options (a replication pair's --server-id, --log-bin). */
export async function startMariadb(
  opts: { performanceSchema?: boolean; extra?: string[] } = {},
): Promise<TestMariadb> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gb-mariadb-'));
  const uid = uidOf('mysql');
  chownSync(dir, uid, uid);
  chmodSync(dir, 0o755);
  const datadir = join(dir, 'data');
  // Its own tmpdir: two installs at once (tests run in parallel) otherwise clash over /tmp/#sql-temptable-*.
  const own = [`--tmpdir=${dir}`, ...SMALL];
  const install = await runLocal(
    [
      'mariadb-install-db',
      '--user=mysql',
      `--datadir=${datadir}`,
      '--auth-root-authentication-method=socket',
      '--skip-test-db',
      ...own,
    ],
    30_000,
  );
  if (install.exitCode !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed:\n${install.stderr}\n${install.stdout}`);
  }
  const socket = join(dir, 'mysqld.sock');
  const ps = opts.performanceSchema === false ? 'OFF' : 'ON';
  const proc = spawn(
    'mariadbd',
    [
      '--no-defaults',
      '--user=mysql',
      `--datadir=${datadir}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${socket}`,
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      `--performance-schema=${ps}`,
      ...own,
      ...(opts.extra ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const { exited } = await whenReady(proc, 'mariadbd', 'ready for connections', dir, READY_TIMEOUT_MS);
  let stopped = false;
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    await exited;
  };
  return {
    port,
    socketDir: dir,
    run: (sql) => runLocal(['mysql', `--socket=${socket}`, '-N', '-B', '-e', sql], 10_000),
    kill: () => end('SIGKILL'),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
