// `npm run bench`: Greenboard's performance numbers, printed as JSON and as a table.
// A benchmark reports, it does not assert: the exit code is 0 whatever the verdicts, and
// non-zero only if a scenario crashed. Env: BENCH_SECONDS (default 60), BENCH_WARMUP (3),
// BENCH_CALL_ITERATIONS (200), BENCH_SI_ITERATIONS (10); SSH: BENCH_SSH_HOSTS (1,10,50; empty or 0
// skips it), BENCH_SSH_SWEEPS (30), BENCH_SSH_NAIVE_SWEEPS (10), BENCH_SSH_CAP_SECONDS (40);
// store: BENCH_STORE=0 skips it, BENCH_STORE_SWEEPS (600); board UI in Chromium: BENCH_UI=0 skips it,
// BENCH_UI_MINUTES (5), BENCH_UI_HOSTS (500), BENCH_UI_BASELINE_SECONDS (60; 0 skips the naive page);
// checks (load generator vs autocannon and wrk against nginx, security audit over SSH): BENCH_CHECKS=0
// skips them, BENCH_LOAD_SECONDS (5), BENCH_LOAD_ROUNDS (3), BENCH_LOAD_CONNECTIONS (10), BENCH_AUDIT_RUNS (5);
// Prometheus (a board refresh of 200 targets against a real Prometheus, /metrics render for 500
// hosts): BENCH_PROM=0 skips them, BENCH_PROM_TARGETS (200), BENCH_PROM_REFRESHES (30),
// BENCH_METRICS_ITERATIONS (100); soak (greenboard serve with SSH hosts and a board tab, sampled for
// leaks): BENCH_SOAK=0 or BENCH_SOAK_MINUTES=0 skips it, BENCH_SOAK_MINUTES (60; 0.5 or 2 for a quick
// look), BENCH_SOAK_HOSTS (50), BENCH_SOAK_INTERVAL_MS (5000); board first paint with stored trends:
// BENCH_TRENDS=0 skips it, BENCH_TRENDS_HOSTS (50), BENCH_TRENDS_MINUTES (30), BENCH_TRENDS_LOADS (7);
// CLI start (cold `greenboard version` and `status --json`, compiled and through tsx): BENCH_CLI=0
// skips it, BENCH_CLI_RUNS (10).
// BENCH_ONLY=soak,ui runs only the named sections (load, calls, cli, store, ui, trends, checks, prom,
// ssh, soak), whatever their own switches say.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checksTargets } from './checksReport.mjs';
import { cliTargets } from './cliReport.mjs';
import { promTargets } from './promReport.mjs';
import { formatReport } from './report.mjs';
import { soakTargets } from './soakReport.mjs';
import { storeTargets } from './storeReport.mjs';
import { trendsTargets } from './trendsReport.mjs';
import { uiTargets } from './uiReport.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(benchDir);
const env = (k, d) =>
  Number.isFinite(Number(process.env[k])) && process.env[k] !== '' ? Number(process.env[k]) : d;
const seconds = env('BENCH_SECONDS', 60);
const warmup = env('BENCH_WARMUP', 3);
const TARGET_CPU_PCT = 0.6;
const TARGET_BLOCK_MS = 5;
const SSH_TARGETS = { sweepP95Ms: 250, sweepHosts: 50, speedupVsExec: 10, cpuMsPerHostPoll: 0.5 };
const SECTIONS = ['load', 'calls', 'cli', 'store', 'ui', 'trends', 'checks', 'prom', 'ssh', 'soak'];
const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((x) => x.trim())
  .filter(Boolean);
const unknown = only.filter((x) => !SECTIONS.includes(x));
if (unknown.length) {
  process.stderr.write(
    `bench: BENCH_ONLY names no section ${unknown.join(', ')}; use ${SECTIONS.join(', ')}\n`,
  );
  process.exit(2);
}
/** Whether a section runs: named in BENCH_ONLY if that is set, else unless its own switch is off. */
const wanted = (section, switchedOff = false) => (only.length ? only.includes(section) : !switchedOff);

