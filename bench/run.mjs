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
// skips it, BENCH_CLI_RUNS (10); databases and caches (a PostgreSQL poll with 5,000 statements under
// pgbench, and a Redis poll, each against its Prometheus exporter scraped at the same interval):
// BENCH_SERVICES=0 skips it, BENCH_SERVICE_POLLS (20 per way), BENCH_SERVICE_INTERVAL_MS (1000),
// BENCH_SERVICE_STATEMENTS (5000). The same PostgreSQL and Redis through a tunnel against their
// client on the host, over one SSH session (tunnel): BENCH_TUNNEL=0 skips it. Groups (an nginx log read by offset vs the whole log every poll,
// and groups judged vs members read back per group): BENCH_GROUPS=0 skips it,
// BENCH_GROUPS_LOG_LINES (200000), BENCH_GROUPS_HOSTS (500).
// BENCH_ONLY=soak,ui runs only the named sections (load, calls, cli, store, ui, trends, checks, prom,
// services, tunnel, backtest, groups, ssh, soak, forecast), whatever their own switches say. Forecasts: BENCH_FORECAST=0 skips
// them, BENCH_FORECAST_HOSTS (500), BENCH_FORECAST_RUNS (5). Capacity report (capreport): BENCH_CAPREPORT=0
// skips it, BENCH_CAPREPORT_RUNS (6).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { join } from 'node:path';
import { checksTargets } from './checksReport.mjs';
import { cliTargets } from './cliReport.mjs';
import { promTargets } from './promReport.mjs';
import { forecastTargets } from './forecastReport.mjs';
import { capreportTargets } from './capreportReport.mjs';
import { formatReport } from './report.mjs';
import { benchDir, env } from './scenario.mjs';
import { runSections, SECTIONS } from './sections.mjs';
import { servicesTargets } from './servicesReport.mjs';
import { tunnelTargets } from './tunnelReport.mjs';
import { backtestTargets } from './backtestReport.mjs';
import { groupsTargets } from './groupsReport.mjs';
import { soakTargets } from './soakReport.mjs';
import { SSH_TARGETS, sshTargets } from './sshReport.mjs';
import { storeTargets } from './storeReport.mjs';
import { trendsTargets } from './trendsReport.mjs';
import { uiTargets } from './uiReport.mjs';

const seconds = env('BENCH_SECONDS', 60);
const warmup = env('BENCH_WARMUP', 3);
const TARGET_CPU_PCT = 0.6;
const TARGET_BLOCK_MS = 5;
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

const started = new Date();
const errors = [];
const loadAtStart = loadavg();
const {
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
} = await runSections({
  wanted,
  seconds,
  warmup,
  errors,
});

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
    ...servicesTargets(services),
    ...tunnelTargets(tunnel),
    ...backtestTargets(backtest),
    ...groupsTargets(groups),
    ...sshTargets(ssh),
    ...soakTargets(soak),
    ...forecastTargets(forecast),
    ...capreportTargets(capreport),
  },
};

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
  collectorCalls: calls,
  cli,
  store,
  ui,
  trends,
  checks,
  prom,
  services,
  backtest,
  groups,
  tunnel,
  ssh,
  soak,
  forecast,
  capreport,
  errors,
};

const json = JSON.stringify(report, null, 2);
console.log(json);
mkdirSync(join(benchDir, 'results'), { recursive: true });
const file = join(benchDir, 'results', `${started.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${json}\n`);

console.log(formatReport(report, { TARGET_CPU_PCT, TARGET_BLOCK_MS, SSH_TARGETS, file }));
process.exitCode = errors.length ? 1 : 0;
