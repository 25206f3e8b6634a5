import { describe, expect, it } from 'vitest';
import { probeChartColumns } from './probeChartData';
import { testRun } from './probeTestData';

describe('probeChartColumns', () => {
  it('stacks each local run’s phases and keeps their own values for the legend', () => {
    const c = probeChartColumns([testRun({ ts: 2000 }), testRun({ ts: 1000 })], false);
    expect(c.ts).toEqual([1, 2]);
    expect(c.phases.map((p) => p[0])).toEqual([1, 2, null, 10, 3]);
    expect(c.stacked.map((p) => p[0])).toEqual([1, 3, 3, 13, 16]);
    expect(c.remote).toBeNull();
    expect(c.points).toBe(2);
  });

  it('leaves a gap for a run that reached no phase, not a zero', () => {
    const failed = testRun({
      ok: false,
      status: null,
      timings: { dnsMs: null, connectMs: null, tlsMs: null, ttfbMs: null, downloadMs: null, totalMs: 5 },
    });
    const c = probeChartColumns([failed], false);
    expect(c.stacked.every((p) => p[0] === null)).toBe(true);
  });

  it('puts the fleet host’s runs on their own line, or leaves them out without one', () => {
    const remote = testRun({ ts: 3000, fromHostId: 'web-1' });
    const c = probeChartColumns([testRun({ ts: 1000 }), remote], true);
    expect(c.ts).toEqual([1, 3]);
    expect(c.remote).toEqual([null, 16]);
    expect(c.stacked[0]).toEqual([1, null]);
    expect(probeChartColumns([remote], false).points).toBe(0);
  });
});
