import { readdirSync } from 'node:fs';
import si from 'systeminformation';
import { parseArgs, runScenario } from './harness';

/**
 * The naive way, for comparison: a plain systeminformation poll loop gathering the same
 * metrics the engine does, with the engine's scheduling (next poll `interval` after the start
 * of the previous one, never overlapping). It stores nothing, so it does less than the engine.
 *
 *   CPU busy + load average  si.currentLoad()
 *   memory + swap            si.mem()
 *   disk usage               si.fsSize()
 *   disk I/O                 si.disksIO()
 *   network (all ifaces)     si.networkStats('*')
 *   uptime                   si.time()           (runs `date` through execSync on Linux)
 *   process count            see below
 *
 * Process count: systeminformation can only count processes through si.processes(), which
 * runs `ps` plus a shell that cats /proc/<pid>/stat for every process. That would make the
 * comparison lopsided, so by default the loop counts /proc entries with readdirSync, the same
 * cheap way the engine does. `--processes=1` uses si.processes() instead, which is what
 * SiLocalCollector (macOS/Windows) does; run.mjs reports it as a separate row.
 *
 *   node --import tsx bench/naiveSi.ts --interval=2000 --seconds=60 --warmup=3 --eld=0 [--processes=1]
 */
const args = parseArgs();
const withProcesses = args.flags.processes === '1';

function countProcesses(): number {
  let n = 0;
  for (const name of readdirSync('/proc')) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

async function pollOnce(): Promise<number> {
  const [load, mem, fs, net, , procs] = await Promise.all([
    si.currentLoad(),
    si.mem(),
    si.fsSize(),
    si.networkStats('*'),
    si.disksIO().catch(() => null),
    withProcesses ? si.processes().then((p) => p.all) : Promise.resolve(countProcesses()),
  ]);
  const uptime = si.time().uptime;
  // Touch the results so nothing is optimised into a no-op.
  return load.currentLoad + mem.available + fs.length + net.length + procs + Number(uptime);
}

await runScenario(`naive si${withProcesses ? '+processes' : ''}@${args.intervalMs / 1000}s`, args, () => {
  let polls = 0;
  let failures = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inflight: Promise<void> = Promise.resolve();
  const tick = (): void => {
    const started = performance.now();
    inflight = pollOnce()
      .then(
        () => {
          polls++;
        },
        () => {
          failures++;
        },
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, Math.max(0, started + args.intervalMs - performance.now()));
      });
  };
  tick();
  return {
    polls: () => polls,
    extra: () => ({ failures }),
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await inflight;
    },
  };
});
