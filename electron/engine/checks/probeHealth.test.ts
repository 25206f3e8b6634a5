import { describe, expect, it } from 'vitest';
import { ProbeDefSchema, type ProbeCert, type ProbeResult } from '../../../shared/probes';
import { evaluateProbeHealth, formatWindow, percentile } from './probeHealth';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;
const def = ProbeDefSchema.parse({ id: 'api', name: 'API', url: 'https://api.test/health' });

/** A successful run `agoMs` before NOW that took `totalMs`. */
function run(agoMs: number, totalMs: number, extra: Partial<ProbeResult> = {}): ProbeResult {
  return {
    probeId: 'api',
    ts: NOW - agoMs,
    fromHostId: null,
    ok: true,
    status: 200,
    error: null,
    errorKind: null,
    failures: [],
    timings: { dnsMs: 1, connectMs: 1, tlsMs: 2, ttfbMs: totalMs - 5, downloadMs: 1, totalMs },
    remoteAddress: '127.0.0.1',
    bytes: 100,
    decodedBytes: 100,
    truncated: false,
    contentType: 'application/json',
    contentEncoding: null,
    cacheControl: null,
    expires: null,
    hasEtag: false,
    hasLastModified: false,
    cert: null,
    ...extra,
  };
}

const cert = (daysLeft: number): ProbeCert => ({
  subject: 'api.test',
  issuer: 'Test CA',
  validFrom: NOW - 80 * DAY,
  validTo: NOW + daysLeft * DAY,
  daysLeft,
  trusted: true,
});

const repeat = (n: number, ms: number): number[] => Array.from({ length: n }, () => ms);

/** One run a minute for the last 15 minutes, with the given durations (oldest first). */
const series = (durations: number[]) => durations.map((ms, i) => run((durations.length - i) * MIN - 1, ms));

describe('percentile', () => {
  it('uses nearest rank: a measured value, the 19th of 20 for p95', () => {
    const values = Array.from({ length: 20 }, (_, i) => (i + 1) * 10);
    expect(percentile(values, 95)).toBe(190);
    expect(percentile(values, 50)).toBe(100);
    expect(percentile(values, 100)).toBe(200);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBeNull();
  });
});

