// Formats the store benchmark (bench/storeBench.ts) and judges it against issue 4's targets.
export const STORE_TARGETS = {
  valuesPerSec: 200_000,
  bytesPerValue: 4,
  chartMs: 50,
  boardMs: 20,
  projectionGiB: 1,
};

const f = (v, d = 1) => (v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(d));
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'pass' : 'fail');

/** Target verdicts, for the JSON summary. */
export function storeTargets(s) {
  if (!s) return {};
  const t = STORE_TARGETS;
  const g = s.ingest.greenboard;
  return {
    storeIngest: {
      target: `>= ${t.valuesPerSec} values/s`,
      value: g.valuesPerSec,
      verdict: verdict(g.valuesPerSec >= t.valuesPerSec),
    },
    storeBytesPerValue: {
      target: `<= ${t.bytesPerValue} B per raw value`,
      value: g.bytesPerValue,
      verdict: verdict(g.bytesPerValue <= t.bytesPerValue),
    },
    storeChart30d: {
      target: `< ${t.chartMs} ms`,
      value: s.chart.greenboard30d.medianMs,
      verdict: verdict(s.chart.greenboard30d.medianMs < t.chartMs),
    },
    storeBoard500: {
      target: `< ${t.boardMs} ms`,
      value: s.board.greenboard.medianMs,
      verdict: verdict(s.board.greenboard.medianMs < t.boardMs),
    },
    storeProjection90d: {
      target: `< ${t.projectionGiB} GiB`,
      value: s.projection.greenboardGiB,
      verdict: verdict(s.projection.greenboardGiB < t.projectionGiB),
    },
  };
}

export function formatStore(s, targets) {
  if (s.skipped) return [`History store: skipped (${s.skipped})`];
  const g = s.ingest.greenboard;
  const n = s.ingest.narrow;
  const c = s.chart;
  const b = s.board;
  const p = s.projection;
  const ratio = (a, z) => (a && z ? `${(a / z).toFixed(1)}x` : 'n/a');
  const row = (label, gb, nw, better) => [label, gb, nw, better];
  const rows = [
    row(
      'ingest, values/s (50-host sweeps, 1 tx each)',
      String(g.valuesPerSec),
      String(n.valuesPerSec),
      ratio(g.valuesPerSec, n.valuesPerSec),
    ),
    row(
      'sweep transaction p50 / max, ms',
      `${f(g.sweepP50Ms, 2)} / ${f(g.sweepMaxMs, 1)}`,
      `${f(n.sweepP50Ms, 2)} / ${f(n.sweepMaxMs, 1)}`,
      '',
    ),
    row(
      'bytes on disk per raw value',
      f(g.bytesPerValue, 2),
      f(n.bytesPerValue, 2),
      ratio(n.bytesPerValue, g.bytesPerValue),
    ),
    row(
      'chart: 1 host, 30 days, 6 series, 1000 points, ms',
      `${f(c.greenboard30d.medianMs, 1)} (${c.greenboard30d.tier})`,
      f(c.narrow30d.medianMs, 0),
      ratio(c.narrow30d.medianMs, c.greenboard30d.medianMs),
    ),
    row(
      'chart: 7 days / 1 hour, ms',
      `${f(c.greenboard7d.medianMs, 1)} / ${f(c.greenboard1h.medianMs, 1)}`,
      '',
      '',
    ),
    row(
      `board: latest of ${b.hosts} hosts, ms`,
      f(b.greenboard.medianMs, 1),
      f(b.narrow.medianMs, 0),
      ratio(b.narrow.medianMs, b.greenboard.medianMs),
    ),
    row(
      'projected file: 50 hosts x 30 values / 5 s, 90 days, GiB',
      f(p.greenboardGiB, 2),
      f(p.narrowGiB, 1),
      ratio(p.narrowGiB, p.greenboardGiB),
    ),
  ];
  const w = [56, 22, 16, 9];
  const line = (cells) =>
    cells.map((x, i) => (i === 0 ? String(x).padEnd(w[i]) : String(x).padStart(w[i]))).join('  ');
  const t = targets ?? {};
  const v = (k) => (t[k] ? `${t[k].verdict}` : 'n/a');
  return [
    `History store: Greenboard's packed tiers vs a plain narrow table (host, metric, ts, value + index), same data, same run`,
    '',
    line(['', 'greenboard', 'narrow table', 'better by']),
    line(w.map((x) => '-'.repeat(x))),
    ...rows.map(line),
    `  ingest: ${s.sweeps} sweeps of 50 simulated hosts (random walks, ${f(s.ingest.valuesPerPoll, 0)} values a poll), one transaction per sweep,`,
    '  rollups and the latest-sample row included, WAL checkpoints on a worker as in the engine. Bytes: dbstat pages of the raw table (narrow: table + index) / values.',
    `  chart: the last ${'2'} days of raw polls at 5 s, older days at one poll a minute (the rollup rows are the same), then the`,
    '  default retention applied; median of 20 runs. The narrow table holds all 30 days at 5 s for the 6 series (its only choice).',
    `  projection: measured bytes per row of each tier x rows kept under the default retention (raw 2 d, 1 min 14 d, 15 min 90 d,`,
    `  1 h 730 d): ${Object.entries(p.rows)
      .map(([k, r]) => `${k} ${r}`)
      .join(
        ', ',
      )} rows. Retention: ${c.pruneSteps} steps of <= 200 rows, p50 ${f(c.pruneStepP50Ms, 1)} ms, max ${f(c.pruneStepMaxMs, 1)} ms.`,
    '',
    `target >= ${STORE_TARGETS.valuesPerSec} values/s ingest: ${v('storeIngest')} (${g.valuesPerSec})`,
    `target <= ${STORE_TARGETS.bytesPerValue} bytes per raw value: ${v('storeBytesPerValue')} (${f(g.bytesPerValue, 2)})`,
    `target chart query < ${STORE_TARGETS.chartMs} ms: ${v('storeChart30d')} (${f(c.greenboard30d.medianMs, 1)} ms)`,
    `target board query < ${STORE_TARGETS.boardMs} ms: ${v('storeBoard500')} (${f(b.greenboard.medianMs, 1)} ms)`,
    `target 90-day projection < ${STORE_TARGETS.projectionGiB} GiB: ${v('storeProjection90d')} (${f(p.greenboardGiB, 2)} GiB)`,
  ];
}
