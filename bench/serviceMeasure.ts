// What the services benchmark (bench/servicesBench.ts) measures with, shared by its PostgreSQL
// and Redis halves: a process's CPU and resident memory from /proc, the fixed-interval pacing
// both ways are polled at, Greenboard's poll (a driver's argv through runLocal, then parse and
// derive) and an exporter's scrape (a resident process, GET /metrics), each timed per poll.
import type { RunOutput } from '../electron/engine/collectors/types';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceConfig } from '../shared/services';
import { runLocal } from '../electron/engine/diagnostics/runLocal';
import type { ServiceDriver } from '../electron/engine/services/types';
import { childrenCpuMs } from './harness';

const MAX_BYTES = 16 * 1024 * 1024;

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const round = (x: number): number => Math.round(x * 100) / 100;
/** The 95th percentile (nearest rank). */
export const p95 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
};

/** Fields after `(comm)` of /proc/<pid>/stat (index 0 is field 3, state), or null when gone. */
function statFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** CPU ms of a process, all its threads (utime + stime), plus its reaped children's when `reaped`. */
export function procCpuMs(pid: number, reaped = false): number {
  const f = statFields(pid);
  if (!f) return 0;
  const own = Number(f[11]) + Number(f[12]);
  const kids = reaped ? Number(f[13]) + Number(f[14]) : 0;
  return (own + kids) * 10; // USER_HZ = 100, as in bench/harness.ts
}

/** Resident memory of a process in bytes (VmRSS), 0 when it is gone. */
export function rssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Calls `fn(i)` for i = 0..n-1 at t0 + i*interval, then waits until t0 + n*interval, so a
 * window of n polls always lasts n intervals (what the server did after the last poll, e.g.
 * reaping its backend, falls inside it).
 */
export async function paced(n: number, intervalMs: number, fn: (i: number) => Promise<void>): Promise<void> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const wait = t0 + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    await fn(i);
  }
  const rest = t0 + n * intervalMs - performance.now();
  if (rest > 0) await sleep(rest);
}

export interface PollRow {
  polls: number;
  answerBytes: number;
  wallMsMedian: number;
  wallMsP95: number;
  wallMsMax: number;
  /** sudo, psql, sh, redis-cli: this process's reaped children, per poll (10 ms ticks, so a mean). */
  clientCpuMsPerPoll: number;
  /** This Node process during a poll: spawning, reading the answer, parse and derive. */
  greenboardCpuMsPerPoll: number;
  parseDeriveMsMedian: number;
}

/** N Greenboard polls of `driver` at `intervalMs` after two warm-ups; `argv` overrides the driver's. */
export async function greenboardPolls<S>(
  driver: ServiceDriver<S>,
  cfg: ServiceConfig,
  n: number,
  intervalMs: number,
  argv: string[] | (() => Promise<RunOutput>) = driver.command(cfg, { textsFor: [], longQuerySec: 300 }),
  window?: { open(): void; close(): void },
): Promise<PollRow> {
  // An argv is run as a process; a function is an answer read in this process (a tunnel's driver).
  const answer = typeof argv === 'function' ? argv : () => runLocal(argv, 10_000, { maxBytes: MAX_BYTES });
  const what = typeof argv === 'function' ? 'the tunnel' : `${argv.slice(0, 6).join(' ')}...`;
  let prev: S | null = null;
  const poll = async (): Promise<{ wall: number; self: number; pd: number; bytes: number }> => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const out = await answer();
    const t1 = performance.now();
    if (out.exitCode !== 0) throw new Error(`${what}: ${out.stderr.slice(0, 500)}`);
    const snap = driver.parse(out, cfg);
    driver.derive(prev, snap, { serviceId: cfg.id, ts: Date.now(), elapsedMs: intervalMs, pollMs: t1 - t0 });
    prev = snap;
    const cpu = process.cpuUsage(cpu0);
    return {
      wall: t1 - t0,
      self: (cpu.user + cpu.system) / 1000,
      pd: performance.now() - t1,
      bytes: out.stdout.length,
    };
  };
  await paced(2, intervalMs, async () => void (await poll()));
  const wall: number[] = [];
  const self: number[] = [];
  const pd: number[] = [];
  let bytes = 0;
  window?.open();
  const kids0 = childrenCpuMs();
  await paced(n, intervalMs, async () => {
    const r = await poll();
    wall.push(r.wall);
    self.push(r.self);
    pd.push(r.pd);
    bytes = r.bytes;
  });
  const kids = childrenCpuMs() - kids0;
  window?.close();
  return {
    polls: n,
    answerBytes: bytes,
    wallMsMedian: round(median(wall)),
    wallMsP95: round(p95(wall)),
    wallMsMax: round(Math.max(...wall)),
    clientCpuMsPerPoll: round(kids / n),
    greenboardCpuMsPerPoll: round(self.reduce((a, b) => a + b, 0) / n),
    parseDeriveMsMedian: round(median(pd)),
  };
}

export interface Exporter {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/** Starts an exporter and resolves once its /metrics answers (polled, up to 15 s). */
export async function startExporter(
  bin: string,
  args: string[],
  url: string,
  opts: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {},
): Promise<Exporter> {
  const proc: ChildProcess = spawn(bin, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...opts.env },
    uid: opts.uid,
    gid: opts.gid,
  });
  let log = '';
  proc.stderr?.setEncoding('utf8').on('data', (d: string) => (log = (log + d).slice(-4000)));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${bin} exited: ${log}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${bin} did not answer ${url} in 15 s: ${log}`);
    }
    await sleep(100);
  }
  return { pid: proc.pid ?? 0, url, stop };
}

export interface ScrapeRow {
  scrapes: number;
  answerBytes: number;
  wallMsMedian: number;
  wallMsP95: number;
  wallMsMax: number;
  /** The exporter process over the window, per scrape (its idle ticking included: it is resident). */
  exporterCpuMsPerScrape: number;
  exporterRssBytes: number;
}

/** N scrapes of the exporter's /metrics at `intervalMs` after two warm-ups; `check` vets each answer. */
export async function exporterScrapes(
  ex: Exporter,
  n: number,
  intervalMs: number,
  check: (body: string) => string | null,
  window?: { open(): void; close(): void },
): Promise<ScrapeRow> {
  const scrape = async (): Promise<{ wall: number; bytes: number }> => {
    const t0 = performance.now();
    const res = await fetch(ex.url);
    const body = await res.text();
    const wall = performance.now() - t0;
    const bad = res.ok ? check(body) : `HTTP ${res.status}`;
    if (bad) throw new Error(`${ex.url}: ${bad}`);
    return { wall, bytes: Buffer.byteLength(body) };
  };
  await paced(2, intervalMs, async () => void (await scrape()));
  const wall: number[] = [];
  let bytes = 0;
  window?.open();
  const cpu0 = procCpuMs(ex.pid);
  await paced(n, intervalMs, async () => {
    const r = await scrape();
    wall.push(r.wall);
    bytes = r.bytes;
  });
  const cpu = procCpuMs(ex.pid) - cpu0;
  window?.close();
  return {
    scrapes: n,
    answerBytes: bytes,
    wallMsMedian: round(median(wall)),
    wallMsP95: round(p95(wall)),
    wallMsMax: round(Math.max(...wall)),
    exporterCpuMsPerScrape: round(cpu / n),
    exporterRssBytes: rssBytes(ex.pid),
  };
}
