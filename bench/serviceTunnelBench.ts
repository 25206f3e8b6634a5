// Peer against tunnel, through one real SSH session: the same PostgreSQL (5,000 distinct
// statements in pg_stat_statements) and Redis polled both ways at the same interval in one run,
// and their Prometheus exporters scraped in the same run for the issue's target ("per poll at
// most the exporter's cost per scrape").
// Peer: the client on the host through an exec channel (`sudo -n -u postgres` and the server's
// versioned psql, as the watch runs it from the second poll; sh and redis-cli).
// Tunnel: a forwarded channel on the same session and a driver in this process (pg with a
// SCRAM login, ioredis). PostgreSQL also both ways as they were before (the previous SQL; the
// previous tunnel reader), for before/after in the same run.
// The ways in are measured together, a slot each in every round (measureTogether), so a
// noisy machine's load changes fall on all of them alike.
// Per poll: wall time (median, max), this process's CPU (the drivers, ssh2's crypto, parse and
// derive), the host's CPU (the test sshd's process tree: its session, and every shell and client
// an exec channel starts), the server's CPU (less its idle share), and their sum, the cost.
// Per scrape: the exporter's CPU and the server's. Prints a table on stderr, one JSON line on stdout.
// Args: --polls=N (20), --interval=MS (1000), --statements=N (5000).
// Run: node --import tsx bench/serviceTunnelBench.ts (or BENCH_ONLY=tunnel npm run bench)
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SERVICE_VIA, type ServiceConfig, type ServiceInput } from '../shared/services';
import type { RemoteAccess, RunOutput } from '../electron/engine/collectors/types';
import { SERVICE_DRIVERS } from '../electron/engine/services/drivers';
import { serviceConfigOf } from '../electron/engine/services/serviceDefaults';
import { pollService, type PrevSnapshot } from '../electron/engine/services/servicePoll';
import {
  fillStatementsSql,
  postgresMissing,
  startPostgres,
} from '../electron/engine/services/testing/postgresServer';
import { redisMissingReason, startRedis } from '../electron/engine/services/testing/redisServer';
import { allowSudo } from '../electron/engine/services/testing/sudoers';
import { startTunnelRig } from '../electron/engine/services/testing/tunnelRig';
import type { ServiceDriver } from '../electron/engine/services/types';
import { setTimeout as sleep } from 'node:timers/promises';
import { median, paced, procCpuMs, round } from './serviceMeasure';
import { serverCpuMs } from './servicePgBench';
import { previousArgv, previousTunnelAnswer } from './servicePgPrevious';
import {
  idlePerInterval,
  pgExporters,
  redisExporter,
  sshdListener,
  treeCpuMs,
  type ExporterRow,
} from './serviceTunnelCosts';

