import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { sshdAvailable, startSshd, type TestSshd } from '../electron/engine/ssh/testing/sshd';
import { descendantsCpuMs, parseArgs, summarize } from './harness';
import { METHODS, openPoller, type BenchHost, type HostPoller, type Method } from './sshMethods';

/**
 * SSH fleet polling: Greenboard's persistent session against the naive ways, at N hosts.
 *
 * Hosts: one real OpenSSH sshd per host on 127.0.0.1 (own port, own host key), as many as the
 * largest N. One listener per host rather than a few listeners shared by several connections,
 * because that is what a fleet looks like; CPU-wise it makes little difference, since sshd
 * forks a process per connection either way. The sshds share this machine's cores with the
 * client, so every figure here includes that contention.
 *
 * A sweep polls all N hosts at once and waits for all. Per (N, method): warm-up polls, then
 * measured sweeps with a pause between them. CPU is process.cpuUsage() over the measured
 * window (pauses included) ÷ polls; "sshd CPU" is the same for the sshd process trees (listener,
 * per-connection sshd, shells, `df`). The naive ways get fewer sweeps and a time cap.
 *
 *   node --import tsx bench/sshPoll.ts [--hosts=1,10,50] [--sweeps=30] [--naiveSweeps=10]
 *     [--warmupSweeps=3] [--warmupPolls=100] [--naiveWarmupPolls=20] [--pauseMs=200] [--capSeconds=40]
 */
const { flags } = parseArgs();
const num = (k: string, d: number): number => {
  const v = Number(flags[k] ?? d);
  return Number.isFinite(v) && v >= 0 ? v : d;
};
const hostCounts = (flags.hosts ?? '1,10,50')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const settings = {
  hosts: hostCounts,
  sweeps: num('sweeps', 30),
  naiveSweeps: num('naiveSweeps', 10),
  warmupSweeps: num('warmupSweeps', 3),
  warmupPolls: num('warmupPolls', 100),
  naiveWarmupPolls: num('naiveWarmupPolls', 20),
  pauseMs: num('pauseMs', 200),
  capSeconds: num('capSeconds', 40),
  sshdProcesses: Math.max(0, ...hostCounts),
};
const START_BATCH = 10;

export interface SshRun {
  n: number;
  method: Method;
  sweeps: number;
  polls: number;
  failedPolls: number;
  firstError: string | null;
  sweepMs: ReturnType<typeof summarize>;
  rttMs: ReturnType<typeof summarize>;
  /** Whole measured window, pauses included: the figure the target is judged on. */
  cpuMsPerHostPoll: number | null;
  /** Only while sweeps ran: without idle timers, keepalives and GC that fell in a pause. */
  inSweepsCpuMsPerHostPoll: number | null;
  sshdCpuMsPerHostPoll: number | null;
  measuredSeconds: number;
}

const round = (x: number, d = 3): number => Number(x.toFixed(d));
const log = (m: string): void => void process.stderr.write(`sshPoll: ${m}\n`);

