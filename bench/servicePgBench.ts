// The PostgreSQL half of the services benchmark: a private cluster with 5,000 distinct
// statements in pg_stat_statements and a light pgbench load, polled the Greenboard way (the
// driver's one psql run with the server's versioned psql, as the watch runs it once the first
// answer named it, and through Debian's pg_wrapper; the same with the SQL before it was made
// faster; and through a tunnel, today's reader and the one before) and scraped
// the exporter way (prometheus-postgres-exporter, with its default metrics and with the
// pg_stat_statements query of its example queries.yaml), all at the same interval in one run.
//
// The server's CPU per poll comes from /proc: the postmaster's own CPU and its reaped children
// (a poll's backend lives for one poll and is reaped into it), plus the live backends in the
// polled database (the exporter keeps its connection), less the same over an idle window.
// pgbench runs in its own database so its backends stay out of that sum.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceConfig } from '../shared/services';
import { postgresDriver } from '../electron/engine/services/postgres';
import { fillStatementsSql, startPostgres } from '../electron/engine/services/testing/postgresServer';
import { freePort } from '../electron/engine/testing/nginx';
import { runLocal } from '../electron/engine/diagnostics/runLocal';
import { LOCAL_TUNNEL } from '../electron/engine/collectors/tunnel';
import { runTunnel } from '../electron/engine/services/tunnel/tunnelPoll';
import { pgBreakdown } from './servicePgBreakdown';
import { previousArgv, previousTunnelAnswer } from './servicePgPrevious';
import { exporterScrapes, greenboardPolls, paced, procCpuMs, round, startExporter } from './serviceMeasure';

export const EXPORTER = '/usr/bin/prometheus-postgres-exporter';
const TUNNEL_PASSWORD = 'bench-tunnel-pw';
/** The pg_stat_statements query of the exporter's examples/queries.yaml, its columns renamed for PostgreSQL 13+. */
export const PGSS_YAML = `pg_stat_statements:
  query: "SELECT t2.rolname, t3.datname, queryid, calls, total_exec_time / 1000 as total_time_seconds, min_exec_time / 1000 as min_time_seconds, max_exec_time / 1000 as max_time_seconds, mean_exec_time / 1000 as mean_time_seconds, stddev_exec_time / 1000 as stddev_time_seconds, rows, shared_blks_hit, shared_blks_read, shared_blks_dirtied, shared_blks_written, local_blks_hit, local_blks_read, local_blks_dirtied, local_blks_written, temp_blks_read, temp_blks_written, blk_read_time / 1000 as blk_read_time_seconds, blk_write_time / 1000 as blk_write_time_seconds FROM pg_stat_statements t1 JOIN pg_roles t2 ON (t1.userid=t2.oid) JOIN pg_database t3 ON (t1.dbid=t3.oid)"
  master: true
  metrics:
${['rolname', 'datname', 'queryid'].map((l) => `    - ${l}: { usage: "LABEL", description: "${l}" }`).join('\n')}
${['calls', 'total_time_seconds', 'min_time_seconds', 'max_time_seconds', 'mean_time_seconds', 'stddev_time_seconds', 'rows', 'shared_blks_hit', 'shared_blks_read', 'shared_blks_dirtied', 'shared_blks_written', 'local_blks_hit', 'local_blks_read', 'local_blks_dirtied', 'local_blks_written', 'temp_blks_read', 'temp_blks_written', 'blk_read_time_seconds', 'blk_write_time_seconds'].map((m) => `    - ${m}: { usage: "COUNTER", description: "${m}" }`).join('\n')}
`;

const id = (flag: string): number =>
  Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());

/** Children of the postmaster serving database `postgres`, any user (their ps title names user and database). */
function pollerBackends(pm: number): number[] {
  try {
    return readFileSync(`/proc/${pm}/task/${pm}/children`, 'latin1')
      .split(' ')
      .filter(Boolean)
      .map(Number)
      .filter((p) => {
        try {
          return /^postgres: \S+ postgres /.test(readFileSync(`/proc/${p}/cmdline`, 'latin1'));
        } catch {
          return false;
        }
      });
  } catch {
    return [];
  }
}