// Each scenario runs in its own process so module loading and this harness stay out of its
// numbers. They run concurrently (CPU time is per process) and measure the same window: each
// warms up, says READY, and all start measuring on one GO. CPU runs have no event-loop
// histogram (its 1 ms timer alone costs ~2.5% of a core); event-loop runs are separate.
const common = [`--seconds=${seconds}`, `--warmup=${warmup}`];
const load = [
  { key: 'engine1s', file: 'engineLoad.ts', args: ['--interval=1000', '--eld=0'] },
  { key: 'engine2s', file: 'engineLoad.ts', args: ['--interval=2000', '--eld=0'] },
  { key: 'naive2s', file: 'naiveSi.ts', args: ['--interval=2000', '--eld=0'] },
  { key: 'naiveProcs2s', file: 'naiveSi.ts', args: ['--interval=2000', '--eld=0', '--processes=1'] },
  { key: 'idle', file: 'idle.ts', args: ['--eld=0'] },
  { key: 'engine1s', file: 'engineLoad.ts', args: ['--interval=1000', '--eld=1'] },
  { key: 'engine2s', file: 'engineLoad.ts', args: ['--interval=2000', '--eld=1'] },
  { key: 'naive2s', file: 'naiveSi.ts', args: ['--interval=2000', '--eld=1'] },
  { key: 'idle', file: 'idle.ts', args: ['--eld=1'] },
];

function launch(file, args, onLine, { echoStderr = false } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, file), ...args], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    out += d;
    let i;
    while ((i = out.indexOf('\n')) >= 0) {
      onLine(out.slice(0, i));
      out = out.slice(i + 1);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (d) => {
    err += d;
    if (echoStderr) process.stderr.write(d);
  });
  const done = new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stderr: err.trim() }));
  });
  return { child, done };
}

/** Runs scenarios concurrently with a shared READY/GO start; resolves to their JSON results. */
async function runTogether(specs) {
  const runs = specs.map((s) => ({ ...s, lines: [], ready: false, exited: false }));
  const maybeGo = () => {
    if (runs.every((r) => r.ready || r.exited))
      for (const r of runs) if (!r.exited) r.proc.child.stdin.end('GO\n');
  };
  for (const r of runs) {
    r.proc = launch(r.file, [...r.args, ...common], (line) => {
      if (line === 'READY') {
        r.ready = true;
        maybeGo();
      } else r.lines.push(line);
    });
    r.proc.child.stdin.on('error', () => {}); // a crashed child closes its stdin early
    void r.proc.done.then(() => {
      r.exited = true;
      maybeGo();
    });
  }
  return Promise.all(runs.map(async (r) => ({ spec: r, exit: await r.proc.done })));
}

function parseResult(label, lines, exit) {
  // The JSON line; scripts that also print a table for people print it first.
  const last = lines.filter((l) => l.trim()).findLast((l) => l.startsWith('{')) ?? lines.at(-1);
  if (exit.code !== 0 || !last)
    return { error: `${label} exited with ${exit.signal ?? exit.code}: ${exit.stderr.slice(-2000)}` };
  try {
    return { value: JSON.parse(last) };
  } catch {
    return { error: `${label}: last stdout line is not JSON: ${last.slice(0, 200)}` };
  }
}

const started = new Date();
const errors = [];
const loadAtStart = loadavg();
const cpu = {};
const eventLoop = {};
if (wanted('load')) {
  process.stderr.write(`bench: ${load.length} load scenarios for ${warmup}+${seconds} s, concurrently...\n`);
  const loadRuns = await runTogether(load);
  for (const { spec, exit } of loadRuns) {
    const r = parseResult(`${spec.file} ${spec.args.join(' ')}`, spec.lines, exit);
    if (r.error) errors.push(r.error);
    else (r.value.mode === 'eventLoop' ? eventLoop : cpu)[spec.key] = r.value;
  }
}

let calls = {};
if (wanted('calls')) {
  process.stderr.write('bench: collector calls (alone, so the timings are not contended)...\n');
  const callLines = [];
  const callsProc = launch(
    'collectorCalls.ts',
    [`--iterations=${env('BENCH_CALL_ITERATIONS', 200)}`, `--siIterations=${env('BENCH_SI_ITERATIONS', 10)}`],
    (l) => callLines.push(l),
  );
  callsProc.child.stdin.end();
  calls = parseResult('collectorCalls.ts', callLines, await callsProc.done);
  if (calls.error) errors.push(calls.error);
}

// CLI start, alone: each run is a new process, timed from spawn to exit.
let cli = null;
if (wanted('cli', process.env.BENCH_CLI === '0')) {
  process.stderr.write('bench: CLI start, cold, compiled and through tsx...\n');
  const cliLines = [];
  const cliProc = launch('cliStart.ts', [`--runs=${env('BENCH_CLI_RUNS', 10)}`], (l) => cliLines.push(l));
  cliProc.child.stdin.end();
  const r = parseResult('cliStart.ts', cliLines, await cliProc.done);
  if (r.error) errors.push(r.error);
  cli = r.value ?? null;
}

