// The Redis half of the services benchmark: a private redis-server polled the Greenboard way
// (the driver's sh script: INFO and SLOWLOG in one redis-cli through EVAL, then a 50 ms PING
// sampling; the previous way, three redis-cli runs, beside it) and
// scraped the exporter way (prometheus-redis-exporter), at the same interval in one run. The
// server's side per poll: its own statistics (INFO commandstats, usec summed over commands) and
// its CPU from /proc, less the same over an idle window.
import type { ServiceConfig } from '../shared/services';
import { redisDriver } from '../electron/engine/services/redis';
import { REDIS_POLL_SCRIPT, SLOWLOG_FETCH } from '../electron/engine/services/redis/command';
import { startRedis } from '../electron/engine/services/testing/redisServer';
import { LOCAL_TUNNEL } from '../electron/engine/collectors/tunnel';
import { runTunnel } from '../electron/engine/services/tunnel/tunnelPoll';
import { freePort } from '../electron/engine/testing/nginx';
import { exporterScrapes, greenboardPolls, paced, procCpuMs, round, startExporter } from './serviceMeasure';

const EXPORTER = '/usr/bin/prometheus-redis-exporter';

/** The poll before INFO and SLOWLOG shared one redis-cli: three runs (sections as parse reads them). */
const PREVIOUS_SCRIPT = [
  'h=$1 p=$2',
  'shift 2',
  'echo @@info',
  '"$@" redis-cli -h "$h" -p "$p" --no-auth-warning INFO || exit',
  'echo @@latency',
  '"$@" redis-cli -h "$h" -p "$p" --raw --latency -i 0.05 || exit',
  'echo @@slowlog',
  `"$@" redis-cli -h "$h" -p "$p" --json SLOWLOG GET ${SLOWLOG_FETCH} || echo "@@slowlog-failed $?"`,
  'echo @@end',
].join('\n');

export async function redisBench(polls: number, intervalMs: number): Promise<Record<string, unknown>> {
  const redis = await startRedis();
  try {
    const info = async (section: string): Promise<string> => {
      const out = await redis.run('INFO', section);
      if (out.exitCode !== 0) throw new Error(`redis-cli INFO ${section}: ${out.stderr}`);
      return out.stdout;
    };
    const pid = Number(/^process_id:(\d+)/m.exec(await info('server'))?.[1]);
    if (!pid) throw new Error('redis INFO server has no process_id');
    /** Microseconds the server spent in commands, from its own statistics. */
    const commandUsec = async (): Promise<number> =>
      [...(await info('commandstats')).matchAll(/,usec=(\d+),/g)].reduce((s, m) => s + Number(m[1]), 0);

    await paced(2, intervalMs, async () => {});
    const idle0 = procCpuMs(pid);
    await paced(polls, intervalMs, async () => {});
    const idlePerInterval = (procCpuMs(pid) - idle0) / polls;

    const measured = async <R extends object>(
      run: (w: { open(): void; close(): void }) => Promise<R>,
      outside: number,
    ): Promise<R & { serverCommandMsPerPoll: number; serverCpuMsPerPoll: number }> => {
      const usec0 = await commandUsec();
      let cpu0 = 0;
      let cpu = 0;
      const row = await run({
        open: () => void (cpu0 = procCpuMs(pid)),
        close: () => void (cpu = procCpuMs(pid) - cpu0),
      });
      const usec = (await commandUsec()) - usec0;
      return {
        ...row,
        serverCommandMsPerPoll: round(usec / 1000 / (polls + outside)),
        serverCpuMsPerPoll: round(cpu / polls - idlePerInterval),
      };
    };

    const cfg: ServiceConfig = {
      id: 'bench/redis',
      hostId: 'bench',
      kind: 'redis',
      port: redis.port,
      via: 'peer',
      osUser: null,
      socketDir: null,
      database: null,
      dbUser: null,
      intervalMs,
      longQuerySec: 30,
      addedAt: 0,
    };
    const greenboard = await measured(
      (w) => greenboardPolls(redisDriver, cfg, polls, intervalMs, undefined, w),
      2,
    );

    // The same poll without its 50 ms of timed PINGs: what the latency figure costs.
    const argv = redisDriver.command(cfg, { textsFor: [], longQuerySec: 300 });
    const script = REDIS_POLL_SCRIPT.split('\n')
      .filter((l) => !l.includes('latency'))
      .join('\n');
    const noPings = await measured(
      (w) =>
        greenboardPolls(
          redisDriver,
          cfg,
          polls,
          intervalMs,
          argv.map((a) => (a === REDIS_POLL_SCRIPT ? script : a)),
          w,
        ),
      2,
    );

    // Through a tunnel: ioredis in this process over a socket to the port (on a remote host, a
    // channel of the SSH session already open), the same INFO, PINGs and SLOWLOG, no process.
    const tunnelCfg: ServiceConfig = { ...cfg, via: 'tunnel' };
    const tunnel = await measured(
      (w) =>
        greenboardPolls(
          redisDriver,
          tunnelCfg,
          polls,
          intervalMs,
          () => runTunnel(tunnelCfg, { textsFor: [], longQuerySec: 300 }, LOCAL_TUNNEL, null, 10_000),
          w,
        ),
      2,
    );

    const previous = await measured(
      (w) =>
        greenboardPolls(
          redisDriver,
          cfg,
          polls,
          intervalMs,
          argv.map((a) => (a === REDIS_POLL_SCRIPT ? PREVIOUS_SCRIPT : a)),
          w,
        ),
      2,
    );

    const port = await freePort();
    const url = `http://127.0.0.1:${port}/metrics`;
    const ex = await startExporter(
      EXPORTER,
      [`-redis.addr=redis://127.0.0.1:${redis.port}`, `-web.listen-address=127.0.0.1:${port}`],
      url,
    );
    let exporter;
    try {
      // Outside the window: the scrape that found the exporter ready, and two warm-ups.
      exporter = await measured(
        (w) =>
          exporterScrapes(
            ex,
            polls,
            intervalMs,
            (b) => (/^redis_up 1$/m.test(b) ? null : 'redis_up is not 1'),
            w,
          ),
        3,
      );
    } finally {
      await ex.stop();
    }
    return {
      idleServerCpuMsPerInterval: round(idlePerInterval),
      greenboard,
      greenboardNoPings: noPings,
      greenboardTunnel: tunnel,
      greenboardPrevious: previous,
      exporter,
    };
  } finally {
    await redis.stop();
  }
}
