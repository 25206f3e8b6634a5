import { describe, expect, it } from 'vitest';
import { makeSample } from '../../../../shared/sampleFixture';
import type { TrendPoint } from '../../../../shared/trends';
import type { ChartColumns } from './chartData';
import { liveColumns } from './chartData';
import { mergeTrend, withStoredTail } from './storedTail';

const GiB = 2 ** 30;
const live = (ts: number, cpu: number) =>
  makeSample('h', ts, {
    cpu: { cores: 4, busyPct: cpu, iowaitPct: 0, stealPct: 0 },
    mem: { totalBytes: 100 * GiB, usedBytes: 50 * GiB, availableBytes: 50 * GiB },
  });
const stored = (ts: number, cpu: number | null): TrendPoint => [ts, cpu, 40];

describe('mergeTrend', () => {
  it('continues the stored tail with the samples received, one value per poll in time order', () => {
    const tail = [stored(1000, 1), stored(2000, 2), stored(3000, 3)];
    const got = mergeTrend(tail, [live(3000, 30), live(4000, 4), live(5000, 5)], 60);
    // 3000 is in both (the board's latest sample is the tail's newest): once, as received.
    expect(got.cpu).toEqual([1, 2, 30, 4, 5]);
    expect(got.mem).toEqual([40, 40, 50, 50, 50]);
  });

  it('keeps only the last `slots` polls', () => {
    const tail = Array.from({ length: 100 }, (_, i) => stored(i * 1000, i));
    const got = mergeTrend(tail, [live(100_000, 100)], 60);
    expect(got.cpu).toHaveLength(60);
    expect(got.cpu.at(0)).toBe(41);
    expect(got.cpu.at(-1)).toBe(100);
  });

  it('fills a gap in the live samples (missed while disconnected) from the stored tail', () => {
    const tail = [stored(1000, 1), stored(2000, 2), stored(3000, 3), stored(4000, 4)];
    const got = mergeTrend(tail, [live(1000, 1), live(4000, 4), live(5000, 5)], 60);
    expect(got.cpu).toEqual([1, 2, 3, 4, 5]);
  });

  it('works with either side empty, and keeps gaps (a first poll has no CPU rate)', () => {
    expect(mergeTrend([], [], 60)).toEqual({ cpu: [], mem: [] });
    expect(mergeTrend([stored(1000, null), stored(2000, 2)], [], 60).cpu).toEqual([null, 2]);
    expect(mergeTrend([], [live(1000, 1)], 60).cpu).toEqual([1]);
  });
});

describe('withStoredTail', () => {
  const lines = [{ live: (s: ReturnType<typeof live>) => s.cpu.busyPct }];
  /** Stored buckets of 1 s starting at the given seconds, each the mean of one poll. */
  const buckets = (secs: number[]): ChartColumns => {
    const v = secs.map((s) => s * 10);
    return { ts: secs, mean: [v], min: [v], max: [v] };
  };

  it('draws the stored buckets before the first live sample, then the samples, with no duplicate', () => {
    // Polls every 5 s; the live samples begin with the poll at 20 s, which the store also has
    // in the bucket starting at 19.5 s: that bucket is dropped, not drawn beside its twin.
    const storedCols = buckets([4.5, 9.5, 14.5, 19.5]);
    const liveCols = liveColumns(lines, [live(20_000, 200), live(25_000, 250)]);
    const got = withStoredTail(storedCols, 1000, liveCols, 600_000);
    expect(got.ts).toEqual([4.5, 9.5, 14.5, 20, 25]);
    expect(got.mean[0]).toEqual([45, 95, 145, 200, 250]);
    expect([...got.ts].sort((a, b) => a - b)).toEqual(got.ts);
  });

  it('keeps only the window before the newest point', () => {
    const storedCols = buckets([0, 5, 10, 15]);
    const liveCols = liveColumns(lines, [live(20_000, 1)]);
    expect(withStoredTail(storedCols, 1000, liveCols, 12_000).ts).toEqual([10, 15, 20]);
  });

  it('shows the stored tail alone before any sample arrives, and the samples alone with nothing stored', () => {
    const none = liveColumns(lines, []);
    expect(withStoredTail(buckets([1, 2]), 1000, none, 600_000).ts).toEqual([1, 2]);
    const liveCols = liveColumns(lines, [live(3000, 3)]);
    expect(withStoredTail(null, 0, liveCols, 600_000)).toEqual(liveCols);
  });
});