describe('evaluateProbeHealth', () => {
  it('is waiting with no results and green when fast and well', () => {
    expect(evaluateProbeHealth(def, [], NOW)).toMatchObject({ state: 'waiting', reasons: ['no result yet'] });
    const h = evaluateProbeHealth(def, series(repeat(15, 120)), NOW);
    expect(h).toEqual({ state: 'green', reasons: [], latencyMs: 120, samples: 15, certDaysLeft: null });
  });

  it('turns red when the p95 over the window reaches the limit, in words', () => {
    // 14 fast and 1 slow: p95 of 15 is the 15th value, the slow one.
    const h = evaluateProbeHealth(def, series([...repeat(14, 200), 1300]), NOW);
    expect(h.state).toBe('red');
    expect(h.reasons).toEqual(['p95 1.3 s ≥ 1 s over 15 min']);
    expect(h.latencyMs).toBe(1300);
  });

  it('turns amber at 80% of the limit', () => {
    const h = evaluateProbeHealth(def, series(repeat(10, 850)), NOW);
    expect(h).toMatchObject({ state: 'amber', reasons: ['p95 850 ms, close to the 1 s limit over 15 min'] });
    expect(evaluateProbeHealth(def, series(repeat(10, 790)), NOW).state).toBe('green');
  });

  it('forgets slow requests once they leave the window', () => {
    const old = run(16 * MIN, 5000);
    const h = evaluateProbeHealth(def, [old, ...series(repeat(5, 100))], NOW);
    expect(h).toMatchObject({ state: 'green', latencyMs: 100, samples: 5 });
  });

  it('uses the probe’s own SLO', () => {
    const strict = { ...def, slo: { percentile: 99, underMs: 250, windowMs: 5 * MIN } };
    expect(evaluateProbeHealth(strict, series([100, 100, 300]), NOW).reasons).toEqual([
      'p99 300 ms ≥ 250 ms over 5 min',
    ]);
  });

  it('is red with the failure in words when the latest run failed, and recovers with the next', () => {
    const failed = run(0, 10_000, {
      ok: false,
      status: null,
      error: 'timed out after 10 s waiting for the response headers (connected, request sent)',
      errorKind: 'timeout',
      timings: { dnsMs: 0, connectMs: 1, tlsMs: null, ttfbMs: null, downloadMs: null, totalMs: 10_000 },
    });
    const h = evaluateProbeHealth(def, [...series([100, 100]), failed], NOW);
    expect(h.state).toBe('red');
    expect(h.reasons).toEqual([
      'timed out after 10 s waiting for the response headers (connected, request sent)',
    ]);
    // A timeout is a failure, not a latency sample.
    expect(h).toMatchObject({ latencyMs: 100, samples: 2 });
    const later = run(-MIN, 90);
    expect(evaluateProbeHealth(def, [failed, later], NOW + MIN).state).toBe('green');
  });

  it('lists every unmet expectation of the latest run', () => {
    const r = run(0, 50, {
      ok: false,
      failures: ['keyword "ok" not found in the body', '$.db is "down", expected "up"'],
    });
    expect(evaluateProbeHealth(def, [r], NOW).reasons).toEqual([
      'keyword "ok" not found in the body; $.db is "down", expected "up"',
    ]);
  });

  it('turns amber within 14 days of certificate expiry and red within 3', () => {
    const at = (days: number) => evaluateProbeHealth(def, [run(0, 100, { cert: cert(days) })], NOW);
    expect(at(60)).toMatchObject({ state: 'green', certDaysLeft: 60 });
    expect(at(10)).toMatchObject({ state: 'amber', reasons: ['certificate expires in 10 days (Dec 8)'] });
    expect(at(2)).toMatchObject({ state: 'red', reasons: ['certificate expires in 2 days (Nov 30)'] });
    expect(at(1.99).reasons).toEqual(['certificate expires in 2 days (Nov 30)']);
    expect(at(0.5).reasons).toEqual(['certificate expires in 12 hours (Nov 29)']);
    expect(at(-3).reasons).toEqual(['certificate expired 3 days ago (Nov 25)']);
  });

  it("says when the verdict is the certificate's, so an incident from it is a certificate incident", () => {
    const at = (days: number) => evaluateProbeHealth(def, [run(0, 100, { cert: cert(days) })], NOW);
    expect(at(60).certProblem).toBeUndefined();
    expect(at(10).certProblem).toBe(true);
    expect(at(2).certProblem).toBe(true);
    const tls = run(0, 100, {
      ok: false,
      status: null,
      errorKind: 'tls',
      error: 'unable to verify the first certificate',
    });
    expect(evaluateProbeHealth(def, [tls], NOW).certProblem).toBe(true);
    const refused = run(0, 100, {
      ok: false,
      status: null,
      errorKind: 'refused',
      error: 'connection refused',
    });
    expect(evaluateProbeHealth(def, [refused], NOW).certProblem).toBeUndefined();
  });

  it('orders reasons worst first', () => {
    const slowButCertSoon = series([...repeat(9, 100), 900]).map((r) => ({ ...r, cert: cert(2) }));
    const h = evaluateProbeHealth(def, slowButCertSoon, NOW);
    expect(h.state).toBe('red');
    expect(h.reasons).toEqual([
      'certificate expires in 2 days (Nov 30)',
      'p95 900 ms, close to the 1 s limit over 15 min',
    ]);
  });

  it('goes grey when results stop arriving', () => {
    const h = evaluateProbeHealth(def, [run(5 * MIN, 100)], NOW);
    expect(h).toMatchObject({ state: 'grey', reasons: ['no result for 5 min (one every 30 s expected)'] });
  });

  it('formats windows', () => {
    expect(formatWindow(15 * MIN)).toBe('15 min');
    expect(formatWindow(45_000)).toBe('45 s');
    expect(formatWindow(6 * 3_600_000)).toBe('6 h');
  });
});
