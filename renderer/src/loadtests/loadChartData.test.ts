import { describe, expect, it } from 'vitest';
import { runColumns, secondsTick } from './loadChartData';

describe('runColumns', () => {
  it('puts the run and the host on one axis of seconds into the run, in time order', () => {
    const c = runColumns(
      10_000,
      3000,
      [
        { ts: 11_000, rps: 100, p95Ms: 2, errors: 0 },
        { ts: 10_500, rps: 90, p95Ms: null, errors: 0 },
      ],
      [{ ts: 12_250, cpuPct: 40, memPct: null }],
    );
    expect(c.load).toEqual([
      [0.5, 1],
      [90, 100],
      [null, 2],
    ]);
    expect(c.host).toEqual([[2.25], [40], [null]]);
    expect(c.spanSec).toBe(3);
  });
  it('covers points past the planned end, and has empty host columns without a host', () => {
    const c = runColumns(0, 1000, [{ ts: 1400, rps: 1, p95Ms: 1, errors: 0 }], []);
    expect(c.spanSec).toBe(1.4);
    expect(c.host).toEqual([[], [], []]);
  });
  it('labels ticks in seconds', () => {
    expect(secondsTick(2, 1)).toBe('2 s');
    expect(secondsTick(0.5, 0.5)).toBe('0.5 s');
  });
});
