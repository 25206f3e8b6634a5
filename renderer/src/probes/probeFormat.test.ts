import { describe, expect, it } from 'vitest';
import {
  certDaysWords,
  certState,
  compareProbes,
  countByState,
  formatExpectStatus,
  formatMs,
  probeHeadline,
  resultProblem,
  sparkValues,
  timingSegments,
  fitRange,
} from './probeFormat';
import { testRun, testStatus } from './probeTestData';

describe('formatMs', () => {
  it('reads as ms under a second and as seconds above', () => {
    expect(formatMs(0.42)).toBe('0.4 ms');
    expect(formatMs(87.4)).toBe('87 ms');
    expect(formatMs(1420)).toBe('1.42 s');
    expect(formatMs(12_340)).toBe('12.3 s');
    expect(formatMs(null)).toBe('—');
  });
});

describe('timingSegments', () => {
  it('stacks the phases reached, leaving out the ones never reached', () => {
    const segs = timingSegments({
      dnsMs: 0,
      connectMs: 5,
      tlsMs: null,
      ttfbMs: 10,
      downloadMs: 5,
      totalMs: 20,
    });
    expect(segs.map((s) => s.label)).toEqual(['DNS', 'Connect', 'TTFB', 'Download']);
    expect(segs.map((s) => s.pct)).toEqual([0, 25, 50, 25]);
  });

  it('has no segments for a request that failed before any phase', () => {
    expect(
      timingSegments({
        dnsMs: null,
        connectMs: null,
        tlsMs: null,
        ttfbMs: null,
        downloadMs: null,
        totalMs: 3,
      }),
    ).toEqual([]);
  });
});

describe('certificates', () => {
  const cert = { subject: 'x', issuer: 'y', validFrom: 0, validTo: 0, daysLeft: 10, trusted: true };

  it('says days left, hours on the last day, and how long ago it expired', () => {
    expect(certDaysWords(12.7)).toBe('12 days left');
    expect(certDaysWords(1.2)).toBe('1 day left');
    expect(certDaysWords(0.5)).toBe('12 hours left');
    expect(certDaysWords(-3.2)).toBe('expired 3 days ago');
  });

  it('is amber within the warning days and red within the critical days or untrusted', () => {
    expect(certState(cert, 14, 3)).toBe('amber');
    expect(certState({ ...cert, daysLeft: 30 }, 14, 3)).toBe('green');
    expect(certState({ ...cert, daysLeft: 2 }, 14, 3)).toBe('red');
    expect(certState({ ...cert, daysLeft: 30, trusted: false }, 14, 3)).toBe('red');
  });
});

describe('probe lines', () => {
  it('keeps a percentile reason lower-case and capitalizes others', () => {
    expect(probeHeadline('red', ['p95 1.4 s ≥ 1 s over 15 min'])).toBe('p95 1.4 s ≥ 1 s over 15 min');
    expect(probeHeadline('amber', ['certificate expires in 2 days (Nov 30)'])).toBe(
      'Certificate expires in 2 days (Nov 30)',
    );
    expect(probeHeadline('green', [])).toBe('All checks passing');
    expect(probeHeadline('waiting', [])).toBe('Waiting for the first run…');
  });

  it('formats the accepted statuses as a range or a list', () => {
    expect(formatExpectStatus({ min: 200, max: 399 })).toBe('200–399');
    expect(formatExpectStatus([200, 204])).toBe('200, 204');
  });

  it('names what went wrong with a run: the error, else the failures', () => {
    expect(resultProblem(testRun())).toBeNull();
    expect(resultProblem(testRun({ ok: false, error: 'connection refused', status: null }))).toBe(
      'connection refused',
    );
    expect(resultProblem(testRun({ ok: false, failures: ['status 500, expected 200–399', 'keyword'] }))).toBe(
      'status 500, expected 200–399; keyword',
    );
  });

  it('scales the sparkline to the slowest recent run, keeping gaps', () => {
    expect(sparkValues([50, null, 100])).toEqual([50, null, 100]);
    expect(sparkValues([])).toEqual([]);
  });
});

describe('ordering and counts', () => {
  it('orders worst first, then by name', () => {
    const list = [testStatus('b'), testStatus('a'), testStatus('z', 'red'), testStatus('c', 'amber')];
    expect(list.sort(compareProbes).map((p) => p.def.id)).toEqual(['z', 'c', 'a', 'b']);
  });

  it('counts probes per state', () => {
    const counts = countByState([testStatus('a'), testStatus('b', 'red'), testStatus('c', 'red')]);
    expect(counts).toEqual({ green: 1, amber: 0, red: 2, grey: 0, waiting: 0 });
  });
});

describe('fitRange', () => {
  const now = 10 * 86_400_000;
  it('opens a probe chart on the narrowest range holding every run', () => {
    expect(fitRange([{ ts: now - 4 * 60_000 }, { ts: now }], now)).toBe(15 * 60_000);
    expect(fitRange([{ ts: now - 20 * 60_000 }], now)).toBe(3_600_000);
    expect(fitRange([{ ts: now - 3 * 3_600_000 }], now)).toBe(86_400_000);
    expect(fitRange([{ ts: now - 30 * 86_400_000 }], now)).toBe(7 * 86_400_000);
    expect(fitRange([], now)).toBe(15 * 60_000);
  });
});
