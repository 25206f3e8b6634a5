// Formats the back-test benchmark (bench/backtestBench.ts: one rule over 30 days of 50 hosts'
// stored history, against the naive replay that decodes every row) and judges it against issue
// 18's target: a back-test of one rule over 30 days × 50 hosts < 1 s.
export const BACKTEST_TARGETS = { ms: 1000 };

const f = (v, d = 0) => (v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(d));
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'pass' : 'fail');

export function backtestTargets(b) {
  if (!b) return {};
  const row = (what, r) => ({
    target: `a back-test of ${what} over ${b.days} days × ${b.hosts} hosts < ${BACKTEST_TARGETS.ms} ms (median wall)`,
    value: r.medianMs,
    cpuMs: r.cpuMs,
    verdict: verdict(r.medianMs < BACKTEST_TARGETS.ms),
  });
  return {
    backtest: row('one rule', b.ours),
    ...(b.group ? { backtestGroup: row('one group rule (mean CPU of the 50 hosts)', b.group.ours) } : {}),
    ...(b.forecast ? { backtestForecast: row('the forecast rule', b.forecast.ours) } : {}),
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
    ...(b.group ? formatGroup(b.group, targets.backtestGroup) : []),
    ...(b.forecast ? formatForecast(b.forecast, targets.backtestForecast) : []),
  ];
}

function formatGroup(g, t) {
  return [
    `Back-test of a group rule: mean CPU of ${g.members} hosts tagged web, every 5 s over raw polls and each bucket over rollups`,
    `  Greenboard (quiet hours, then quarters, passed over by the members' bounds): ${f(g.ours.medianMs)} ms median, CPU ${f(g.ours.cpuMs)} ms, ${g.rowsRead.toLocaleString('en-US')} rows read, ${g.ours.result} episodes`,
    `  naive (every member's every row decoded, the group judged at each): ${f(g.naive.medianMs)} ms median, CPU ${f(g.naive.cpuMs)} ms, ${g.naive.result} episodes` +
      (g.ratio ? `  (${f(g.ratio, 1)}x slower)` : ''),
    `target ${t.target}: ${t.verdict} (${f(t.value)} ms; CPU ${f(t.cpuMs)} ms)`,
  ];
}

function formatForecast(fc, t) {
  return [
    `Back-test of the forecast rule: ${fc.hosts} hosts, a fit due every 15 minutes over the month (${fc.fits.toLocaleString('en-US')} fits made, ${(fc.passed ?? 0).toLocaleString('en-US')} passed over as unable to change)`,
    `  Greenboard (one read of each host's range sliced per fit; quiet fits passed over): ${f(fc.ours.medianMs)} ms median, CPU ${f(fc.ours.cpuMs)} ms, ${fc.ours.result} episodes`,
    `  over ${fc.naiveHosts} hosts, once: Greenboard ${f(fc.oursOnNaiveHosts.medianMs)} ms; naive (each fit reads its week again) ${f(fc.naive.medianMs)} ms` +
      (fc.ratio ? `  (${f(fc.ratio, 1)}x slower)` : ''),
    `target ${t.target}: ${t.verdict} (${f(t.value)} ms; CPU ${f(t.cpuMs)} ms)`,
  ];
}
