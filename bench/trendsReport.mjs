// Formats the first-paint-with-trends benchmark (bench/uiTrends.ts) and judges it against the
// target of the "trends from the first paint" issue: the board's first paint with trends < 1 s.
export const TRENDS_TARGETS = { firstPaintMs: 1000 };

const f = (v, d = 0) => (v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(d));
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'pass' : 'fail');

/** Target verdicts, for the JSON summary: judged on the median cold load. */
export function trendsTargets(trends) {
  if (!trends) return {};
  const value = trends.cold.trends.p50Ms;
  return {
    boardTrendsFirstPaint: {
      target: `first paint with filled sparklines < ${TRENDS_TARGETS.firstPaintMs} ms (${trends.hosts} hosts, ${trends.storedMinutes} min stored; median cold load)`,
      value,
      verdict: verdict(value == null ? null : value < TRENDS_TARGETS.firstPaintMs),
    },
  };
}

export function formatTrends(trends, targets) {
  const row = (name, r) =>
    `  ${name.padEnd(7)} page+script p50 ${f(r.script?.p50Ms)} ms   cards p50 ${f(r.cards.p50Ms)} / max ${f(r.cards.maxMs)} ms   ` +
    `trends p50 ${f(r.trends.p50Ms)} / max ${f(r.trends.maxMs)} ms   ` +
    `loads with a frame of empty sparklines: ${r.loadsWithEmptyFrames} of ${r.trends.n}`;
  const t = targets.boardTrendsFirstPaint;
  return [
    `Board first paint with trends in Chromium ${trends.chromium}, ${trends.viewport.width}x${trends.viewport.height}: ` +
      `${trends.hosts} hosts polled every ${trends.intervalMs / 1000} s over ${trends.storedMinutes} min of stored history ` +
      `(${trends.storedSamples} polls); ${trends.loads} cold loads (new context) and ${trends.loads} reloads`,
    row('cold', trends.cold),
    row('reload', trends.reload),
    '  from navigation start: page+script = DOMContentLoaded (before any engine call); cards = the first frame',
    '  with host cards; trends = the first frame in which every',
    `  card in the DOM (${trends.cold.cardsInDom}, virtualized) draws CPU and memory with >= ${trends.minPoints} stored polls.`,
    `target ${t.target}: ${t.verdict} (${f(t.value)} ms)`,
  ];
}
