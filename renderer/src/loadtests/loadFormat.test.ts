import { describe, expect, it } from 'vitest';
import { LoadTestSpecSchema, type LoadBaselineReport, type LoadTestResult } from '../../../shared/loadTests';
import {
  changeText,
  elapsedText,
  formatCount,
  formatMs,
  formatRps,
  overallBadge,
  overallPass,
  progressPct,
  rpsNumber,
  specSummary,
  thresholdActual,
  trafficSentence,
} from './loadFormat';

const spec = (input: Record<string, unknown>) =>
  LoadTestSpecSchema.parse({ targetUrl: 'http://127.0.0.1:8080/', ...input });

describe('trafficSentence', () => {
  it('says connections, duration, method, URL and the rate ceiling with a fixed rate', () => {
    expect(trafficSentence(spec({ connections: 10, durationSec: 10, rate: 100 }))).toBe(
      'About 10 connections for 10 s against GET http://127.0.0.1:8080/, up to 100 requests/s (about 1,000 requests in all).',
    );
  });
  it('says there is no ceiling without a rate', () => {
    const s = trafficSentence(spec({ connections: 1, durationSec: 3, method: 'POST' }));
    expect(s).toMatch(
      /^About 1 connection for 3 s against POST http:\/\/127\.0\.0\.1:8080\/, with no rate limit/,
    );
  });
});

describe('numbers', () => {
  it('formats latencies by size', () => {
    expect(formatMs(0.42)).toBe('0.42 ms');
    expect(formatMs(12.34)).toBe('12.3 ms');
    expect(formatMs(480.2)).toBe('480 ms');
    expect(formatMs(1250)).toBe('1.25 s');
    expect(formatMs(null)).toBe('—');
  });
  it('formats counts and rates', () => {
    expect(formatCount(12345.4)).toBe('12,345');
    expect(formatRps(1234.5)).toBe('1,235 req/s');
    expect(formatRps(12.345)).toBe('12.3 req/s');
    expect(formatRps(undefined)).toBe('—');
  });
  it('shows progress as elapsed / total and a clamped whole percentage', () => {
    expect(elapsedText(4200, 10_000)).toBe('4.2 / 10 s');
    expect(elapsedText(12_000, 10_000)).toBe('10.0 / 10 s');
    expect(progressPct(0.426)).toBe(43);
    expect(progressPct(1.2)).toBe(100);
    expect(progressPct(Number.NaN)).toBe(0);
  });
  it('summarises a spec on one line', () => {
    expect(specSummary(spec({ connections: 3, durationSec: 3, thresholds: ['p95<500ms'] }))).toBe(
      '3 conns · 3 s · no rate limit · 1 threshold',
    );
  });
});

describe('verdicts and thresholds', () => {
  const result = (oks: boolean[]): LoadTestResult =>
    ({ thresholds: oks.map((ok, i) => ({ expr: `p9${i}<1ms`, ok, actual: 1 })) }) as LoadTestResult;
  it('passes only when every threshold holds, and has no verdict without thresholds', () => {
    expect(overallPass(result([true, true]))).toBe(true);
    expect(overallPass(result([true, false]))).toBe(false);
    expect(overallPass(result([]))).toBeNull();
  });
  it('never shows a green PASS beside a regression against the baseline', () => {
    const regressed = { verdict: 'regression' } as LoadBaselineReport;
    const same = { verdict: 'same' } as LoadBaselineReport;
    expect(overallBadge(result([true]), regressed)).toMatchObject({
      kind: 'pass-regressed',
      tone: 'state-amber',
    });
    expect(overallBadge(result([true]), same)).toMatchObject({
      kind: 'pass',
      tone: 'state-green',
      text: 'PASS',
    });
    expect(overallBadge(result([true]), null).kind).toBe('pass');
    expect(overallBadge(result([false]), regressed).kind).toBe('fail');
    expect(overallBadge(result([]), regressed)).toMatchObject({ kind: 'regression', tone: 'state-red' });
    expect(overallBadge(result([]), null).kind).toBe('none');
  });
  it('shows a threshold’s measured value in its unit', () => {
    expect(thresholdActual('errors<1%', 0.456)).toBe('0.46%');
    expect(thresholdActual('rps>100', 250)).toBe('250 req/s');
    expect(thresholdActual('p95<500ms', 12.3)).toBe('12.3 ms');
    expect(thresholdActual('p95<500ms', null)).toBe('no data');
  });
  it('writes changes in % and error rates in points', () => {
    expect(changeText({ metric: 'p95', baseline: 10, current: 12.3, changePct: 23 })).toBe('+23%');
    expect(changeText({ metric: 'rps', baseline: 10, current: 9.6, changePct: -4 })).toBe('−4%');
    expect(changeText({ metric: 'p50', baseline: 0, current: 1, changePct: null })).toBe('—');
    expect(changeText({ metric: 'errors', baseline: 0, current: 0.5, changePct: null })).toBe('+0.5 pts');
  });
});

describe('rpsNumber', () => {
  it('is the rate without its unit, for under a "Requests/s" label', () => {
    expect(rpsNumber(2922.4)).toBe('2,922');
    expect(rpsNumber(12.34)).toBe('12.3');
    expect(rpsNumber(null)).toBe('—');
  });
});
