// The sections of `npm run bench`, in run order with their env switches, kept out of run.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { env, parseResult, root, runAlone, runTogether } from './scenario.mjs';

/** Every section BENCH_ONLY may name, in the order they run. */
export const SECTIONS = [
  'load',
  'calls',
  'cli',
  'store',
  'ui',
  'trends',
  'checks',
  'prom',
  'services',
  'tunnel',
  'backtest',
  'groups',
  'ssh',
  'soak',
  'forecast',
  'capreport',
];

// Each scenario runs in its own process so module loading and this harness stay out of its
// numbers. They run concurrently (CPU time is per process) and measure the same window: each
// warms up, says READY, and all start measuring on one GO. CPU runs have no event-loop
// histogram (its 1 ms timer alone costs ~2.5% of a core); event-loop runs are separate.
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

/**
 * Runs the sections `wanted(section, switchedOff)` lets through, one after another, and returns
 * their results (null, or empty for load, when a section did not run). Errors go onto `errors`.
 */
export async function runSections({ wanted, seconds, warmup, errors }) {
  const cpu = {};
  const eventLoop = {};
  if (wanted('load')) {
    process.stderr.write(
      `bench: ${load.length} load scenarios for ${warmup}+${seconds} s, concurrently...\n`,
    );
    const loadRuns = await runTogether(load, [`--seconds=${seconds}`, `--warmup=${warmup}`]);
    for (const { spec, exit } of loadRuns) {
      const r = parseResult(`${spec.file} ${spec.args.join(' ')}`, spec.lines, exit);
      if (r.error) errors.push(r.error);
      else (r.value.mode === 'eventLoop' ? eventLoop : cpu)[spec.key] = r.value;
    }
  }

  let calls = null;
  if (wanted('calls')) {
    process.stderr.write('bench: collector calls (alone, so the timings are not contended)...\n');
    calls = await runAlone(
      'collectorCalls.ts',
      [
        `--iterations=${env('BENCH_CALL_ITERATIONS', 200)}`,
        `--siIterations=${env('BENCH_SI_ITERATIONS', 10)}`,
      ],
      errors,
    );
  }

  // CLI start, alone: each run is a new process, timed from spawn to exit.
  let cli = null;
  if (wanted('cli', process.env.BENCH_CLI === '0')) {
    process.stderr.write('bench: CLI start, cold, compiled and through tsx...\n');
    cli = await runAlone('cliStart.ts', [`--runs=${env('BENCH_CLI_RUNS', 10)}`], errors);
  }

  // The history store, alone: SQLite on real files in a temp folder.
  let store = null;
  if (wanted('store', process.env.BENCH_STORE === '0')) {
    process.stderr.write('bench: history store vs a plain narrow table (takes a few minutes)...\n');
    store = await runAlone('storeBench.ts', [`--sweeps=${env('BENCH_STORE_SWEEPS', 600)}`], errors);
  }

  // The board in Chromium, alone: the simulated fleet's engine and the browser share the cores.
  let ui = null;
  if (wanted('ui', process.env.BENCH_UI === '0')) {
    const hosts = env('BENCH_UI_HOSTS', 500);
    const minutes = env('BENCH_UI_MINUTES', 5);
    process.stderr.write(
      `bench: the board in Chromium, ${hosts} hosts polled every second, for ${minutes} min...\n`,
    );
    ui = await runAlone(
      'uiBoard.ts',
      [
        `--hosts=${hosts}`,
        `--minutes=${minutes}`,
        `--baselineSeconds=${env('BENCH_UI_BASELINE_SECONDS', 60)}`,
      ],
      errors,
    );
  }

  // The board's first paint with trends, alone: a server over stored history and cold page loads.
  let trends = null;
  if (wanted('trends', process.env.BENCH_TRENDS === '0')) {
    const hosts = env('BENCH_TRENDS_HOSTS', 50);
    process.stderr.write(`bench: the board's first paint with stored trends, ${hosts} hosts...\n`);
    trends = await runAlone(
      'uiTrends.ts',
      [
        `--hosts=${hosts}`,
        `--minutes=${env('BENCH_TRENDS_MINUTES', 30)}`,
        `--loads=${env('BENCH_TRENDS_LOADS', 7)}`,
        // The board section has just built the UI.
        ...(ui ? ['--build=0'] : []),
      ],
      errors,
    );
  }

  // The checks, alone: nginx and the three load generators would load everything else.
  let checks = null;
  if (wanted('checks', process.env.BENCH_CHECKS === '0')) {
    checks = { load: null, audit: null };
    // nginx, openssl and sshd come with the test dependencies; wrk is the benchmark's own.
    spawnSync(process.execPath, [join(root, 'scripts', 'ensure-system-deps.mjs')], { stdio: 'inherit' });
    ensureWrk();
    process.stderr.write('bench: load generator vs the autocannon CLI and wrk, against nginx...\n');
    checks.load = await runAlone(
      'loadBench.ts',
      [
        `--connections=${env('BENCH_LOAD_CONNECTIONS', 10)}`,
        `--seconds=${env('BENCH_LOAD_SECONDS', 5)}`,
        `--rounds=${env('BENCH_LOAD_ROUNDS', 3)}`,
      ],
      errors,
    );
    process.stderr.write('bench: security audit of this machine over SSH...\n');
    checks.audit = await runAlone('auditBench.ts', [`--runs=${env('BENCH_AUDIT_RUNS', 5)}`], errors);
  }

  // Prometheus: Greenboard's own /metrics rendered for a big fleet.
  let prom = null;
  if (wanted('prom', process.env.BENCH_PROM === '0')) {
    prom = { metrics: null, refresh: null };
    process.stderr.write('bench: one board refresh against a real Prometheus with 200 targets...\n');
    const refresh = await runAlone(
      'promBench.ts',
      [`--targets=${env('BENCH_PROM_TARGETS', 200)}`, `--refreshes=${env('BENCH_PROM_REFRESHES', 30)}`],
      errors,
    );
    prom.refresh = refresh?.skipped ? null : refresh;
    if (refresh?.skipped) prom.refreshSkipped = refresh.skipped;
    process.stderr.write('bench: /metrics render for 500 hosts (direct text vs prom-client)...\n');
    prom.metrics = await runAlone(
      'metricsBench.ts',
      ['--hosts=500', `--iterations=${env('BENCH_METRICS_ITERATIONS', 100)}`],
      errors,
    );
  }

  // Databases and caches, alone: PostgreSQL, pgbench, Redis and their exporters share the cores.
  let services = null;
  if (wanted('services', process.env.BENCH_SERVICES === '0')) {
    const polls = env('BENCH_SERVICE_POLLS', 20);
    process.stderr.write(
      `bench: PostgreSQL and Redis polls vs their Prometheus exporters, ${polls} per way...\n`,
    );
    services = await runAlone(
      'servicesBench.ts',
      [
        `--polls=${polls}`,
        `--interval=${env('BENCH_SERVICE_INTERVAL_MS', 1000)}`,
        `--statements=${env('BENCH_SERVICE_STATEMENTS', 5000)}`,
      ],
      errors,
    );
  }

  // Services through a tunnel against the client on the host, over one real SSH session, alone.
  let tunnel = null;
  if (wanted('tunnel', process.env.BENCH_TUNNEL === '0')) {
    process.stderr.write(
      'bench: PostgreSQL and Redis polled through a tunnel vs their client on the host...\n',
    );
    tunnel = await runAlone(
      'serviceTunnelBench.ts',
      [
        `--polls=${env('BENCH_SERVICE_POLLS', 20)}`,
        `--interval=${env('BENCH_SERVICE_INTERVAL_MS', 1000)}`,
        `--statements=${env('BENCH_SERVICE_STATEMENTS', 5000)}`,
      ],
      errors,
    );
  }

  // Back-testing a rule over a month of 50 hosts' history, alone: one process, SQLite on a temp file.
  let backtest = null;
  if (wanted('backtest', process.env.BENCH_BACKTEST === '0')) {
    process.stderr.write('bench: back-test of a rule over 30 days × 50 hosts vs the naive replay...\n');
    backtest = await runAlone('backtestBench.ts', [`--runs=${env('BENCH_BACKTEST_RUNS', 5)}`], errors);
  }

  // Groups: a balancer's log read by offset, and groups judged, each against a naive way.
  let groups = null;
  if (wanted('groups', process.env.BENCH_GROUPS === '0')) {
    process.stderr.write('bench: groups (an nginx log by offset vs the whole log; groups judged)...\n');
    groups = await runAlone(
      'groupsBench.ts',
      [`--lines=${env('BENCH_GROUPS_LOG_LINES', 200_000)}`, `--hosts=${env('BENCH_GROUPS_HOSTS', 500)}`],
      errors,
    );
  }

  // Last, and alone: its sshds share the machine's cores with the client, loading everything else.
  const sshHosts = process.env.BENCH_SSH_HOSTS ?? '1,10,50';
  let ssh = null;
  if (wanted('ssh', sshHosts === '' || sshHosts === '0')) {
    process.stderr.write(`bench: SSH polling against ${sshHosts} hosts (real sshds on loopback)...\n`);
    ssh = await runAlone(
      'sshPoll.ts',
      [
        `--hosts=${sshHosts}`,
        `--sweeps=${env('BENCH_SSH_SWEEPS', 30)}`,
        `--naiveSweeps=${env('BENCH_SSH_NAIVE_SWEEPS', 10)}`,
        `--capSeconds=${env('BENCH_SSH_CAP_SECONDS', 40)}`,
      ],
      errors,
    );
  }

  // The soak, last and alone: it runs for an hour by default, and its figures are about drift.
  const soakMinutes = env('BENCH_SOAK_MINUTES', 60);
  let soak = null;
  if (wanted('soak', process.env.BENCH_SOAK === '0' || !(soakMinutes > 0))) {
    const soakHosts = env('BENCH_SOAK_HOSTS', 50);
    process.stderr.write(
      `bench: soak, greenboard serve with ${soakHosts} SSH hosts and the board in Chromium, for ${soakMinutes} min...\n`,
    );
    soak = await runAlone(
      'soak.ts',
      [
        `--minutes=${soakMinutes}`,
        `--hosts=${soakHosts}`,
        `--interval=${env('BENCH_SOAK_INTERVAL_MS', 5000)}`,
        // The board section has just built the UI.
        ...(ui ? ['--build=0'] : []),
      ],
      errors,
      { echoStderr: true },
    );
  }

  // Forecasts, alone: a 500-host history is written first (a few minutes), then fitted.
  let forecast = null;
  if (wanted('forecast', process.env.BENCH_FORECAST === '0')) {
    const hosts = env('BENCH_FORECAST_HOSTS', 500);
    process.stderr.write(`bench: forecasts for ${hosts} hosts from 30 days of rollups vs raw rows...\n`);
    forecast = await runAlone(
      'forecastBench.ts',
      [`--hosts=${hosts}`, `--runs=${env('BENCH_FORECAST_RUNS', 5)}`],
      errors,
    );
  }

  // A capacity report of a 50-host group over 30 days, alone: the history is written first (a minute or so).
  let capreport = null;
  if (wanted('capreport', process.env.BENCH_CAPREPORT === '0')) {
    process.stderr.write('bench: capacity report of 50 hosts over 30 days vs raw rows...\n');
    capreport = await runAlone(
      'capacityReportBench.ts',
      [`--runs=${env('BENCH_CAPREPORT_RUNS', 6)}`],
      errors,
    );
  }

  return {
    cpu,
    eventLoop,
    calls,
    cli,
    store,
    ui,
    trends,
    checks,
    prom,
    services,
    tunnel,
    backtest,
    groups,
    ssh,
    soak,
    forecast,
    capreport,
  };
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