// The history store, alone: SQLite on real files in a temp folder.
let store = null;
if (wanted('store', process.env.BENCH_STORE === '0')) {
  process.stderr.write('bench: history store vs a plain narrow table (takes a few minutes)...\n');
  const storeLines = [];
  const storeProc = launch('storeBench.ts', [`--sweeps=${env('BENCH_STORE_SWEEPS', 600)}`], (l) =>
    storeLines.push(l),
  );
  storeProc.child.stdin.end();
  const r = parseResult('storeBench.ts', storeLines, await storeProc.done);
  if (r.error) errors.push(r.error);
  store = r.value ?? null;
}

// The board in Chromium, alone: the simulated fleet's engine and the browser share the cores.
let ui = null;
if (wanted('ui', process.env.BENCH_UI === '0')) {
  const hosts = env('BENCH_UI_HOSTS', 500);
  const minutes = env('BENCH_UI_MINUTES', 5);
  process.stderr.write(
    `bench: the board in Chromium, ${hosts} hosts polled every second, for ${minutes} min...\n`,
  );
  const uiLines = [];
  const uiProc = launch(
    'uiBoard.ts',
    [`--hosts=${hosts}`, `--minutes=${minutes}`, `--baselineSeconds=${env('BENCH_UI_BASELINE_SECONDS', 60)}`],
    (l) => uiLines.push(l),
  );
  uiProc.child.stdin.end();
  const r = parseResult('uiBoard.ts', uiLines, await uiProc.done);
  if (r.error) errors.push(r.error);
  ui = r.value ?? null;
}

// The board's first paint with trends, alone: a server over stored history and cold page loads.
let trends = null;
if (wanted('trends', process.env.BENCH_TRENDS === '0')) {
  const hosts = env('BENCH_TRENDS_HOSTS', 50);
  process.stderr.write(`bench: the board's first paint with stored trends, ${hosts} hosts...\n`);
  const trendLines = [];
  const trendProc = launch(
    'uiTrends.ts',
    [
      `--hosts=${hosts}`,
      `--minutes=${env('BENCH_TRENDS_MINUTES', 30)}`,
      `--loads=${env('BENCH_TRENDS_LOADS', 7)}`,
      // The board section has just built the UI.
      ...(ui ? ['--build=0'] : []),
    ],
    (l) => trendLines.push(l),
  );
  trendProc.child.stdin.end();
  const r = parseResult('uiTrends.ts', trendLines, await trendProc.done);
  if (r.error) errors.push(r.error);
  trends = r.value ?? null;
}

// The checks, alone: nginx and the three load generators would load everything else.
let checks = null;
if (wanted('checks', process.env.BENCH_CHECKS === '0')) {
  checks = { load: null, audit: null };
  // nginx, openssl and sshd come with the test dependencies; wrk is the benchmark's own.
  spawnSync(process.execPath, [join(root, 'scripts', 'ensure-system-deps.mjs')], { stdio: 'inherit' });
  ensureWrk();
  const runScript = async (file, args, label) => {
    const lines = [];
    const proc = launch(file, args, (l) => lines.push(l));
    proc.child.stdin.end();
    const r = parseResult(label, lines, await proc.done);
    if (r.error) errors.push(r.error);
    return r.value ?? null;
  };
  process.stderr.write('bench: load generator vs the autocannon CLI and wrk, against nginx...\n');
  checks.load = await runScript(
    'loadBench.ts',
    [
      `--connections=${env('BENCH_LOAD_CONNECTIONS', 10)}`,
      `--seconds=${env('BENCH_LOAD_SECONDS', 5)}`,
      `--rounds=${env('BENCH_LOAD_ROUNDS', 3)}`,
    ],
    'loadBench.ts',
  );
  process.stderr.write('bench: security audit of this machine over SSH...\n');
  checks.audit = await runScript('auditBench.ts', [`--runs=${env('BENCH_AUDIT_RUNS', 5)}`], 'auditBench.ts');
}

