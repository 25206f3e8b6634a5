import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { sshdAvailable, startSshd, type TestSshd } from '../electron/engine/ssh/testing/sshd';
import { benchUser } from '../electron/engine/ssh/testing/testUser';
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
 * per-connection sshd, shells, `df`). The naive ways get fewer sweeps and a time cap. Before
 * the sweeps, the open sessions sit idle for `idleMs` to measure this process's idle CPU rate
 * (timers, keepalives, GC), which "in sweeps − idle" subtracts for the sweeps' duration.
 *
 * Who logs in matters for a new channel per poll, since sshd starts the user's shell for each:
 *   test:  gbtest, /bin/sh (dash) with no rc files: the floor, not a real login;
 *   login: gbbench, /bin/bash with /etc/skel's rc files: an ordinary account, the one the
 *          exec-per-poll target is judged against;
 *   root:  this machine's real root account (bash, ~/.bashrc runs `pyenv init`): only at N=1
 *          and one login at a time, since concurrent `pyenv rehash` runs wait on one lock;
 *          polls over `rootTimeoutMs` count as failed. Only when run as root; --rootRows=0 skips.
 *
 *   node --import tsx bench/sshPoll.ts [--hosts=1,10,50] [--sweeps=30] [--naiveSweeps=10]
 *     [--warmupSweeps=3] [--warmupPolls=100] [--naiveWarmupPolls=20] [--pauseMs=200] [--capSeconds=40]
 *     [--idleMs=1000] [--rootRows=1] [--rootTimeoutMs=5000]
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
  idleMs: num('idleMs', 1000),
  rootRows: num('rootRows', 1) !== 0 && process.getuid?.() === 0,
  rootTimeoutMs: num('rootTimeoutMs', 5000),
  sshdProcesses: Math.max(0, ...hostCounts),
};
const START_BATCH = 10;

/** Who logs in: see the header comment. */
export type Account = 'test' | 'login' | 'root';
interface AccountSpec {
  account: Account;
  user: string;
  shell: string;
  methods: readonly Method[];
  /** Host counts to run this account at (a subset of settings.hosts). */
  hosts: number[];
  timeoutMs?: number;
}

export interface SshRun {
  n: number;
  account: Account;
  user: string;
  shell: string;
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
  /** In sweeps, less this process's idle CPU rate (sessions open, no polls) over the sweeps' time. */
  inSweepsLessIdleCpuMsPerHostPoll: number | null;
  idleCpuMsPerSecond: number | null;
  sshdCpuMsPerHostPoll: number | null;
  measuredSeconds: number;
}

const round = (x: number, d = 3): number => Number(x.toFixed(d));
const log = (m: string): void => void process.stderr.write(`sshPoll: ${m}\n`);

