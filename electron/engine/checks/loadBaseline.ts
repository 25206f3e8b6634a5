import {
  LOAD_NOISE_BAND_PCT,
  LOAD_NOISE_FLOOR_ERROR_PTS,
  LOAD_NOISE_FLOOR_MS,
  type ComparisonVerdict,
  type LoadBaselineReport,
  type LoadComparison,
  type LoadTestResult,
} from '../../../shared/loadTests';

type Metric = LoadComparison['metric'];

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

function signedPct(pct: number): string {
  const r = Math.round(pct);
  return `${r > 0 ? '+' : r < 0 ? '-' : '±'}${Math.abs(r)}%`;
}

/** Higher is worse for latency and errors, better for rps. */
function verdictOf(
  metric: Metric,
  baseline: number,
  current: number,
  changePct: number | null,
): ComparisonVerdict {
  const worseIfUp = metric !== 'rps';
  const diff = current - baseline;
  if (metric === 'errors' && Math.abs(diff) < LOAD_NOISE_FLOOR_ERROR_PTS) return 'same';
  if (metric !== 'errors' && metric !== 'rps' && Math.abs(diff) < LOAD_NOISE_FLOOR_MS) return 'same';
  if (changePct !== null && Math.abs(changePct) <= LOAD_NOISE_BAND_PCT) return 'same';
  if (diff === 0) return 'same';
  return diff > 0 === worseIfUp ? 'regression' : 'better';
}

function words(metric: Metric, baseline: number, current: number, changePct: number | null): string {
  if (metric === 'errors') {
    const pts = current - baseline;
    return `errors ${round(baseline)}% → ${round(current)}% (${pts >= 0 ? '+' : '-'}${round(Math.abs(pts))} pts)`;
  }
  if (changePct === null)
    return `${metric} ${baseline} → ${round(current)}${metric === 'rps' ? ' req/s' : ' ms'}`;
  return `${metric} ${signedPct(changePct)}`;
}

function compareMetric(metric: Metric, baseline: number, current: number): LoadComparison {
  const changePct = baseline === 0 ? null : round(((current - baseline) / baseline) * 100, 1);
  const verdict = verdictOf(metric, baseline, current, changePct);
  return {
    metric,
    baseline,
    current,
    changePct,
    verdict,
    summary: `${words(metric, baseline, current, changePct)} vs baseline: ${verdict}`,
  };
}

/**
 * Compares a run with the baseline run: p50, p95, p99 and rps by their relative change, the
 * error rate by percentage points. A change within ±{@link LOAD_NOISE_BAND_PCT}% (or under
 * {@link LOAD_NOISE_FLOOR_MS} ms of latency, or {@link LOAD_NOISE_FLOOR_ERROR_PTS} points of
 * errors) is "same". The run's verdict is its worst metric's: any regression makes it a regression.
 */
export function compareWithBaseline(result: LoadTestResult, baseline: LoadTestResult): LoadBaselineReport {
  const comparisons = [
    compareMetric('p50', baseline.latency.p50, result.latency.p50),
    compareMetric('p95', baseline.latency.p95, result.latency.p95),
    compareMetric('p99', baseline.latency.p99, result.latency.p99),
    compareMetric('rps', baseline.rps, result.rps),
    compareMetric('errors', baseline.errorRatePct, result.errorRatePct),
  ];
  const regressions = comparisons.filter((c) => c.verdict === 'regression');
  const better = comparisons.filter((c) => c.verdict === 'better');
  const verdict: ComparisonVerdict = regressions.length ? 'regression' : better.length ? 'better' : 'same';
  const shown = regressions.length ? regressions : better;
  let summary = shown.length
    ? shown.map((c) => c.summary).join('; ')
    : `same as baseline: every change within ±${LOAD_NOISE_BAND_PCT}%`;
  // Schedule-based latency includes queueing that send-based latency hides: not comparable.
  if (result.latencyFrom !== baseline.latencyFrom) {
    summary += ' (latency measured differently: give both runs the same fixed rate, or none)';
  }
  return { baselineStartedAt: baseline.startedAt, verdict, summary, comparisons };
}