const arg = (k: string, d: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${k}=`));
  const v = a ? Number(a.split('=')[1]) : d;
  return Number.isFinite(v) && v > 0 ? v : d;
};
const POLLS = Math.floor(arg('polls', 20));
const INTERVAL_MS = arg('interval', 1000);
const STATEMENTS = Math.floor(arg('statements', 5000));
const PASSWORD = 'bench-tunnel-pw';
const PG_TARGET_MS = 50;

interface WayRow {
  polls: number;
  wallMsMedian: number;
  wallMsMax: number;
  greenboardCpuMsPerPoll: number;
  /** The test sshd's tree over the window, per poll: the session, its shells and clients. */
  hostCpuMsPerPoll: number;
  serverCpuMsPerPoll: number;
  /** Greenboard + host + server: what one poll costs in all. */
  costMsPerPoll: number;
  firstPollMs: number;
}

interface Sides {
  host: () => number;
  server: () => number;
  idle: number;
}

/**
 * Ways measured together, so a noisy machine's load falls on each alike: two warm-ups each, then
 * POLLS rounds in which every way polls once (in an order turned each round) in a slot of its
 * own, one interval long. The host's and the server's CPU are read at a slot's start and end (the
 * server reaps a poll's backend within it), so each way is charged its own slots only.
 */
async function measureTogether(
  ways: Record<string, () => Promise<number>>,
  sides: Sides,
): Promise<Record<string, WayRow>> {
  const names = Object.keys(ways);
  const acc = new Map(names.map((n) => [n, { wall: [] as number[], gb: 0, host: 0, server: 0, first: 0 }]));
  const one = async (name: string): Promise<{ wall: number; cpu: number }> => {
    const cpu0 = process.cpuUsage();
    const wall = await ways[name]!();
    const cpu = process.cpuUsage(cpu0);
    return { wall, cpu: (cpu.user + cpu.system) / 1000 };
  };
  for (const n of names) {
    acc.get(n)!.first = (await one(n)).wall;
    await one(n);
  }
  for (let round = 0; round < POLLS; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    await paced(order.length, INTERVAL_MS, async (i) => {
      const name = order[i]!;
      const a = acc.get(name)!;
      const h0 = sides.host();
      const s0 = sides.server();
      const r = await one(name);
      a.wall.push(r.wall);
      a.gb += r.cpu;
      // The rest of the slot, then its CPU: what the poll left behind (a backend reaped) is in it.
      const left = INTERVAL_MS - r.wall - 50;
      if (left > 0) await sleep(left);
      a.host += sides.host() - h0;
      a.server += sides.server() - s0;
    });
  }
  return Object.fromEntries(
    names.map((n) => {
      const a = acc.get(n)!;
      const gb = a.gb / POLLS;
      const h = a.host / POLLS;
      const srv = Math.max(0, a.server / POLLS - sides.idle);
      return [
        n,
        {
          polls: POLLS,
          wallMsMedian: round(median(a.wall)),
          wallMsMax: round(Math.max(...a.wall)),
          greenboardCpuMsPerPoll: round(gb),
          hostCpuMsPerPoll: round(h),
          serverCpuMsPerPoll: round(srv),
          costMsPerPoll: round(gb + h + srv),
          firstPollMs: round(a.first),
        },
      ];
    }),
  );
}

/** A poll the watch's way (pollService), keeping the previous snapshot for rates and deltas. */
function watchPoll(
  driver: ServiceDriver<unknown>,
  cfg: ServiceConfig,
  remote: RemoteAccess,
  secret: string | null,
  client: string | null = null,
): () => Promise<number> {
  let prev: PrevSnapshot | null = null;
  return async () => {
    const r = await pollService(driver, cfg, remote, prev, { textsFor: [], client }, Date.now, {
      opener: remote,
      secret,
    });
    if (!r.ok) throw new Error(`${cfg.id} (${cfg.via}): ${r.problem}: ${r.message}`);
    prev = { snap: r.snap, ts: Date.now() };
    return r.pollMs;
  };
}

/** A poll from an answer got some other way (the previous tunnel reader), parsed and derived as the watch does. */
function answerPoll(
  driver: ServiceDriver<unknown>,
  cfg: ServiceConfig,
  answer: () => Promise<RunOutput>,
): () => Promise<number> {
  let prev: unknown = null;
  return async () => {
    const t0 = performance.now();
    const out = await answer();
    const wall = performance.now() - t0;
    const snap = driver.parse(out, cfg);
    driver.derive(prev, snap, { serviceId: cfg.id, ts: Date.now(), elapsedMs: INTERVAL_MS, pollMs: wall });
    prev = snap;
    return wall;
  };
}

const cfgOf = (input: Omit<ServiceInput, 'hostId'>): ServiceConfig =>
  serviceConfigOf({ hostId: 'db-1', intervalMs: 60_000, ...input }, Date.now());

const ratio = (a: number, b: number): number | null => (b > 0 ? round(a / b) : null);

function table(result: Record<string, Record<string, WayRow | ExporterRow>>): string {
  const lines = [
    'kind       way                    wall ms (median / max)  CPU ms per poll or scrape: Greenboard + host + server = cost',
  ];
  for (const [kind, ways] of Object.entries(result))
    for (const [way, r] of Object.entries(ways)) {
      const cpu =
        'costMsPerPoll' in r
          ? `${r.greenboardCpuMsPerPoll} + ${r.hostCpuMsPerPoll} + ${r.serverCpuMsPerPoll} = ${r.costMsPerPoll}`
          : `exporter ${r.exporterCpuMsPerScrape} + server ${r.serverCpuMsPerScrape} = ${r.costMsPerScrape}`;
      lines.push(
        `${kind.padEnd(10)} ${way.padEnd(22)} ${`${r.wallMsMedian} / ${r.wallMsMax}`.padEnd(23)} ${cpu}`,
      );
    }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const skipped: Record<string, string> = {};
  const out: Record<string, Record<string, WayRow | ExporterRow>> = {};
  const targets: Record<string, unknown> = {};
  const rig = await startTunnelRig({ 'db-1': {} });
  const remote = rig.ctx.collectors.get('db-1')?.remote;
  if (!remote) throw new Error('no SSH remote for db-1');
  const sshd = sshdListener(rig.sshds[0]!.dir);
  if (!sshd) throw new Error('the test sshd was not found in /proc');
  const host = (): number => treeCpuMs(sshd);
  const pgMissing =
    postgresMissing() ??
    (existsSync('/usr/bin/prometheus-postgres-exporter')
      ? null
      : 'prometheus-postgres-exporter is not installed');
  if (pgMissing) skipped.postgres = pgMissing;
  else {
    const pg = await startPostgres();
    const client = join(pg.binDir, 'psql');
    // The sudoers line the README gives: Debian's psql and the server's versioned one.
    const undo = allowSudo(rig.sshds[0]!.user, 'postgres', ['/usr/bin/psql', client]);
    try {
      pg.run(`CREATE ROLE gbmon LOGIN PASSWORD '${PASSWORD}' IN ROLE pg_monitor`);
      pg.run(fillStatementsSql(STATEMENTS));
      const pm = Number(readFileSync(join(pg.socketDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      const server = (): number => serverCpuMs(pm);
      process.stderr.write(`tunnel bench: PostgreSQL, ${STATEMENTS} statements, ${POLLS} polls per way...\n`);
      const sides: Sides = { host, server, idle: await idlePerInterval(server, POLLS, INTERVAL_MS) };
      const driver = SERVICE_DRIVERS.postgres!;
      const peer = cfgOf({ kind: 'postgres', port: pg.port, socketDir: pg.socketDir });
      const tunnel = cfgOf({ kind: 'postgres', port: pg.port, via: 'tunnel', dbUser: 'gbmon' });
      const ask = { textsFor: [], longQuerySec: peer.longQuerySec, client };
      const previousDriver: ServiceDriver<unknown> = {
        ...driver,
        command: (cfg, a) => previousArgv(driver.command(cfg, a), a),
      };
      out.postgres = {
        ...(await measureTogether(
          {
            peer: watchPoll(driver, peer, remote, null, client),
            peerBefore: watchPoll(previousDriver, peer, remote, null, client),
            tunnel: watchPoll(driver, tunnel, remote, PASSWORD),
            tunnelBefore: answerPoll(driver, tunnel, async () =>
              previousTunnelAnswer(tunnel, ask, await remote.openTunnel(pg.port, 10_000), PASSWORD),
            ),
          },
          sides,
        )),
        ...(await pgExporters(pg.socketDir, pg.port, POLLS, INTERVAL_MS, server, sides.idle)),
      };
      const o = out.postgres as Record<string, WayRow> &
        Record<'exporter' | 'exporterWithStatements', ExporterRow>;
      const way = DEFAULT_SERVICE_VIA.postgres;
      targets.postgres = {
        defaultWay: way,
        pollTarget: `one PostgreSQL poll < ${PG_TARGET_MS} ms (median wall) with ${STATEMENTS} statements, through the SSH session`,
        defaultPollMs: o[way]!.wallMsMedian,
        tunnelPollMs: o.tunnel!.wallMsMedian,
        peerPollMs: o.peer!.wallMsMedian,
        beforeMs: { peer: o.peerBefore!.wallMsMedian, tunnel: o.tunnelBefore!.wallMsMedian },
        defaultUnderTarget: o[way]!.wallMsMedian < PG_TARGET_MS,
        tunnelUnderTarget: o.tunnel!.wallMsMedian < PG_TARGET_MS,
        costTarget:
          'per poll at most the exporter per scrape (CPU: Greenboard + host + server vs exporter + server)',
        defaultVsExporterWithStatements: ratio(
          o[way]!.costMsPerPoll,
          o.exporterWithStatements.costMsPerScrape,
        ),
        defaultVsExporter: ratio(o[way]!.costMsPerPoll, o.exporter.costMsPerScrape),
        tunnelVsExporterWithStatements: ratio(
          o.tunnel!.costMsPerPoll,
          o.exporterWithStatements.costMsPerScrape,
        ),
        tunnelVsExporter: ratio(o.tunnel!.costMsPerPoll, o.exporter.costMsPerScrape),
      };
    } finally {
      undo();
      pg.stop();
    }
  }
  const redisMissing =
    redisMissingReason() ??
    (existsSync('/usr/bin/prometheus-redis-exporter') ? null : 'prometheus-redis-exporter is not installed');
  if (redisMissing) skipped.redis = redisMissing;
  else {
    const redis = await startRedis();
    try {
      process.stderr.write(`tunnel bench: Redis, ${POLLS} polls per way...\n`);
      const pid = Number(/^process_id:(\d+)/m.exec((await redis.run('INFO', 'server')).stdout)?.[1]);
      const server = (): number => procCpuMs(pid);
      const sides: Sides = { host, server, idle: await idlePerInterval(server, POLLS, INTERVAL_MS) };
      const driver = SERVICE_DRIVERS.redis!;
      out.redis = {
        ...(await measureTogether(
          {
            peer: watchPoll(driver, cfgOf({ kind: 'redis', port: redis.port, via: 'peer' }), remote, null),
            tunnel: watchPoll(
              driver,
              cfgOf({ kind: 'redis', port: redis.port, via: 'tunnel' }),
              remote,
              null,
            ),
          },
          sides,
        )),
        exporter: await redisExporter(redis.port, POLLS, INTERVAL_MS, server, sides.idle),
      };
      const o = out.redis as Record<'peer' | 'tunnel', WayRow> & { exporter: ExporterRow };
      const way = DEFAULT_SERVICE_VIA.redis;
      targets.redis = {
        defaultWay: way,
        costTarget:
          'per poll at most the exporter per scrape (CPU: Greenboard + host + server vs exporter + server)',
        defaultVsExporter: ratio(o[way].costMsPerPoll, o.exporter.costMsPerScrape),
        peerVsExporter: ratio(o.peer.costMsPerPoll, o.exporter.costMsPerScrape),
        tunnelVsExporter: ratio(o.tunnel.costMsPerPoll, o.exporter.costMsPerScrape),
        // What the watched machine spends: sshd and the clients it starts plus the server, against
        // the exporter plus the server (Greenboard's own share runs on the laptop).
        defaultOnHostVsExporter: ratio(
          o[way].hostCpuMsPerPoll + o[way].serverCpuMsPerPoll,
          o.exporter.costMsPerScrape,
        ),
      };
    } finally {
      await redis.stop();
    }
  }
  await rig.close();
  process.stderr.write(`${table(out)}\n`);
  for (const [kind, t] of Object.entries(targets) as [string, Record<string, unknown>][]) {
    if (kind === 'postgres')
      process.stderr.write(
        `target ${String(t.pollTarget)}: default (${String(t.defaultWay)}) ${String(t.defaultPollMs)} ms ${t.defaultUnderTarget ? 'pass' : 'fail'}; ` +
          `tunnel ${String(t.tunnelPollMs)} ms ${t.tunnelUnderTarget ? 'pass' : 'fail'} (before, same run: ${JSON.stringify(t.beforeMs)})\n`,
      );
    process.stderr.write(
      `target ${kind}, ${String(t.costTarget)}: default (${String(t.defaultWay)}) ${JSON.stringify(
        Object.fromEntries(Object.entries(t).filter(([k]) => /VsExporter/.test(k))),
      )}\n`,
    );
  }
  process.stdout.write(
    `${JSON.stringify({ scenario: 'serviceTunnel', polls: POLLS, intervalMs: INTERVAL_MS, statements: STATEMENTS, loadAvg1: round(loadavg()[0] ?? 0), ...out, targets, ...(Object.keys(skipped).length ? { skipped } : {}) })}\n`,
  );
}

await main();
