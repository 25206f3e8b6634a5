// PostgreSQL poll benchmark: one driver poll (sudo -n -u postgres psql, every section) against a
// private cluster whose pg_stat_statements holds 5,000 distinct statements, the target
// being under 50 ms. Prints one JSON line: medians over the polls of the wall time of the run,
// parse and derive, the poll's own server time (from pg_stat_statements, the poll's database
// only), the CPU of sudo and psql, and the fixed costs of sudo and of a psql that only connects, for where the time goes.
// Args: --statements=N (default 5000), --polls=N (default 20).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ServiceConfig } from '../shared/services';
import { runLocal } from '../electron/engine/diagnostics/runLocal';
import { postgresDriver, type PgSnapshot } from '../electron/engine/services/postgres';
import {
  fillStatementsSql,
  postgresMissing,
  startPostgres,
} from '../electron/engine/services/testing/postgresServer';

const arg = (k: string, d: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${k}=`));
  return a ? Number(a.split('=')[1]) : d;
};
const STATEMENTS = arg('statements', 5000);
const POLLS = arg('polls', 20);
const MAX_BYTES = 16 * 1024 * 1024;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number): number => Math.round(x * 100) / 100;

/** CPU ms of this process's finished children (sudo, and psql under it): cutime + cstime at 100 Hz. */
function childCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) * 10;
}

async function timed(argv: string[]): Promise<number> {
  const t = performance.now();
  const out = await runLocal(argv, 10_000, { maxBytes: MAX_BYTES });
  if (out.exitCode !== 0) throw new Error(`${argv.join(' ')}: ${out.stderr}`);
  return performance.now() - t;
}

async function main(): Promise<void> {
  const missing = postgresMissing();
  if (missing) {
    process.stdout.write(`${JSON.stringify({ scenario: 'postgresPoll', skipped: missing })}\n`);
    return;
  }
  const pg = await startPostgres();
  try {
    // The fill runs in its own database, so the poll's statements are the only ones in `postgres`.
    pg.run('CREATE DATABASE fill');
    pg.run('CREATE EXTENSION pg_stat_statements', 'fill');
    pg.run(fillStatementsSql(STATEMENTS), 'fill');
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
      intervalMs: 10_000,
      longQuerySec: 30,
      addedAt: 0,
    };
    const argv = postgresDriver.command(cfg, { textsFor: [], longQuerySec: 300 });
    const serverMs = (): number =>
      Number(
        pg.run(
          "SELECT coalesce(sum(total_exec_time), 0) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'postgres')",
          'fill',
        ),
      );
    let prev: PgSnapshot | null = null;
    const wall: number[] = [];
    const parse: number[] = [];
    const derive: number[] = [];
    let bytes = 0;
    let statements = 0;
    let server0 = 0;
    let cpu0 = 0;
    for (let i = -2; i < POLLS; i++) {
      if (i === 0) {
        // After two warm-up polls.
        server0 = serverMs();
        cpu0 = childCpuMs();
      }
      const t0 = performance.now();
      const out = await runLocal(argv, 10_000, { maxBytes: MAX_BYTES });
      const t1 = performance.now();
      const snap = postgresDriver.parse(out, cfg);
      const t2 = performance.now();
      const d = postgresDriver.derive(prev, snap, {
        serviceId: cfg.id,
        ts: Date.now(),
        elapsedMs: 1000,
        pollMs: t1 - t0,
      });
      const t3 = performance.now();
      prev = snap;
      bytes = out.stdout.length;
      statements = d.reading.metrics['pg.statements'] ?? 0;
      if (i < 0) continue;
      wall.push(t1 - t0);
      parse.push(t2 - t1);
      derive.push(t3 - t2);
    }
    const clientCpuPerPoll = (childCpuMs() - cpu0) / POLLS;
    const serverPerPoll = (serverMs() - server0) / POLLS;
    const sudo: number[] = [];
    const connectOnly: number[] = [];
    const direct: number[] = [];
    const psqlOnly = argv.slice(0, argv.indexOf('-c'));
    // Debian's /usr/bin/psql is pg_wrapper, a Perl script choosing the version: the same poll
    // with the versioned binary shows what it costs.
    const directArgv = argv.map((a) => (a === 'psql' ? join(pg.binDir, 'psql') : a));
    const directCpu0 = childCpuMs();
    for (let i = 0; i < POLLS; i++) direct.push(await timed(directArgv));
    const directCpuPerPoll = (childCpuMs() - directCpu0) / POLLS;
    for (let i = 0; i < 10; i++) {
      sudo.push(await timed(['sudo', '-n', '-u', 'postgres', 'true']));
      connectOnly.push(await timed([...psqlOnly, '-c', 'SELECT 1']));
    }
    const result = {
      scenario: 'postgresPoll',
      statements,
      polls: POLLS,
      answerBytes: bytes,
      pollWallMsMedian: round(median(wall)),
      pollWallMsMax: round(Math.max(...wall)),
      parseMsMedian: round(median(parse)),
      deriveMsMedian: round(median(derive)),
      serverExecMsPerPoll: round(serverPerPoll),
      clientCpuMsPerPoll: round(clientCpuPerPoll),
      directPsqlPollWallMsMedian: round(median(direct)),
      directPsqlClientCpuMsPerPoll: round(directCpuPerPoll),
      sudoTrueMsMedian: round(median(sudo)),
      sudoPsqlSelect1MsMedian: round(median(connectOnly)),
      targetMs: 50,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    pg.stop();
  }
}

await main();
