// Formats the back-test benchmark (bench/backtestBench.ts: one rule over 30 days of 50 hosts'
// stored history, against the naive replay that decodes every row) and judges it against issue
// 18's target: a back-test of one rule over 30 days × 50 hosts < 1 s.
export const BACKTEST_TARGETS = { ms: 1000 };

const f = (v, d = 0) => (v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(d));
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'pass' : 'fail');

export function backtestTargets(b) {
  if (!b) return {};
  return {
    backtest: {
      target: `a back-test of one rule over ${b.days} days × ${b.hosts} hosts < ${BACKTEST_TARGETS.ms} ms (median wall)`,
      value: b.ours.medianMs,
      cpuMs: b.ours.cpuMs,
      verdict: verdict(b.ours.medianMs < BACKTEST_TARGETS.ms),
    },
  };
}

export function formatBacktest(b, targets) {
  const t = targets.backtest;
  return [
    `Back-test: one CPU rule over ${b.days} days × ${b.hosts} hosts (${b.rows.toLocaleString('en-US')} stored rows: raw 2 days, then minute and quarter-hour means), ${b.runs} runs`,
    `  Greenboard (quiet stretches passed over by their rollup bounds): ${f(b.ours.medianMs)} ms median, CPU ${f(b.ours.cpuMs)} ms, ${b.rowsRead.toLocaleString('en-US')} rows read, ${b.ours.result} episodes`,
    `  naive (every row decoded and judged):                          ${f(b.naive.medianMs)} ms median, CPU ${f(b.naive.cpuMs)} ms, ${b.naive.result} episodes` +
      (b.ratio ? `  (${f(b.ratio, 1)}x slower)` : ''),
    `  build of the history: ${f(b.buildMs)} ms`,
    `target ${t.target}: ${t.verdict} (${f(t.value)} ms; CPU ${f(t.cpuMs)} ms)`,
  ];
}
