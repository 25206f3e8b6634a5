// What the tunnel benchmark (serviceTunnelBench.ts) adds to a way's own timing: the host's side
// of a poll over a real SSH session (the test sshd's whole process tree: its session process,
// the shells and clients an exec channel starts, all reaped into it) and the exporters scraped
// in the same run, each with the server's CPU over the same window, so a way's cost per poll
// and an exporter's per scrape are counted alike: everything on the host, plus Greenboard's own.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { freePort } from '../electron/engine/testing/nginx';
import { exporterScrapes, paced, procCpuMs, round, startExporter, type ScrapeRow } from './serviceMeasure';
import { EXPORTER as PG_EXPORTER, PGSS_YAML } from './servicePgBench';

const REDIS_EXPORTER = '/usr/bin/prometheus-redis-exporter';

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The listener of the test sshd whose config is in `dir`, or null. */
export function sshdListener(dir: string): number | null {
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'latin1');
      if (cmd.startsWith('sshd:') && cmd.includes(`${dir}/sshd_config`)) return Number(e);
    } catch {
      // Gone while looked at.
    }
  }
  return null;
}

/** CPU ms of a process tree: each live process's own and its reaped children's (no double count). */
export function treeCpuMs(pid: number): number {
  return procCpuMs(pid, true) + children(pid).reduce((s, c) => s + treeCpuMs(c), 0);
}

/** A window's CPU of the host side: `cpu()` read at open and close, per poll. */
export interface CostWindow {
  open(): void;
  close(): void;
  perPoll(polls: number): number;
}
export function cpuWindow(cpu: () => number): CostWindow {
  let at = 0;
  let used = 0;
  return {
    open: () => void (at = cpu()),
    close: () => void (used = cpu() - at),
    perPoll: (polls) => round(used / polls),
  };
}

/** The server's CPU per interval with no poller (pgbench or nothing), to subtract. */
export async function idlePerInterval(
  serverCpu: () => number,
  polls: number,
  intervalMs: number,
): Promise<number> {
  const c0 = serverCpu();
  await paced(polls, intervalMs, async () => {});
  return (serverCpu() - c0) / polls;
}

export type ExporterRow = ScrapeRow & { serverCpuMsPerScrape: number; costMsPerScrape: number };

async function scraped(
  bin: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number },
  up: RegExp,
  polls: number,
  intervalMs: number,
  serverCpu: () => number,
  idle: number,
): Promise<ExporterRow> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/metrics`;
  const ex = await startExporter(bin, [...args.map((a) => a.replace('PORT', String(port)))], url, opts);
  const server = cpuWindow(serverCpu);
  try {
    const row = await exporterScrapes(ex, polls, intervalMs, (b) => (up.test(b) ? null : `not up`), server);
    const s = Math.max(0, server.perPoll(polls) - idle);
    return { ...row, serverCpuMsPerScrape: round(s), costMsPerScrape: round(row.exporterCpuMsPerScrape + s) };
  } finally {
    await ex.stop();
  }
}

const pgIds = (): { uid: number; gid: number } => ({
  uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
  gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
});

/** prometheus-postgres-exporter, with its default metrics and with pg_stat_statements. */
export async function pgExporters(
  socketDir: string,
  pgPort: number,
  polls: number,
  intervalMs: number,
  serverCpu: () => number,
  idle: number,
): Promise<{ exporter: ExporterRow; exporterWithStatements: ExporterRow }> {
  const opts = {
    ...pgIds(),
    env: {
      DATA_SOURCE_NAME: `host=${socketDir} port=${pgPort} user=postgres dbname=postgres sslmode=disable`,
    },
  };
  const args = ['--web.listen-address=127.0.0.1:PORT', '--log.level=warn'];
  const run = (extra: string[]) =>
    scraped(PG_EXPORTER, [...args, ...extra], opts, /^pg_up 1$/m, polls, intervalMs, serverCpu, idle);
  const exporter = await run([]);
  const dir = mkdtempSync(join(tmpdir(), 'gb-bench-pgss-'));
  try {
    writeFileSync(join(dir, 'queries.yaml'), PGSS_YAML);
    chmodSync(dir, 0o755);
    return {
      exporter,
      exporterWithStatements: await run([`--extend.query-path=${join(dir, 'queries.yaml')}`]),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function redisExporter(
  redisPort: number,
  polls: number,
  intervalMs: number,
  serverCpu: () => number,
  idle: number,
): Promise<ExporterRow> {
  return scraped(
    REDIS_EXPORTER,
    [`-redis.addr=redis://127.0.0.1:${redisPort}`, '-web.listen-address=127.0.0.1:PORT'],
    {},
    /^redis_up 1$/m,
    polls,
    intervalMs,
    serverCpu,
    idle,
  );
}
