// Formats the Prometheus benchmarks (bench/promBench.ts: one board refresh against Prometheus
// with 200 targets; bench/metricsBench.ts: /metrics render time for 500 hosts) and judges them
// against issue 8's targets.
export const PROM_TARGETS = { maxQueries: 10, refreshMs: 300 };

const f = (v, d = 1) => (v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(d));
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'pass' : 'fail');

/** Target verdicts, for the JSON summary. */
export function promTargets(prom) {
  if (!prom) return {};
  const t = PROM_TARGETS;
  const r = prom.refresh;
  const out = {};
  if (r)
    out.prometheusRefresh = {
      target: `one board refresh of ${r.targets} targets: <= ${t.maxQueries} queries, < ${t.refreshMs} ms`,
      queries: r.queries,
      value: r.p95Ms,
      verdict: verdict(r.queries <= t.maxQueries && r.p95Ms < t.refreshMs),
    };
  if (prom.metrics)
    out.metricsRender = {
      target: `/metrics render for ${prom.metrics.hosts} hosts (reported, no target)`,
      value: prom.metrics.p50Ms,
    };
  return out;
}

export function formatProm(prom, targets) {
  const out = [];
  const r = prom.refresh;
  if (prom.refreshSkipped) out.push(`Prometheus board refresh: skipped (${prom.refreshSkipped})`);
  if (r)
    out.push(
      `Prometheus board refresh, ${r.targets} targets: ${r.queries} queries, p50 ${f(r.p50Ms)} ms, p95 ${f(r.p95Ms)} ms, ` +
        `max ${f(r.maxMs)} ms (loadavg ${f(r.loadAvg1, 2)}, Prometheus on this machine): ${targets.prometheusRefresh?.verdict} ` +
        `(target <= ${PROM_TARGETS.maxQueries} queries, p95 < ${PROM_TARGETS.refreshMs} ms)`,
    );
  const m = prom.metrics;
  if (m)
    out.push(
      `/metrics for ${m.hosts} hosts (${m.series} series, ${f(m.bytes / 1024, 0)} KiB, ${f(m.gzipBytes / 1024, 0)} KiB gzipped): ` +
        `render p50 ${f(m.p50Ms)} / p95 ${f(m.p95Ms)} ms; with gzip p50 ${f(m.renderGzipP50Ms)} ms; ` +
        `prom-client for the same series p50 ${f(m.promClientP50Ms)} ms (${f(m.promClientP50Ms / m.p50Ms)}x); ` +
        `a whole GET over loopback p50 ${f(m.httpGzipP50Ms)} ms`,
    );
  return out;
}