/** The server's CPU that polls of database `postgres` can cause; only deltas mean anything. */
export const serverCpuMs = (pm: number): number =>
  procCpuMs(pm, true) + pollerBackends(pm).reduce((s, p) => s + procCpuMs(p), 0);

export async function pgBench(
  polls: number,
  intervalMs: number,
  statements: number,
): Promise<Record<string, unknown>> {
  const pg = await startPostgres();
  const uid = id('-u');
  const gid = id('-g');
  const yamlDir = mkdtempSync(join(tmpdir(), 'gb-bench-pgss-'));
  let load: ReturnType<typeof spawn> | null = null;
  try {
    // The fill runs in its own database, so the polled one's statements are the pollers' own.
    pg.run('CREATE DATABASE fill');
    pg.run('CREATE EXTENSION pg_stat_statements', 'fill');
    pg.run(fillStatementsSql(statements), 'fill');
    pg.run('CREATE DATABASE load');
    const pgbench = join(pg.binDir, 'pgbench');
    const conn = ['-h', pg.socketDir, '-p', String(pg.port)];
    const init = spawnSync(pgbench, [...conn, '-i', '-q', '-s', '1', 'load'], { uid, gid, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`pgbench -i: ${init.stderr}`);
    // Light: two clients, 20 transactions a second between them, for as long as the half runs.
    load = spawn(pgbench, [...conn, '-c', '2', '-R', '20', '-T', '3600', 'load'], {
      uid,
      gid,
      stdio: 'ignore',
    });
    const pm = Number(readFileSync(join(pg.socketDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const execMs = (): number =>
      Number(
        pg.run(
          "SELECT coalesce(sum(total_exec_time), 0) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'postgres')",
          'fill',
        ),
      );
    const inFill = Number(pg.run('SELECT count(*) FROM pg_stat_statements', 'fill'));

    // The idle baseline: what the server spends per interval with pgbench and no poller.
    await paced(2, intervalMs, async () => {});
    const idle0 = serverCpuMs(pm);
    await paced(polls, intervalMs, async () => {});
    const idlePerInterval = (serverCpuMs(pm) - idle0) / polls;

    /** Runs one way of polling and adds the server's side: exec time (its own statistics) and CPU. */
    const measured = async <R extends object>(
      run: (w: { open(): void; close(): void }) => Promise<R>,
      outside = 2,
    ): Promise<R & { serverExecMsPerPoll: number; serverCpuMsPerPoll: number }> => {
      const exec0 = execMs();
      let cpu0 = 0;
      let cpu = 0;
      const row = await run({
        open: () => void (cpu0 = serverCpuMs(pm)),
        close: () => void (cpu = serverCpuMs(pm) - cpu0),
      });
      // The exec time is read outside the window, so it spans the `outside` polls before it too.
      const exec = (execMs() - exec0) / (polls + outside);
      return {
        ...row,
        serverExecMsPerPoll: round(exec),
        serverCpuMsPerPoll: round(cpu / polls - idlePerInterval),
      };
    };

    const cfg: ServiceConfig = {
      id: 'bench/postgres',
      hostId: 'bench',
      kind: 'postgres',
      port: pg.port,
      via: 'peer',
      osUser: 'postgres',
      socketDir: pg.socketDir,
      database: null,
      dbUser: null,
      intervalMs,
      longQuerySec: 30,
      addedAt: 0,
    };
    // The poll as the watch runs it: the first answer names the server's versioned psql, and
    // the polls after it run that (skipping Debian's /usr/bin/psql, the Perl pg_wrapper).
    const ask = { textsFor: [], longQuerySec: 300 };
    const wrapped = postgresDriver.command(cfg, ask);
    const found = await runLocal(wrapped, 10_000, { maxBytes: 16 << 20 });
    const client = postgresDriver.parse(found, cfg).client;
    if (!client) throw new Error(`the first poll named no psql: ${found.stderr.slice(0, 300)}`);
    const argv = postgresDriver.command(cfg, { ...ask, client });
    const greenboard = await measured((w) =>
      greenboardPolls(postgresDriver, cfg, polls, intervalMs, argv, w),
    );
    // The previous way: every poll through pg_wrapper (what a poll does before the path is known).
    const greenboardWrapper = await measured((w) =>
      greenboardPolls(postgresDriver, cfg, polls, intervalMs, wrapped, w),
    );
    // Before this change, in the same run: the same versioned psql with the previous SQL (views,
    // pg_settings, statements as rows).
    const greenboardPreviousSql = await measured((w) =>
      greenboardPolls(postgresDriver, cfg, polls, intervalMs, previousArgv(argv, ask), w),
    );
    // Through a tunnel (`pg` over a socket to the port; on a remote host, a channel of the SSH
    // session): a SCRAM login per poll as a pg_monitor role, then the poll in two messages; and
    // the reader it replaced (SET, then one query per section), for before/after.
    pg.run(`CREATE ROLE gbmon LOGIN PASSWORD '${TUNNEL_PASSWORD}' IN ROLE pg_monitor`);
    const tunnelCfg: ServiceConfig = {
      ...cfg,
      via: 'tunnel',
      osUser: null,
      socketDir: null,
      dbUser: 'gbmon',
    };
    const greenboardTunnel = await measured((w) =>
      greenboardPolls(
        postgresDriver,
        tunnelCfg,
        polls,
        intervalMs,
        () => runTunnel(tunnelCfg, ask, LOCAL_TUNNEL, TUNNEL_PASSWORD, 10_000),
        w,
      ),
    );
    const greenboardTunnelPrevious = await measured((w) =>
      greenboardPolls(
        postgresDriver,
        tunnelCfg,
        polls,
        intervalMs,
        async () =>
          previousTunnelAnswer(
            tunnelCfg,
            ask,
            await LOCAL_TUNNEL.openTunnel(pg.port, 10_000),
            TUNNEL_PASSWORD,
          ),
        w,
      ),
    );

    const scrape = async (
      args: string[],
      w: { open(): void; close(): void },
    ): Promise<Awaited<ReturnType<typeof exporterScrapes>>> => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/metrics`;
      const env = {
        DATA_SOURCE_NAME: `host=${pg.socketDir} port=${pg.port} user=postgres dbname=postgres sslmode=disable`,
      };
      const ex = await startExporter(
        EXPORTER,
        [`--web.listen-address=127.0.0.1:${port}`, '--log.level=warn', ...args],
        url,
        {
          env,
          uid,
          gid,
        },
      );
      try {
        return await exporterScrapes(
          ex,
          polls,
          intervalMs,
          (b) => (/^pg_up 1$/m.test(b) ? null : 'pg_up is not 1'),
          w,
        );
      } finally {
        await ex.stop();
      }
    };
    // Outside the window: the scrape that found the exporter ready, and two warm-ups.
    const exporter = await measured((w) => scrape([], w), 3);
    const yaml = join(yamlDir, 'queries.yaml');
    writeFileSync(yaml, PGSS_YAML);
    chmodSync(yamlDir, 0o755);
    const exporterPgss = await measured((w) => scrape([`--extend.query-path=${yaml}`], w), 3);

    return {
      statements: inFill,
      idleServerCpuMsPerInterval: round(idlePerInterval),
      greenboard: { ...greenboard, psql: client },
      greenboardWrapperPsql: greenboardWrapper,
      greenboardPreviousSql,
      greenboardTunnel,
      greenboardTunnelPrevious,
      exporter,
      exporterWithStatements: exporterPgss,
      // Where a poll's time goes: sudo, psql's start and connection, each section, parse and derive.
      breakdown: pgBreakdown(cfg, argv, wrapped),
    };
  } finally {
    if (load && load.exitCode === null) {
      const gone = new Promise((r) => load?.once('exit', r));
      load.kill('SIGINT');
      await gone;
    }
    pg.stop();
    rmSync(yamlDir, { recursive: true, force: true });
  }
}