// Prometheus: Greenboard's own /metrics rendered for a big fleet.
let prom = null;
if (wanted('prom', process.env.BENCH_PROM === '0')) {
  prom = { metrics: null, refresh: null };
  process.stderr.write('bench: one board refresh against a real Prometheus with 200 targets...\n');
  const refreshLines = [];
  const refreshProc = launch(
    'promBench.ts',
    [`--targets=${env('BENCH_PROM_TARGETS', 200)}`, `--refreshes=${env('BENCH_PROM_REFRESHES', 30)}`],
    (l) => refreshLines.push(l),
  );
  refreshProc.child.stdin.end();
  const refresh = parseResult('promBench.ts', refreshLines, await refreshProc.done);
  if (refresh.error) errors.push(refresh.error);
  prom.refresh = refresh.value?.skipped ? null : (refresh.value ?? null);
  if (refresh.value?.skipped) prom.refreshSkipped = refresh.value.skipped;
  process.stderr.write('bench: /metrics render for 500 hosts (direct text vs prom-client)...\n');
  const lines = [];
  const proc = launch(
    'metricsBench.ts',
    ['--hosts=500', `--iterations=${env('BENCH_METRICS_ITERATIONS', 100)}`],
    (l) => lines.push(l),
  );
  proc.child.stdin.end();
  const r = parseResult('metricsBench.ts', lines, await proc.done);
  if (r.error) errors.push(r.error);
  prom.metrics = r.value ?? null;
}

/** wrk is only for the benchmark: installed here (as root with apt) rather than by the tests. */
function ensureWrk() {
  if (['/usr/bin/wrk', '/usr/local/bin/wrk'].some((p) => existsSync(p))) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    process.stderr.write('bench: wrk is not installed (apt-get install wrk); the wrk column stays empty\n');
    return;
  }
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env: aptEnv }).status === 0;
  // Try the cached package lists first; refresh them only if that fails.
  if (apt(['install', '-y', '--no-install-recommends', 'wrk'])) return;
  if (apt(['update'])) apt(['install', '-y', '--no-install-recommends', 'wrk']);
}

// Last, and alone: its sshds share the machine's cores with the client, loading everything else.
const sshHosts = process.env.BENCH_SSH_HOSTS ?? '1,10,50';
let ssh = null;
if (wanted('ssh', sshHosts === '' || sshHosts === '0')) {
  process.stderr.write(`bench: SSH polling against ${sshHosts} hosts (real sshds on loopback)...\n`);
  const sshLines = [];
  const sshProc = launch(
    'sshPoll.ts',
    [
      `--hosts=${sshHosts}`,
      `--sweeps=${env('BENCH_SSH_SWEEPS', 30)}`,
      `--naiveSweeps=${env('BENCH_SSH_NAIVE_SWEEPS', 10)}`,
      `--capSeconds=${env('BENCH_SSH_CAP_SECONDS', 40)}`,
    ],
    (l) => sshLines.push(l),
  );
  sshProc.child.stdin.end();
  const r = parseResult('sshPoll.ts', sshLines, await sshProc.done);
  if (r.error) errors.push(r.error);
  ssh = r.value ?? null;
}

// The soak, last and alone: it runs for an hour by default, and its figures are about drift.
const soakMinutes = env('BENCH_SOAK_MINUTES', 60);
let soak = null;
if (wanted('soak', process.env.BENCH_SOAK === '0' || !(soakMinutes > 0))) {
  const soakHosts = env('BENCH_SOAK_HOSTS', 50);
  process.stderr.write(
    `bench: soak, greenboard serve with ${soakHosts} SSH hosts and the board in Chromium, for ${soakMinutes} min...\n`,
  );
  const soakLines = [];
  const soakProc = launch(
    'soak.ts',
    [
      `--minutes=${soakMinutes}`,
      `--hosts=${soakHosts}`,
      `--interval=${env('BENCH_SOAK_INTERVAL_MS', 5000)}`,
      // The board section has just built the UI.
      ...(ui ? ['--build=0'] : []),
    ],
    (l) => soakLines.push(l),
    { echoStderr: true },
  );
  soakProc.child.stdin.end();
  const r = parseResult('soak.ts', soakLines, await soakProc.done);
  if (r.error) errors.push(r.error);
  soak = r.value ?? null;
}

