// Issue 17's benchmark: per poll, what watching a database or a cache costs the Greenboard way
// (one client run on the host per poll, nothing resident) against the exporter way
// (prometheus-postgres-exporter / prometheus-redis-exporter resident on the host, scraped), at
// the same interval in one run: wall time, the client's CPU (sudo, psql, sh, redis-cli),
// Greenboard's own CPU, the server's time (its own statistics) and CPU (/proc), the answer's size,
// and the exporter's CPU and resident memory. Targets: one PostgreSQL poll under 50 ms with 5,000
// statements in pg_stat_statements, per poll at most the exporter's cost per scrape, no resident
// process on the host. Prints one JSON line (for run.mjs).
// Args: --polls=N (20), --interval=MS (1000), --statements=N (5000), --kinds=postgres,redis.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { postgresMissing } from '../electron/engine/services/testing/postgresServer';
import { redisMissingReason } from '../electron/engine/services/testing/redisServer';
import { round } from './serviceMeasure';
import { pgBench } from './servicePgBench';
import { redisBench } from './serviceRedisBench';

const arg = (k: string, d: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${k}=`));
  const v = a ? Number(a.split('=')[1]) : d;
  return Number.isFinite(v) && v > 0 ? v : d;
};
const POLLS = Math.floor(arg('polls', 20));
const INTERVAL_MS = arg('interval', 1000);
const STATEMENTS = Math.floor(arg('statements', 5000));
/** --kinds=postgres or --kinds=redis runs one half only (both unless said). */
const KINDS = (process.argv.find((x) => x.startsWith('--kinds='))?.slice(8) ?? 'postgres,redis').split(',');
export const PG_POLL_TARGET_MS = 50;

interface Row {
  wallMsMedian: number;
  clientCpuMsPerPoll?: number;
  greenboardCpuMsPerPoll?: number;
  exporterCpuMsPerScrape?: number;
  serverCpuMsPerPoll: number;
}

/** CPU per poll, host side (client or exporter, and the server) and Greenboard's own. */
function cost(r: Row): { hostCpuMs: number; totalCpuMs: number } {
  // The idle baseline is subtracted from the server's figure, so noise can take it below zero.
  const server = Math.max(0, r.serverCpuMsPerPoll);
  const host = (r.clientCpuMsPerPoll ?? 0) + (r.exporterCpuMsPerScrape ?? 0) + server;
  return { hostCpuMs: round(host), totalCpuMs: round(host + (r.greenboardCpuMsPerPoll ?? 0)) };
}

const ratio = (a: number, b: number): number | null => (b > 0 ? round(a / b) : null);

function compare(gb: Row, ex: Row): Record<string, unknown> {
  const g = cost(gb);
  const e = cost(ex);
  return {
    greenboardCpuMsPerPoll: g.totalCpuMs,
    exporterCpuMsPerScrape: e.totalCpuMs,
    cpuRatio: ratio(g.totalCpuMs, e.totalCpuMs),
    wallRatio: ratio(gb.wallMsMedian, ex.wallMsMedian),
    atMostExporter: g.totalCpuMs <= e.totalCpuMs,
  };
}

async function main(): Promise<void> {
  const result: Record<string, unknown> = {
    scenario: 'services',
    polls: POLLS,
    intervalMs: INTERVAL_MS,
    loadAvg1AtStart: round(loadavg()[0] ?? 0),
  };
  const skipped: Record<string, string> = {};
  const pgMissing =
    postgresMissing() ??
    (existsSync('/usr/bin/prometheus-postgres-exporter')
      ? null
      : 'prometheus-postgres-exporter is not installed');
  if (!KINDS.includes('postgres')) skipped.postgres = 'not asked for (--kinds)';
  else if (pgMissing) skipped.postgres = pgMissing;
  else {
    process.stderr.write(`services bench: PostgreSQL, ${STATEMENTS} statements, ${POLLS} polls per way...\n`);
    const pg = await pgBench(POLLS, INTERVAL_MS, STATEMENTS);
    const gb = pg.greenboard as Row;
    result.postgres = {
      ...pg,
      vsExporter: compare(gb, pg.exporter as Row),
      vsExporterWithStatements: compare(gb, pg.exporterWithStatements as Row),
      wrapperPsqlVsExporterWithStatements: compare(
        pg.greenboardWrapperPsql as Row,
        pg.exporterWithStatements as Row,
      ),
      // This way against the previous one (every poll through pg_wrapper): wall and CPU.
      vsWrapperPsql: compare(gb, pg.greenboardWrapperPsql as Row),
      // After against before (same run): the SQL, and the tunnel's reader.
      vsPreviousSql: compare(gb, pg.greenboardPreviousSql as Row),
      tunnelVsTunnelPrevious: compare(pg.greenboardTunnel as Row, pg.greenboardTunnelPrevious as Row),
      tunnelVsExporter: compare(pg.greenboardTunnel as Row, pg.exporter as Row),
      tunnelVsExporterWithStatements: compare(pg.greenboardTunnel as Row, pg.exporterWithStatements as Row),
    };
  }
  const redisMissing =
    redisMissingReason() ??
    (existsSync('/usr/bin/prometheus-redis-exporter') ? null : 'prometheus-redis-exporter is not installed');
  if (!KINDS.includes('redis')) skipped.redis = 'not asked for (--kinds)';
  else if (redisMissing) skipped.redis = redisMissing;
  else {
    process.stderr.write(`services bench: Redis, ${POLLS} polls per way...\n`);
    const redis = await redisBench(POLLS, INTERVAL_MS);
    result.redis = {
      ...redis,
      // The default way in (a tunnel, serviceDefaults.ts) against the exporter; then the others.
      defaultWay: 'tunnel',
      defaultVsExporter: compare(redis.greenboardTunnel as Row, redis.exporter as Row),
      vsExporter: compare(redis.greenboard as Row, redis.exporter as Row),
      noPingsVsExporter: compare(redis.greenboardNoPings as Row, redis.exporter as Row),
      tunnelVsExporter: compare(redis.greenboardTunnel as Row, redis.exporter as Row),
      previousVsExporter: compare(redis.greenboardPrevious as Row, redis.exporter as Row),
      vsPrevious: compare(redis.greenboard as Row, redis.greenboardPrevious as Row),
    };
  }
  if (Object.keys(skipped).length) result.skipped = skipped;
  result.loadAvg1AtEnd = round(loadavg()[0] ?? 0);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
