// Formats the capacity report benchmark (bench/capacityReportBench.ts): a 30-day report of a
// 50-host group from the rollup tiers (HTML and Markdown), against the peaks and p95 of CPU
// alone computed from every raw row. No target in the issue: times and the ratio.

const f = (v, d = 1) => (v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(d));

/** Informational entry for the JSON summary (no verdict: the issue sets no target here). */
export function capreportTargets(c) {
  if (!c) return {};
  return {
    capacityReport: {
      target: `capacity report of ${c.hosts} hosts over ${c.days} days, HTML: ms (median, warm)`,
      value: c.report.htmlMsMedian,
      verdict: 'n/a',
    },
  };
}

export function formatCapreport(c) {
  const r = c.report;
  return [
    `Capacity report: ${c.hosts} hosts, ${c.days} days, ${c.polls} polls written (${f(c.writeMs / 1000)} s), read from the ${c.tier} tier`,
    `  HTML (Greenboard)           ${f(r.htmlMsMedian).padStart(7)} ms  (first, SQLite cache empty: ${f(r.firstHtmlMs)} ms; ${f(r.htmlBytes / 1024, 0)} KiB)`,
    `  Markdown (Greenboard)       ${f(r.mdMsMedian).padStart(7)} ms  (${f(r.mdBytes / 1024, 0)} KiB); reading the tiers and forecasts ${f(r.readMsMedian)} ms of it`,
    `  raw rows, CPU only (naive)  ${f(c.naive.msMedian).padStart(7)} ms  ${c.naive.rawRows} rows  (${f(c.ratioNaiveToReport)}x the whole HTML report)`,
  ];
}