const pct = (k) => cpu[k]?.cpuPctOfCore ?? null;
const total = (k) => cpu[k]?.totalCpuPctOfCore ?? null;
const ratio = (a, b) => (a != null && b ? Number((a / b).toFixed(1)) : null);
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'pass' : 'fail');
const e2 = eventLoop.engine2s?.eventLoop;
const summary = {
  cpuPctOfCore: Object.fromEntries(Object.keys(cpu).map((k) => [k, pct(k)])),
  cpuPctOfCoreInclChildren: Object.fromEntries(Object.keys(cpu).map((k) => [k, total(k)])),
  ratioNaiveToEngineAt2s: ratio(pct('naive2s'), pct('engine2s')),
  ratioNaiveToEngineAt2sInclChildren: ratio(total('naive2s'), total('engine2s')),
  ratioNaiveProcessesToEngineAt2sInclChildren: ratio(total('naiveProcs2s'), total('engine2s')),
  eventLoop: Object.fromEntries(Object.entries(eventLoop).map(([k, v]) => [k, v.eventLoop])),
  targets: {
    cpuAt2s: {
      target: `<= ${TARGET_CPU_PCT}% of one core`,
      value: pct('engine2s'),
      verdict: verdict(pct('engine2s') == null ? null : pct('engine2s') <= TARGET_CPU_PCT),
    },
    maxBlockAt2s: {
      target: `<= ${TARGET_BLOCK_MS} ms`,
      value: e2?.maxMs ?? null,
      verdict: verdict(e2 ? e2.maxMs <= TARGET_BLOCK_MS : null),
    },
    ...cliTargets(cli),
    ...storeTargets(store),
    ...uiTargets(ui),
    ...trendsTargets(trends),
    ...checksTargets(checks),
    ...promTargets(prom),
    ...sshTargets(ssh),
    ...soakTargets(soak),
  },
};
/**
 * The SSH targets, judged on the persistent session (what the engine runs) as the test user. The
 * speedup over an exec per poll is judged against the ordinary bash login (account 'login'):
 * a new channel pays the login shell's start-up, which /bin/sh with no rc files hides.
 */
function sshTargets(result) {
  const runs = (result?.runs ?? []).filter((r) => (r.account ?? 'test') === 'test');
  const run = (n, m) => runs.find((r) => r.n === n && r.method === m && r.sweeps > 0);
  const t = SSH_TARGETS;
  const big = run(t.sweepHosts, 'persistent');
  const speedups = (result?.ratios ?? [])
    .filter((r) => r.account === 'login')
    .map((r) => ({
      n: r.n,
      value: r.execPerPollToPersistentP95,
      verdict: verdict(
        r.execPerPollToPersistentP95 == null ? null : r.execPerPollToPersistentP95 >= t.speedupVsExec,
      ),
    }));
  const cpuPer = runs
    .filter((r) => r.method === 'persistent')
    .map((r) => ({
      n: r.n,
      value: r.cpuMsPerHostPoll,
      verdict: verdict(r.cpuMsPerHostPoll == null ? null : r.cpuMsPerHostPoll < t.cpuMsPerHostPoll),
    }));
  return {
    sshSweepP95: {
      target: `p95 sweep of ${t.sweepHosts} hosts < ${t.sweepP95Ms} ms`,
      value: big?.sweepMs.p95Ms ?? null,
      verdict: verdict(big ? big.sweepMs.p95Ms < t.sweepP95Ms : null),
    },
    sshSpeedupVsExecPerPoll: {
      target: `>= ${t.speedupVsExec}x (exec-per-poll p95 / persistent p95, bash login with /etc/skel rc)`,
      byHosts: speedups,
    },
    sshCpuPerHostPoll: {
      target: `< ${t.cpuMsPerHostPoll} ms of Greenboard CPU per host per poll`,
      byHosts: cpuPer,
    },
  };
}

const report = {
  startedAt: started.toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '?',
    platform: platform(),
    release: release(),
    node: process.version,
    loadavgAtStart: loadAtStart,
    loadavgAtEnd: loadavg(),
  },
  settings: { seconds, warmup },
  summary,
  load: { cpu, eventLoop },
  collectorCalls: calls.value ?? null,
  cli,
  store,
  ui,
  trends,
  checks,
  prom,
  ssh,
  soak,
  errors,
};

const json = JSON.stringify(report, null, 2);
console.log(json);
mkdirSync(join(benchDir, 'results'), { recursive: true });
const file = join(benchDir, 'results', `${started.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${json}\n`);

console.log(formatReport(report, { TARGET_CPU_PCT, TARGET_BLOCK_MS, SSH_TARGETS, file }));
process.exitCode = errors.length ? 1 : 0;
