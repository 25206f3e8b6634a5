import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Shared measurement harness for the load scenarios (engineLoad.ts, naiveSi.ts, idle.ts).
 *
 * Protocol with bench/run.mjs, one line per message on stdout:
 *   1. the scenario starts its workload and warms up for `warmup` seconds;
 *   2. it prints `READY` and waits for a `GO` line on stdin, so that every concurrent
 *      scenario measures the same wall-clock window (nobody is still loading modules);
 *   3. it measures for `seconds`, stops its workload and prints one JSON line (the last line).
 *
 * Why two modes: `monitorEventLoopDelay({ resolution: 1 })` arms a 1 ms timer, which on the
 * reference machine costs about 2.5% of a core on its own, four times the 0.6% target. So CPU is
 * measured with `--eld=0` (no histogram) and event-loop delay in a separate process with `--eld=1`.
 */

export interface ScenarioArgs {
  intervalMs: number;
  seconds: number;
  warmup: number;
  eld: boolean;
  /** Extra `--key=value` flags, scenario-specific. */
  flags: Record<string, string>;
}

export interface Workload {
  /** Polls completed so far. */
  polls(): number;
  stop(): Promise<void>;
  /** Called when the measured window opens, to drop warm-up figures. */
  reset?(): void;
  /** Scenario-specific numbers for the result, read after the measured window. */
  extra?(): Record<string, unknown>;
}

export function parseArgs(argv: string[] = process.argv.slice(2)): ScenarioArgs {
  const flags: Record<string, string> = {};
  for (const a of argv) {
    const m = /^--([^=]+)=(.*)$/.exec(a);
    if (m?.[1] !== undefined && m[2] !== undefined) flags[m[1]] = m[2];
  }
  const num = (k: string, d: number): number => {
    const v = Number(flags[k] ?? d);
    return Number.isFinite(v) && v >= 0 ? v : d;
  };
  return {
    intervalMs: num('interval', 2000),
    seconds: num('seconds', 60),
    warmup: num('warmup', 3),
    eld: flags.eld === '1',
    flags,
  };
}

/** CPU time (ms) of this process's reaped children: fields 16-17 (cutime, cstime) of /proc/self/stat. */
export function childrenCpuMs(): number {
  try {
    const text = readFileSync('/proc/self/stat', 'latin1');
    // Fields after the `(comm)` field, which may itself hold spaces; index 0 is field 3 (state).
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[13]) + Number(rest[14]);
    // USER_HZ is 100 on every mainstream Linux build (`getconf CLK_TCK`); Node cannot query it.
    return Number.isFinite(ticks) ? ticks * 10 : 0;
  } catch {
    return 0; // not Linux: no children figure
  }
}

/** Children of pid, from every thread's /proc/<pid>/task/<tid>/children (Linux 3.5+). */
function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return []; // gone, or not Linux
  }
}

/**
 * CPU time (ms) of every live descendant of `pid`, each with its reaped children (utime, stime,
 * cutime, cstime). A descendant that exits moves into its parent's cutime/cstime, so the sum
 * only grows while the top of the tree lives: take deltas. Used for the sshds a scenario runs.
 */
export function descendantsCpuMs(pid: number = process.pid): number {
  let ticks = 0;
  const todo = childPids(pid);
  for (let p = todo.pop(); p !== undefined; p = todo.pop()) {
    try {
      const text = readFileSync(`/proc/${p}/stat`, 'latin1');
      const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
      const t = Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
      if (Number.isFinite(t)) ticks += t;
    } catch {
      continue; // exited since we listed it
    }
    todo.push(...childPids(p));
  }
  return ticks * 10; // USER_HZ = 100, as in childrenCpuMs()
}

/**
 * A second view of the longest block, robust to a noisy shared machine: every 1 ms, the gap
 * since the last tick counts only as far as this process was on a CPU during it (process CPU
 * time, all threads). Time preempted by other tenants drops out, but so does time blocked in
 * synchronous I/O (an fsync), which monitorEventLoopDelay does see: read both.
 */
function onCpuBlockProbe(): { stop(): number } {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    const cpuMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
    max = Math.max(max, Math.min(now - last, cpuMs));
    last = now;
    lastCpu = cpu;
  }, 1);
  return {
    stop: () => {
      clearInterval(timer);
      return max;
    },
  };
}

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

async function waitForGo(): Promise<void> {
  if (process.env.BENCH_STANDALONE === '1') return;
  const rl = createInterface({ input: process.stdin });
  try {
    for await (const line of rl) if (line.trim() === 'GO') return;
  } finally {
    rl.close();
    process.stdin.destroy();
  }
}

/** Runs one load scenario end to end and prints its JSON result as the last stdout line. */
export async function runScenario(
  name: string,
  args: ScenarioArgs,
  start: () => Promise<Workload> | Workload,
): Promise<void> {
  const work = await start();
  await sleep(args.warmup * 1000);
  process.stdout.write('READY\n');
  await waitForGo();

  const h = args.eld ? monitorEventLoopDelay({ resolution: 1 }) : null;
  h?.enable();
  const onCpu = args.eld ? onCpuBlockProbe() : null;
  work.reset?.();
  const polls0 = work.polls();
  const cpu0 = process.cpuUsage();
  const children0 = childrenCpuMs();
  const t0 = performance.now();

  await sleep(args.seconds * 1000);

  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const childrenMs = childrenCpuMs() - children0;
  const polls = work.polls() - polls0;
  h?.disable();
  const onCpuMaxMs = onCpu?.stop() ?? null;
  const extra = work.extra?.() ?? {};
  await work.stop();

  const pct = (ms: number): number => round((ms / wallMs) * 100);
  const selfMs = (cpu.user + cpu.system) / 1000;
  const result = {
    scenario: name,
    mode: args.eld ? 'eventLoop' : 'cpu',
    intervalMs: args.intervalMs,
    measuredSeconds: round(wallMs / 1000, 2),
    warmupSeconds: args.warmup,
    polls,
    cpuPctOfCore: pct(selfMs),
    cpuUserPct: pct(cpu.user / 1000),
    cpuSystemPct: pct(cpu.system / 1000),
    childrenCpuPct: pct(childrenMs),
    totalCpuPctOfCore: pct(selfMs + childrenMs),
    cpuMsPerPoll: polls > 0 ? round(selfMs / polls) : null,
    // The histogram records the gap between 1 ms timer ticks, so a value includes that 1 ms.
    eventLoop: h
      ? {
          maxMs: round(h.max / 1e6),
          p99Ms: round(h.percentile(99) / 1e6),
          p50Ms: round(h.percentile(50) / 1e6),
          meanMs: round(h.mean / 1e6),
          samples: h.count,
          onCpuMaxBlockMs: onCpuMaxMs === null ? null : round(onCpuMaxMs),
        }
      : null,
    rssMb: round(process.memoryUsage().rss / 2 ** 20, 1),
    ...extra,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

export interface CallStats {
  n: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export function summarize(samplesMs: number[]): CallStats {
  const s = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return {
    n: s.length,
    meanMs: round(mean, 4),
    p50Ms: round(at(0.5), 4),
    p95Ms: round(at(0.95), 4),
    maxMs: round(s.at(-1) ?? NaN, 4),
  };
}
