// Prometheus source benchmark: one board refresh against a real Prometheus holding 200 targets
// (static targets with distinct instance labels, all scraping one real node_exporter), timed
// over N refreshes. Prints one JSON line (for run.mjs), then a human line with the targets.
// Args: --targets=N (200), --refreshes=N (30), --scrape=S seconds between scrapes (15, Prometheus'
// default). The load average goes in the JSON: Prometheus and node_exporter share this machine.
import { loadavg } from 'node:os';
import { PrometheusSourceSchema } from '../shared/prometheus';
import { PrometheusSourcePoller } from '../electron/engine/prometheus/promSource';
import {
  NODE_EXPORTER_ARGS,
  prometheusMissingReason,
  staticTargetsYaml,
  waitForTargetsUp,
} from '../electron/engine/prometheus/testHarness';
import { startNodeExporter, startPrometheus } from '../electron/engine/testing/prometheus';

const arg = (k: string, d: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${k}=`));
  return a ? Number(a.split('=')[1]) : d;
};
const TARGETS = arg('targets', 200);
const REFRESHES = arg('refreshes', 30);
const SCRAPE_SEC = arg('scrape', 15);
const TARGET_QUERIES = 10;
const TARGET_MS = 300;

const missing = prometheusMissingReason();
if (missing) {
  process.stdout.write(`${JSON.stringify({ scenario: 'prometheusRefresh', skipped: missing })}\n`);
  process.exit(0);
}

const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const r1 = (n: number) => Math.round(n * 10) / 10;

const ne = await startNodeExporter(NODE_EXPORTER_ARGS);
const targets = Array.from({ length: TARGETS }, (_, i) => ({
  address: ne.target,
  instance: `node-${i + 1}`,
}));
// Prometheus' default 15 s scrape: 13 scrapes a second of the one node_exporter, on this machine.
const prom = await startPrometheus({ yaml: staticTargetsYaml(targets, { intervalSec: SCRAPE_SEC }) });
try {
  await waitForTargetsUp(prom, TARGETS, 60_000 + SCRAPE_SEC * 2000);
  const source = PrometheusSourceSchema.parse({ id: 'bench', url: prom.url });
  const poller = new PrometheusSourcePoller({ source, timeoutMs: 10_000 });
  // Every host needs two scrapes before its rates (CPU, disk, network) have values.
  const deadline = Date.now() + 60_000 + SCRAPE_SEC * 3000;
  for (;;) {
    const r = await poller.refresh();
    if (r.ok && r.targets.length === TARGETS && r.targets.every((t) => t.sample?.cpu.busyPct != null)) break;
    if (Date.now() > deadline)
      throw new Error(`Not all ${TARGETS} targets had samples: ${JSON.stringify(r).slice(0, 500)}`);
    await new Promise((res) => setTimeout(res, 1000));
  }
  for (let i = 0; i < 3; i++) await poller.refresh();
  const times: number[] = [];
  let queries = 0;
  for (let i = 0; i < REFRESHES; i++) {
    const t0 = performance.now();
    const r = await poller.refresh();
    times.push(performance.now() - t0);
    if (!r.ok) throw new Error(r.error);
    if (r.targets.length !== TARGETS)
      throw new Error(`refresh saw ${r.targets.length} of ${TARGETS} targets`);
    queries = Math.max(queries, r.queries);
  }
  times.sort((a, b) => a - b);
  const result = {
    scenario: 'prometheusRefresh',
    targets: TARGETS,
    refreshes: REFRESHES,
    queries,
    p50Ms: r1(pct(times, 50)),
    p95Ms: r1(pct(times, 95)),
    maxMs: r1(times.at(-1) ?? 0),
    loadAvg1: r1(loadavg()[0] ?? 0),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  process.stdout.write(
    `Prometheus refresh, ${TARGETS} targets: ${queries} queries (target ≤ ${TARGET_QUERIES}: ${verdict(queries <= TARGET_QUERIES)}), ` +
      `p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms (target p95 < ${TARGET_MS} ms: ${verdict(result.p95Ms < TARGET_MS)})\n`,
  );
} finally {
  await prom.stop();
  await ne.stop();
}
