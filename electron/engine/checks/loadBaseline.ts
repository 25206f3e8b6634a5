import { judgeChange } from '../../../shared/loadVerdict';
import {
  LOAD_NOISE_BAND_PCT,
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
  const { changePct, verdict } = judgeChange(metric, baseline, current);
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
 * Compares a run with the baseline run, each metric by the one rule in shared/loadVerdict.ts.
 * The run's verdict is its worst metric's: any regression makes it a regression.
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
