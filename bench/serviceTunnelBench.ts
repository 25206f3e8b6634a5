// Peer against tunnel, through one real SSH session: the same PostgreSQL (5,000 distinct
// statements in pg_stat_statements) and Redis polled both ways at the same interval in one run.
// Peer: the client on the host through an exec channel (`sudo -n -u postgres psql`, redis-cli).
// Tunnel: a forwarded channel on the same session and a driver in this process (pg with a
// SCRAM login, ioredis). Per poll: wall time (median, max), this process's CPU (the drivers,
// ssh2's crypto, parse and derive), the answer's size; and the first tunnel poll on its own
// (it loads the driver). Prints a table on stderr and one JSON line on stdout.
// Args: --polls=N (20), --interval=MS (1000), --statements=N (5000).
// Run: node --import tsx bench/serviceTunnelBench.ts (or BENCH_ONLY=tunnel npm run bench)
import type { ServiceConfig, ServiceInput } from '../shared/services';
import type { RemoteAccess } from '../electron/engine/collectors/types';
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
import { median, paced, round } from './serviceMeasure';

const arg = (k: string, d: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${k}=`));
  const v = a ? Number(a.split('=')[1]) : d;
  return Number.isFinite(v) && v > 0 ? v : d;
};
const POLLS = Math.floor(arg('polls', 20));
const INTERVAL_MS = arg('interval', 1000);
const STATEMENTS = Math.floor(arg('statements', 5000));
const PASSWORD = 'bench-tunnel-pw';

interface WayRow {
  polls: number;
  wallMsMedian: number;
  wallMsMax: number;
  greenboardCpuMsPerPoll: number;
  answerBytes: number | null;
  firstPollMs?: number;
}

async function measure(cfg: ServiceConfig, remote: RemoteAccess, secret: string | null): Promise<WayRow> {
  const driver = SERVICE_DRIVERS[cfg.kind]!;
  let prev: PrevSnapshot | null = null;
  const tunnel = { opener: remote, secret };
  const one = async (): Promise<{ wall: number; cpu: number }> => {
    const cpu0 = process.cpuUsage();
    const r = await pollService(driver, cfg, remote, prev, { textsFor: [] }, Date.now, tunnel);
    const cpu = process.cpuUsage(cpu0);
    if (!r.ok) throw new Error(`${cfg.id} (${cfg.via}): ${r.problem}: ${r.message}`);
    prev = { snap: r.snap, ts: Date.now() };
    return { wall: r.pollMs, cpu: (cpu.user + cpu.system) / 1000 };
  };
  const first = await one();
  await one();
  const wall: number[] = [];
  let cpu = 0;
  await paced(POLLS, INTERVAL_MS, async () => {
    const r = await one();
    wall.push(r.wall);
    cpu += r.cpu;
  });
  const bytes =
    cfg.via === 'peer'
      ? (
          await remote.exec(driver.command(cfg, { textsFor: [], longQuerySec: 300 }), 10_000, {
            maxBytes: 16 << 20,
          })
        ).stdout.length
      : null;
  return {
    polls: POLLS,
    wallMsMedian: round(median(wall)),
    wallMsMax: round(Math.max(...wall)),
    greenboardCpuMsPerPoll: round(cpu / POLLS),
    answerBytes: bytes,
    ...(cfg.via === 'tunnel' ? { firstPollMs: round(first.wall) } : {}),
  };
}

const cfgOf = (input: Omit<ServiceInput, 'hostId'>): ServiceConfig =>
  serviceConfigOf({ hostId: 'db-1', intervalMs: 60_000, ...input }, Date.now());

function table(result: Record<string, Record<string, WayRow>>): string {
  const lines = ['kind       way     wall ms (median / max)   Greenboard CPU ms/poll   first tunnel poll ms'];
  for (const [kind, ways] of Object.entries(result))
    for (const [way, r] of Object.entries(ways))
      lines.push(
        `${kind.padEnd(10)} ${way.padEnd(7)} ${`${r.wallMsMedian} / ${r.wallMsMax}`.padEnd(24)} ${String(r.greenboardCpuMsPerPoll).padEnd(24)} ${r.firstPollMs ?? ''}`,
      );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const skipped: Record<string, string> = {};
  const out: Record<string, Record<string, WayRow>> = {};
  const rig = await startTunnelRig({ 'db-1': {} });
  const remote = rig.ctx.collectors.get('db-1')?.remote;
  if (!remote) throw new Error('no SSH remote for db-1');
  const pgMissing = postgresMissing();
  if (pgMissing) skipped.postgres = pgMissing;
  else {
    const pg = await startPostgres();
    const undo = allowSudo(rig.sshds[0]!.user, 'postgres', ['/usr/bin/psql']);
    try {
      pg.run(`CREATE ROLE gbmon LOGIN PASSWORD '${PASSWORD}' IN ROLE pg_monitor`);
      pg.run(fillStatementsSql(STATEMENTS));
      process.stderr.write(`tunnel bench: PostgreSQL, ${STATEMENTS} statements, ${POLLS} polls per way...\n`);
      out.postgres = {
        peer: await measure(
          cfgOf({ kind: 'postgres', port: pg.port, socketDir: pg.socketDir }),
          remote,
          null,
        ),
        tunnel: await measure(
          cfgOf({ kind: 'postgres', port: pg.port, via: 'tunnel', dbUser: 'gbmon' }),
          remote,
          PASSWORD,
        ),
      };
    } finally {
      undo();
      pg.stop();
    }
  }
  const redisMissing = redisMissingReason();
  if (redisMissing) skipped.redis = redisMissing;
  else {
    const redis = await startRedis();
    try {
      process.stderr.write(`tunnel bench: Redis, ${POLLS} polls per way...\n`);
      out.redis = {
        peer: await measure(cfgOf({ kind: 'redis', port: redis.port }), remote, null),
        tunnel: await measure(cfgOf({ kind: 'redis', port: redis.port, via: 'tunnel' }), remote, null),
      };
    } finally {
      await redis.stop();
    }
  }
  await rig.close();
  const ratios = Object.fromEntries(
    Object.entries(out).map(([k, w]) => [
      k,
      {
        tunnelVsPeerWall: w.peer && w.tunnel ? round(w.tunnel.wallMsMedian / w.peer.wallMsMedian) : null,
        tunnelVsPeerGreenboardCpu:
          w.peer && w.tunnel ? round(w.tunnel.greenboardCpuMsPerPoll / w.peer.greenboardCpuMsPerPoll) : null,
      },
    ]),
  );
  process.stderr.write(`${table(out)}\n`);
  process.stdout.write(
    `${JSON.stringify({ scenario: 'serviceTunnel', polls: POLLS, intervalMs: INTERVAL_MS, statements: STATEMENTS, ...out, ratios, ...(Object.keys(skipped).length ? { skipped } : {}) })}\n`,
  );
}

await main();
