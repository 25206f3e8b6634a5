// Load generator benchmark: requests/s of Greenboard's runLoadTest against the test nginx,
// compared in the same run with the autocannon CLI and with wrk (Debian package `wrk`), at the
// same connection count and duration, one after another so they never share the CPU. Each
// round runs all three; the medians over the rounds give the ratios (target: ours ≥ 0.9×
// autocannon). wrk gets one thread (-t1): the Node generators have one event loop each.
// Prints one JSON line, then a table.
//   node --import tsx bench/loadBench.ts [--connections=10] [--seconds=5] [--rounds=3]
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { runLoadTest } from '../electron/engine/checks/loadTest';
import { startNginx } from '../electron/engine/testing/nginx';

const run = promisify(execFile);
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const AUTOCANNON = join(root, 'node_modules', '.bin', 'autocannon');
const WRK = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((p) => existsSync(p));
const WRK_MISSING = 'wrk not installed: apt-get install wrk';

export interface LoadBenchOptions {
  connections?: number;
  seconds?: number;
  rounds?: number;
  /** Path on the test nginx's plain-http site. */
  path?: string;
}

/** One generator's runs: requests/s of each round, their median, and the median round's p99. */
export interface GeneratorStats {
  rps: number[];
  medianRps: number;
  p99Ms: number | null;
}

export interface LoadBenchResult {
  scenario: 'loadGenerator';
  url: string;
  connections: number;
  seconds: number;
  rounds: number;
  ours: GeneratorStats;
  autocannon: GeneratorStats;
  /** Null, with `wrkMissing` saying how to install it, when wrk is not installed. */
  wrk: GeneratorStats | null;
  wrkMissing?: string;
  /** ours / autocannon (target ≥ 0.9) and ours / wrk, from the medians. */
  ratioVsAutocannon: number;
  ratioVsWrk: number | null;
}

interface Sample {
  rps: number;
  p99Ms: number | null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

function stats(samples: Sample[]): GeneratorStats {
  const rps = samples.map((s) => Math.round(s.rps));
  const m = median(rps);
  const closest = samples.reduce((a, b) => (Math.abs(b.rps - m) < Math.abs(a.rps - m) ? b : a));
  return { rps, medianRps: m, p99Ms: closest.p99Ms };
}

async function ours(url: string, connections: number, seconds: number): Promise<Sample> {
  const r = await runLoadTest({ targetUrl: url, connections, durationSec: seconds });
  return { rps: r.rps, p99Ms: r.latency.p99 };
}

// Requests over wall time, as ours is counted; autocannon's own `requests.average` is the mean
// of its 1 s samples and leaves out the part-second at the end.
async function autocannonCli(url: string, connections: number, seconds: number): Promise<Sample> {
  const args = ['--json', '-c', String(connections), '-d', String(seconds), url];
  const { stdout } = await run(AUTOCANNON, args, { maxBuffer: 16 * 1024 * 1024 });
  const json = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    duration: number;
    requests: { total: number };
    latency: { p99: number };
  };
  return { rps: json.requests.total / json.duration, p99Ms: json.latency.p99 };
}

function wrkMs(text: string | undefined): number | null {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text ?? '');
  if (!m) return null;
  return Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[m[2] ?? 'ms']!;
}

async function wrk(bin: string, url: string, connections: number, seconds: number): Promise<Sample> {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url];
  const { stdout } = await run(bin, args);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1];
  if (!rps) throw new Error(`could not read wrk's output:\n${stdout}`);
  return { rps: Number(rps), p99Ms: wrkMs(/^\s+99%\s+(\S+)/m.exec(stdout)?.[1]) };
}

/** Runs the three generators against a fresh test nginx, `rounds` times each, and compares them. */
export async function benchLoadGenerator(opts: LoadBenchOptions = {}): Promise<LoadBenchResult> {
  const { connections = 10, seconds = 5, rounds = 3, path = '/index.html' } = opts;
  const nginx = await startNginx();
  const url = nginx.url('plain', path);
  const samples: { ours: Sample[]; autocannon: Sample[]; wrk: Sample[] } = {
    ours: [],
    autocannon: [],
    wrk: [],
  };
  try {
    // Warm nginx's page cache and the JIT of this process before anything is measured.
    await runLoadTest({ targetUrl: url, connections, durationSec: 1 });
    for (let i = 0; i < rounds; i++) {
      samples.ours.push(await ours(url, connections, seconds));
      samples.autocannon.push(await autocannonCli(url, connections, seconds));
      if (WRK) samples.wrk.push(await wrk(WRK, url, connections, seconds));
    }
  } finally {
    await nginx.stop();
  }
  const o = stats(samples.ours);
  const a = stats(samples.autocannon);
  const w = WRK ? stats(samples.wrk) : null;
  const ratio = (x: number, y: number): number => Math.round((x / y) * 1000) / 1000;
  return {
    scenario: 'loadGenerator',
    url: `nginx plain ${path}`,
    connections,
    seconds,
    rounds,
    ours: o,
    autocannon: a,
    wrk: w,
    ...(WRK ? {} : { wrkMissing: WRK_MISSING }),
    ratioVsAutocannon: ratio(o.medianRps, a.medianRps),
    ratioVsWrk: w ? ratio(o.medianRps, w.medianRps) : null,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const flag = (name: string, d: number): number => {
    const v = Number(/^--[\w]+=(.*)$/.exec(process.argv.find((a) => a.startsWith(`--${name}=`)) ?? '')?.[1]);
    return Number.isFinite(v) && v > 0 ? v : d;
  };
  const r = await benchLoadGenerator({
    connections: flag('connections', 10),
    seconds: flag('seconds', 5),
    rounds: flag('rounds', 3),
  });
  process.stdout.write(`${JSON.stringify(r)}\n`);
  if (r.wrkMissing) console.log(r.wrkMissing);
  const row = (s: GeneratorStats | null, vs: number | null) =>
    s
      ? { medianRps: s.medianRps, roundsRps: s.rps.join(' / '), p99Ms: s.p99Ms, oursVsThis: vs }
      : 'not installed';
  console.table({
    'Greenboard (runLoadTest)': row(r.ours, 1),
    'autocannon CLI': row(r.autocannon, r.ratioVsAutocannon),
    'wrk -t1': row(r.wrk, r.ratioVsWrk),
  });
  console.log(
    `ours / autocannon = ${r.ratioVsAutocannon} (target ≥ 0.9: ${r.ratioVsAutocannon >= 0.9 ? 'met' : 'missed'})`,
  );
}
