// A private PostgreSQL cluster on 127.0.0.1 for the driver's integration tests and the bench:
// initdb in a temp dir owned by the `postgres` OS user (the server refuses to run as root), its
// own port and socket dir, pg_stat_statements preloaded. Not for production use: fsync is off.
// Settings: https://www.postgresql.org/docs/current/runtime-config.html
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../testing/nginx';

const PG_ROOT = '/usr/lib/postgresql';
const RUNUSER = '/usr/sbin/runuser';
export const PG_OS_USER = 'postgres';

export interface TestPostgres {
  port: number;
  /** The unix socket directory (also the cluster's temp dir). */
  socketDir: string;
  binDir: string;
  /** Runs SQL through psql as the postgres user (database `postgres` unless said); rows as tab-separated lines. */
  run(sql: string, database?: string): string;
  /** argv running psql as the postgres user against this cluster (append -c SQL), e.g. for a background session. */
  psqlArgv(database?: string): string[];
  /** Runs pgbench as the postgres user against database postgres; resolves with its stdout. */
  pgbench(args: string[]): Promise<string>;
  /** Stops the server (fast) and removes the temp dir. Idempotent. */
  stop(): void;
  /** SIGKILL to the postmaster and every backend: a server gone mid-poll. */
  /** SIGKILL to the postmaster and its backends; resolves once they have died (their ports closed). */
  kill(): Promise<void>;
}

/** The newest installed server's bin dir, or null when none is. */
export function postgresBinDir(): string | null {
  if (!existsSync(PG_ROOT)) return null;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(PG_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(PG_ROOT, versions[0], 'bin') : null;
}

/** Why the Postgres tests cannot run here, or null when they can. */
export function postgresMissing(): string | null {
  const bin = postgresBinDir();
  if (!bin) return `no PostgreSQL server under ${PG_ROOT} (install the Debian "postgresql" package)`;
  if (!existsSync(RUNUSER)) return `${RUNUSER} is missing`;
  if (!existsSync('/usr/bin/sudo'))
    return 'sudo is missing (the driver runs psql through sudo -n -u postgres)';
  try {
    execFileSync('id', ['-u', PG_OS_USER], { stdio: 'ignore' });
  } catch {
    return `no "${PG_OS_USER}" OS user`;
  }
  return process.getuid?.() === 0 ? null : 'the tests need root (to run the cluster as the postgres user)';
}

export interface PostgresOptions {
  /** CREATE EXTENSION pg_stat_statements in the postgres database (default true). */
  withExtension?: boolean;
}

function asPostgres(bin: string, args: string[], input?: string): string {
  return execFileSync(RUNUSER, ['-u', PG_OS_USER, '--', bin, ...args], {
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
}

/** Starts a private cluster; pg_ctl -w returns once it accepts connections. */
export async function startPostgres(opts: PostgresOptions = {}): Promise<TestPostgres> {
  const binDir = postgresBinDir();
  if (!binDir) throw new Error(postgresMissing() ?? 'no PostgreSQL');
  const dir = mkdtempSync(join(tmpdir(), 'gb-pg-'));
  const { uid, gid } = pgIds();
  chownSync(dir, uid, gid);
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const port = await freePort();
  const initdb = ['-D', data, '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'];
  asPostgres(join(binDir, 'initdb'), [...initdb, '--auth-local=peer', '--auth-host=scram-sha-256']);
  appendFileSync(
    join(data, 'postgresql.conf'),
    [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${dir}'`,
      `shared_preload_libraries = 'pg_stat_statements'`,
      'pg_stat_statements.max = 10000',
      'track_io_timing = on',
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      'shared_buffers = 32MB',
      '',
    ].join('\n'),
  );
  writeFileSync(join(data, 'pg_hba.conf'), 'local all all peer\nhost all all 127.0.0.1/32 scram-sha-256\n');
  const pgCtl = join(binDir, 'pg_ctl');
  asPostgres(pgCtl, ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '20', 'start']);
  const psql = join(binDir, 'psql');
  const conn = (database: string): string[] => ['-h', dir, '-p', String(port), '-d', database];
  const quiet = ['-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1'];
  const run = (sql: string, database = 'postgres'): string =>
    asPostgres(psql, [...quiet, ...conn(database)], sql);
  if (opts.withExtension !== false) run('CREATE EXTENSION pg_stat_statements');
  let stopped = false;
  return {
    port,
    socketDir: dir,
    binDir,
    run,
    psqlArgv: (database = 'postgres') => [
      RUNUSER,
      '-u',
      PG_OS_USER,
      '--',
      psql,
      '-X',
      '-q',
      '-A',
      '-t',
      ...conn(database),
    ],
    pgbench: (args) =>
      new Promise((resolve, reject) => {
        const argv = [
          '-u',
          PG_OS_USER,
          '--',
          join(binDir, 'pgbench'),
          ...conn('postgres').slice(0, 4),
          ...args,
          'postgres',
        ];
        execFile(RUNUSER, argv, { encoding: 'utf8' }, (err, stdout, stderr) => {
          if (err) reject(new Error(`pgbench ${args.join(' ')}: ${stderr || err.message}`));
          else resolve(stdout);
        });
      }),
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        asPostgres(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already down (killed): nothing to stop.
      }
      rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      const pidFile = join(data, 'postmaster.pid');
      if (!existsSync(pidFile)) return;
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (!Number.isInteger(pid) || pid <= 1) return;
      // Backends first (children of this postmaster only), then the postmaster itself.
      const all = [...childrenOf(pid), pid];
      for (const p of all) killQuietly(p);
      // Not this process's children (pg_ctl started them): dead is gone from /proc or a zombie.
      const deadline = Date.now() + 10_000;
      while (all.some(alive)) {
        if (Date.now() > deadline) throw new Error(`postgres ${pid} still alive 10 s after SIGKILL`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  };
}

function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

function pgIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', PG_OS_USER], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', PG_OS_USER], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/**
 * SQL that leaves `n` (up to 10,000) distinct statements in pg_stat_statements, run in one
 * session. Column aliases do not change a query id (the jumble ignores them), so each statement
 * differs by its operators instead: four columns, each one of ten int4 operators, one per digit of i.
 * Statements run inside DO are tracked only with pg_stat_statements.track = all (superuser).
 */
export function fillStatementsSql(n: number): string {
  const count = Math.max(1, Math.min(10_000, Math.floor(n)));
  return `SET pg_stat_statements.track = 'all';
DO $$ DECLARE ops text[] := ARRAY['+', '-', '*', '/', '%', '&', '|', '#', '<<', '>>']; BEGIN
  FOR i IN 0..${count - 1} LOOP
    EXECUTE format('SELECT 7 %s 3 AS a, 7 %s 3 AS b, 7 %s 3 AS c, 7 %s 3 AS d',
      ops[i % 10 + 1], ops[i / 10 % 10 + 1], ops[i / 100 % 10 + 1], ops[i / 1000 % 10 + 1]);
  END LOOP;
END $$`;
}