async function startAll(count: number, into: TestSshd[]): Promise<void> {
  for (let i = 0; i < count; i += START_BATCH) {
    const batch = await Promise.allSettled(
      Array.from({ length: Math.min(START_BATCH, count - i) }, () => startSshd()),
    );
    for (const r of batch) if (r.status === 'fulfilled') into.push(r.value);
    const failed = batch.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

async function measure(method: Method, hosts: BenchHost[]): Promise<SshRun> {
  const n = hosts.length;
  const naive = method !== 'persistent';
  const pollers = await openAll(method, hosts);
  try {
    const sweepMs: number[] = [];
    const rttMs: number[] = [];
    let failedPolls = 0;
    let firstError: string | null = null;
    let inSweepsCpuUs = 0;
    const sweep = async (record: boolean): Promise<void> => {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const results = await Promise.allSettled(pollers.map((p) => p.poll()));
      if (!record) return;
      sweepMs.push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      inSweepsCpuUs += cpu.user + cpu.system;
      for (const r of results) {
        if (r.status === 'fulfilled') rttMs.push(r.value);
        else {
          failedPolls++;
          firstError ??= String((r.reason as Error)?.message ?? r.reason);
        }
      }
    };
    // Warm up by polls, not sweeps, so that N=1 also reaches JIT-optimised code (the engine
    // polls forever); back to back, then one pause, under a quarter of the time cap.
    const warmPolls = naive ? settings.naiveWarmupPolls : settings.warmupPolls;
    const warmSweeps = Math.max(settings.warmupSweeps, Math.ceil(warmPolls / n));
    const warmUntil = performance.now() + (settings.capSeconds * 1000) / 4;
    for (let i = 0; i < warmSweeps && (i < 1 || performance.now() < warmUntil); i++) await sweep(false);
    await sleep(settings.pauseMs);
    const target = naive ? settings.naiveSweeps : settings.sweeps;
    const cpu0 = process.cpuUsage();
    const sshd0 = descendantsCpuMs();
    const t0 = performance.now();
    const deadline = t0 + settings.capSeconds * 1000;
    while (sweepMs.length < target && (sweepMs.length < 3 || performance.now() < deadline)) {
      await sweep(true);
      if (sweepMs.length < target) await sleep(settings.pauseMs);
    }
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const sshdMs = descendantsCpuMs() - sshd0;
    const polls = sweepMs.length * n;
    return {
      n,
      method,
      sweeps: sweepMs.length,
      polls,
      failedPolls,
      firstError,
      sweepMs: summarize(sweepMs),
      rttMs: summarize(rttMs),
      cpuMsPerHostPoll: polls ? round((cpu.user + cpu.system) / 1000 / polls, 4) : null,
      inSweepsCpuMsPerHostPoll: polls ? round(inSweepsCpuUs / 1000 / polls, 4) : null,
      sshdCpuMsPerHostPoll: polls ? round(sshdMs / polls, 3) : null,
      measuredSeconds: round(wallMs / 1000, 2),
    };
  } finally {
    closeAll(pollers);
  }
}

/** Opens one poller per host; if any fails, closes the others and throws its error. */
async function openAll(method: Method, hosts: BenchHost[]): Promise<HostPoller[]> {
  const opened = await Promise.allSettled(hosts.map((h, i) => openPoller(method, h, `h${i}`)));
  const pollers = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = opened.find((r) => r.status === 'rejected');
  if (failed) {
    closeAll(pollers);
    throw failed.reason;
  }
  return pollers;
}

function closeAll(pollers: HostPoller[]): void {
  for (const p of pollers) p.close();
}

async function main(): Promise<Record<string, unknown>> {
  if (!sshdAvailable()) return { scenario: 'sshPoll', skipped: 'OpenSSH sshd is not installed', settings };
  const sshds: TestSshd[] = [];
  try {
    log(`starting ${settings.sshdProcesses} sshd processes...`);
    await startAll(settings.sshdProcesses, sshds);
    const hosts: BenchHost[] = sshds.map((s) => ({
      user: s.user,
      host: s.host,
      port: s.port,
      keyPath: s.clientKeyPath,
      key: readFileSync(s.clientKeyPath),
    }));
    const runs: SshRun[] = [];
    for (const n of hostCounts) {
      for (const method of METHODS) {
        log(`N=${n} ${method}...`);
        runs.push(await measure(method, hosts.slice(0, n)));
        await sleep(500); // let closed sessions' sshd processes exit before the next run
      }
    }
    const p95 = (n: number, m: Method): number | undefined =>
      runs.find((r) => r.n === n && r.method === m && r.sweeps > 0)?.sweepMs.p95Ms;
    const ratio = (a?: number, b?: number): number | null => (a !== undefined && b ? round(a / b, 1) : null);
    const ratios = hostCounts.map((n) => ({
      n,
      execPerPollToPersistentP95: ratio(p95(n, 'execPerPoll'), p95(n, 'persistent')),
      connPerPollToPersistentP95: ratio(p95(n, 'connPerPoll'), p95(n, 'persistent')),
    }));
    return { scenario: 'sshPoll', settings, runs, ratios };
  } finally {
    log('stopping sshds...');
    await Promise.allSettled(sshds.map((s) => s.stop()));
  }
}

process.stdout.write(`${JSON.stringify(await main())}\n`);
