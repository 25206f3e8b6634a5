import { describe, expect, it } from 'vitest';
import { LoadBaselineReportSchema, type LoadTestResult } from '../../../shared/loadTests';
import { compareWithBaseline } from './loadBaseline';

function run(
  over: Partial<LoadTestResult> & { p50?: number; p95?: number; p99?: number } = {},
): LoadTestResult {
  const { p50 = 10, p95 = 100, p99 = 200, ...rest } = over;
  return {
    startedAt: 1_700_000_000_000,
    durationMs: 5000,
    requests: 5000,
    rps: 1000,
    latency: { p50, p90: p95 * 0.9, p95, p99, max: p99 * 2, mean: p50 },
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    bytes: 1_000_000,
    errorRatePct: 0,
    connections: 10,
    latencyFrom: 'send',
    thresholds: [],
    cancelled: false,
    ...rest,
  };
}

describe('compareWithBaseline', () => {
  it('calls a p95 23% slower a regression, in words', () => {
    const report = compareWithBaseline(run({ p95: 123 }), run());
    const p95 = report.comparisons.find((c) => c.metric === 'p95');
    expect(p95).toMatchObject({ baseline: 100, current: 123, changePct: 23, verdict: 'regression' });
    expect(p95?.summary).toBe('p95 +23% vs baseline: regression');
    expect(report.verdict).toBe('regression');
    expect(report.summary).toBe('p95 +23% vs baseline: regression');
    expect(LoadBaselineReportSchema.parse(report)).toEqual(report);
  });

  it('treats changes within the ±10% band as the same', () => {
    const report = compareWithBaseline(run({ p50: 10.9, p95: 109, p99: 181, rps: 920 }), run());
    expect(report.comparisons.map((c) => c.verdict)).toEqual(['same', 'same', 'same', 'same', 'same']);
    expect(report.verdict).toBe('same');
    expect(report.summary).toBe('same as baseline: every change within ±10%');
  });

  it('ignores sub-millisecond latency changes whatever their percentage', () => {
    const report = compareWithBaseline(run({ p50: 0.5, p95: 0.9 }), run({ p50: 0.3, p95: 0.6 }));
    expect(report.comparisons.find((c) => c.metric === 'p50')).toMatchObject({
      changePct: 66.7,
      verdict: 'same',
    });
    expect(report.comparisons.find((c) => c.metric === 'p95')?.verdict).toBe('same');
  });

  it('reads rps the other way round: fewer requests/s is the regression', () => {
    expect(compareWithBaseline(run({ rps: 700 }), run()).summary).toBe('rps -30% vs baseline: regression');
    const better = compareWithBaseline(run({ rps: 1500, p95: 80, p99: 150 }), run());
    expect(better.verdict).toBe('better');
    expect(better.summary).toBe(
      'p95 -20% vs baseline: better; p99 -25% vs baseline: better; rps +50% vs baseline: better',
    );
  });

  it('judges the error rate in points, and from a zero baseline', () => {
    const worse = compareWithBaseline(run({ errorRatePct: 2.5 }), run());
    const errors = worse.comparisons.find((c) => c.metric === 'errors');
    expect(errors).toMatchObject({ changePct: null, verdict: 'regression' });
    expect(errors?.summary).toBe('errors 0% → 2.5% (+2.5 pts) vs baseline: regression');
    const noise = compareWithBaseline(run({ errorRatePct: 0.05 }), run());
    expect(noise.comparisons.find((c) => c.metric === 'errors')?.verdict).toBe('same');
  });

  it('says a regression wins over improvements, and lists only the regressions', () => {
    const report = compareWithBaseline(run({ rps: 2000, p99: 400 }), run());
    expect(report.verdict).toBe('regression');
    expect(report.summary).toBe('p99 +100% vs baseline: regression');
  });

  it('warns when one run was paced and the other was not', () => {
    const report = compareWithBaseline(run({ latencyFrom: 'schedule' }), run());
    expect(report.summary).toMatch(/latency measured differently/);
  });

  it('handles a baseline with no latency at all', () => {
    const report = compareWithBaseline(run({ p50: 12 }), run({ p50: 0 }));
    expect(report.comparisons[0]).toMatchObject({ changePct: null, verdict: 'regression' });
    expect(report.comparisons[0]?.summary).toBe('p50 0 → 12 ms vs baseline: regression');
  });
});
