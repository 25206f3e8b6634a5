import { describe, expect, it } from 'vitest';
import { testSample } from '../testSample';
import { batches, countPoints, liveColumns, rangeColumns, refKey, type RangePoint } from './chartData';

const cpu = { metric: 'cpu.busy_pct', labels: '' };
const rx0 = { metric: 'net.rx_bps', labels: 'iface=eth0' };
const rx1 = { metric: 'net.rx_bps', labels: 'iface=wlan0' };
const load = { metric: 'load.5', labels: '' };
const cores = { metric: 'cpu.cores', labels: '' };
const swapUsed = { metric: 'swap.used_bytes', labels: '' };
const swapTotal = { metric: 'swap.total_bytes', labels: '' };

const answer = (entries: [typeof cpu, RangePoint[]][]) => new Map(entries.map(([r, p]) => [refKey(r), p]));

describe('rangeColumns', () => {
  it('aligns lines on the union of their buckets, in seconds, with gaps as null', () => {
    const c = rangeColumns(
      [
        { refs: [cpu], combine: 'one' },
        { refs: [load, cores], combine: 'ratio' },
      ],
      answer([
        [
          cpu,
          [
            [1000, 10, 5, 20],
            [3000, 30, 25, 35],
          ],
        ],
        [load, [[2000, 2, 1, 4]]],
        [
          cores,
          [
            [1000, 4, 4, 4],
            [2000, 4, 4, 4],
            [3000, 4, 4, 4],
          ],
        ],
      ]),
    );
    expect(c.ts).toEqual([1, 2, 3]);
    expect(c.mean).toEqual([
      [10, null, 30],
      [null, 0.5, null],
    ]);
    expect(c.min[1]).toEqual([null, 0.25, null]);
    expect(c.max[1]).toEqual([null, 1, null]);
  });

  it('sums interfaces bucket by bucket, bounds included, using whichever reported', () => {
    const c = rangeColumns(
      [{ refs: [rx0, rx1], combine: 'sum' }],
      answer([
        [
          rx0,
          [
            [0, 100, 50, 150],
            [1000, 100, 100, 100],
          ],
        ],
        [rx1, [[0, 10, 0, 20]]],
      ]),
    );
    expect(c.mean[0]).toEqual([110, 100]);
    expect(c.min[0]).toEqual([50, 100]);
    expect(c.max[0]).toEqual([170, 100]);
  });

  it('gives a percentage of a total, and nothing where the total is zero', () => {
    const c = rangeColumns(
      [{ refs: [swapUsed, swapTotal], combine: 'ratioPct' }],
      answer([
        [
          swapUsed,
          [
            [0, 25, 20, 30],
            [1000, 0, 0, 0],
          ],
        ],
        [
          swapTotal,
          [
            [0, 100, 100, 100],
            [1000, 0, 0, 0],
          ],
        ],
      ]),
    );
    expect(c.mean[0]).toEqual([25, null]);
    expect(c.max[0]).toEqual([30, null]);
    expect(countPoints(c)).toBe(1);
  });

  it('is empty for series the host never had', () => {
    const c = rangeColumns([{ refs: [cpu], combine: 'one' }], new Map());
    expect(c).toEqual({ ts: [], mean: [[]], min: [[]], max: [[]] });
    expect(countPoints(c)).toBe(0);
  });
});

describe('liveColumns', () => {
  it('reads each line from the samples, times in seconds', () => {
    const samples = [testSample(2000), testSample(4000, { load: null })];
    const c = liveColumns(
      [{ live: (s) => s.cpu.busyPct }, { live: (s) => (s.load ? s.load[1] : null) }],
      samples,
    );
    expect(c.ts).toEqual([2, 4]);
    expect(c.mean).toEqual([
      [20, 20],
      [0.5, null],
    ]);
    expect(countPoints(c)).toBe(2);
  });
});

describe('batches', () => {
  it('splits into calls of at most the given size', () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batches([], 16)).toEqual([]);
  });
});