/** The login shell in /etc/passwd. */
function loginShell(user: string): string {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`));
  return line?.split(':')[6] ?? '?';
}

async function startAll(count: number, into: TestSshd[], permitRootLogin: boolean): Promise<void> {
  for (let i = 0; i < count; i += START_BATCH) {
    const batch = await Promise.allSettled(
      Array.from({ length: Math.min(START_BATCH, count - i) }, () => startSshd({ permitRootLogin })),
    );
    for (const r of batch) if (r.status === 'fulfilled') into.push(r.value);
    const failed = batch.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

async function measure(spec: AccountSpec, method: Method, hosts: BenchHost[]): Promise<SshRun> {
  const n = hosts.length;
  const naive = method !== 'persistent';
  const pollers = await openAll(method, hosts);
  try {
    const sweepMs: number[] = [];
    const rttMs: number[] = [];
    let failedPolls = 0;
    let firstError: string | null = null;
    let inSweepsCpuUs = 0;
    let inSweepsMs = 0;
    const sweep = async (record: boolean): Promise<void> => {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const results = await Promise.allSettled(pollers.map((p) => p.poll()));
      if (!record) return;
      const cpu = process.cpuUsage(cpu0);
      sweepMs.push(performance.now() - t0);
      inSweepsMs += sweepMs.at(-1) ?? 0;
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
    const idle0 = process.cpuUsage();
    const idleT0 = performance.now();
    await sleep(settings.idleMs);
    const idleCpu = process.cpuUsage(idle0);
    const idleUsPerMs =
      settings.idleMs > 0 ? (idleCpu.user + idleCpu.system) / (performance.now() - idleT0) : 0;
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
    const perPoll = (us: number): number | null => (polls ? round(us / 1000 / polls, 4) : null);
    return {
      n,
      account: spec.account,
      user: spec.user,
      shell: spec.shell,
      method,
      sweeps: sweepMs.length,
      polls,
      failedPolls,
      firstError,
      sweepMs: summarize(sweepMs),
      rttMs: summarize(rttMs),
      cpuMsPerHostPoll: perPoll(cpu.user + cpu.system),
      inSweepsCpuMsPerHostPoll: perPoll(inSweepsCpuUs),
      inSweepsLessIdleCpuMsPerHostPoll: perPoll(Math.max(0, inSweepsCpuUs - idleUsPerMs * inSweepsMs)),
      idleCpuMsPerSecond: settings.idleMs > 0 ? round(idleUsPerMs, 3) : null,
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
    await startAll(settings.sshdProcesses, sshds, settings.rootRows);
    const specs: AccountSpec[] = [
      {
        account: 'test',
        user: sshds[0]?.user ?? '?',
        shell: '/bin/sh, no rc',
        methods: METHODS,
        hosts: hostCounts,
      },
      {
        account: 'login',
        user: benchUser(),
        shell: '/bin/bash, /etc/skel rc',
        methods: ['persistent', 'execPerPoll'],
        hosts: hostCounts,
      },
    ];
    if (settings.rootRows && hostCounts.includes(1))
      specs.push({
        account: 'root',
        user: 'root',
        shell: `${loginShell('root')}, own rc`,
        methods: ['persistent', 'execPerPoll'],
        hosts: [1],
        timeoutMs: settings.rootTimeoutMs,
      });
    const runs: SshRun[] = [];
    for (const n of hostCounts) {
      for (const spec of specs.filter((s) => s.hosts.includes(n))) {
        const hosts: BenchHost[] = sshds.slice(0, n).map((s) => ({
          user: spec.user,
          host: s.host,
          port: s.port,
          keyPath: s.clientKeyPath,
          key: readFileSync(s.clientKeyPath),
          timeoutMs: spec.timeoutMs,
        }));
        for (const method of spec.methods) {
          log(`N=${n} ${spec.user} ${method}...`);
          runs.push(await measure(spec, method, hosts));
          await sleep(500); // let closed sessions' sshd processes exit before the next run
        }
      }
    }
    const p95 = (n: number, a: Account, m: Method): number | undefined =>
      runs.find((r) => r.n === n && r.account === a && r.method === m && r.sweeps > 0)?.sweepMs.p95Ms;
    const ratio = (a?: number, b?: number): number | null => (a !== undefined && b ? round(a / b, 1) : null);
    const ratios = specs.flatMap((spec) =>
      spec.hosts.map((n) => ({
        n,
        account: spec.account,
        user: spec.user,
        execPerPollToPersistentP95: ratio(
          p95(n, spec.account, 'execPerPoll'),
          p95(n, spec.account, 'persistent'),
        ),
        connPerPollToPersistentP95: ratio(
          p95(n, spec.account, 'connPerPoll'),
          p95(n, spec.account, 'persistent'),
        ),
      })),
    );
    return { scenario: 'sshPoll', settings, runs, ratios };
  } finally {
    log('stopping sshds...');
    await Promise.allSettled(sshds.map((s) => s.stop()));
  }
}

process.stdout.write(`${JSON.stringify(await main())}\n`);
