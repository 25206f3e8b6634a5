import type { MetricName } from '../../../shared/metrics';
import { bucketOf, type TierName } from '../store/rollups';
import type { Store } from '../store/store';

export type Ref = { metric: MetricName; labels: string };

/** One forecast's series: the value fitted, its limit, and how a bucket gives its value. */
export interface Plan {
  value: Ref;
  /** The limit's series; null for a fixed limit (100 % of inodes). */
  limit: Ref | null;
  /** Disk and inodes: the bucket's max (a full disk is full at its peak). Memory: its mean. */
  use: 'max' | 'mean';
}

/**
 * A host's series on a grid of equal buckets, NaN where a bucket holds nothing: typed arrays,
 * so a fleet's week of buckets stays small (about 30 KB a host) and can be kept between fits.
 */
export interface BucketGrid {
  /** What the grid holds (its plans); a grid for other plans is not reused. */
  key: string;
  bucketMs: number;
  /** The first bucket's start. */
  start: number;
  count: number;
  /** Per plan: the values, and the limit's min and max per bucket (null for a fixed limit). */
  series: { y: Float64Array; lo: Float64Array | null; hi: Float64Array | null }[];
  /** The newest bucket read, which may still have been open then: read again next time. */
  newest: number;
  /** The tier the last read came from (the store picks it by width and what it keeps). */
  tier: TierName;
}

export function planKey(plans: readonly Plan[]): string {
  return plans.map((p) => `${p.value.metric}{${p.value.labels}}${p.use}`).join('\n');
}

/**
 * The plans' buckets of `bucketMs` over [from, to]. With a grid of the same plans from an
 * earlier call, it is moved on and only its newest bucket onwards is read; otherwise all is.
 */
export function readGrid(
  store: Store,
  hostId: string,
  plans: readonly Plan[],
  from: number,
  to: number,
  bucketMs: number,
  earlier: BucketGrid | null = null,
): BucketGrid {
  const start = bucketOf(from, bucketMs);
  const count = Math.max(1, Math.ceil((to - start + 1) / bucketMs));
  const key = planKey(plans);
  let grid: BucketGrid;
  let readFrom = start;
  const shift = earlier ? (start - earlier.start) / bucketMs : 0;
  if (
    earlier &&
    earlier.key === key &&
    earlier.bucketMs === bucketMs &&
    shift >= 0 &&
    shift < earlier.count
  ) {
    grid = { ...earlier, start, count, series: earlier.series.map((s) => moved(s, shift, count)) };
    readFrom = Math.max(start, earlier.newest);
  } else {
    const empty = (): Float64Array => new Float64Array(count).fill(NaN);
    grid = {
      key,
      bucketMs,
      start,
      count,
      series: plans.map((p) => ({ y: empty(), lo: p.limit ? empty() : null, hi: p.limit ? empty() : null })),
      newest: start,
      tier: 'raw',
    };
  }
  const refs: Ref[] = [];
  for (const p of plans) {
    refs.push(p.value);
    if (p.limit) refs.push(p.limit);
  }
  const n = Math.max(1, Math.ceil((to - readFrom + 1) / bucketMs));
  const result = store.range(hostId, refs, readFrom, readFrom + n * bucketMs - 1, n);
  grid.tier = result.tier;
  let k = 0;
  plans.forEach((p, i) => {
    const s = grid.series[i]!;
    const first = (readFrom - start) / bucketMs;
    s.y.fill(NaN, first);
    s.lo?.fill(NaN, first);
    s.hi?.fill(NaN, first);
    for (const [t, mean, , max] of result.series[k++]!) {
      const at = (t - start) / bucketMs;
      s.y[at] = p.use === 'max' ? max : mean;
      if (t > grid.newest) grid.newest = t;
    }
    if (p.limit)
      for (const [t, , min, max] of result.series[k++]!) {
        const at = (t - start) / bucketMs;
        s.lo![at] = min;
        s.hi![at] = max;
      }
  });
  return grid;
}

/** A series' arrays moved `shift` buckets on (the oldest dropped), at `count` buckets. */
function moved(s: BucketGrid['series'][number], shift: number, count: number): BucketGrid['series'][number] {
  const move = (a: Float64Array | null): Float64Array | null => {
    if (!a) return null;
    if (a.length === count) {
      // The usual refresh: same width, moved on by a bucket or none, in place.
      if (shift > 0) a.copyWithin(0, shift).fill(NaN, count - shift);
      return a;
    }
    const out = new Float64Array(count).fill(NaN);
    out.set(a.subarray(shift, Math.min(a.length, shift + count)));
    return out;
  };
  return { y: move(s.y)!, lo: move(s.lo), hi: move(s.hi) };
}

/**
 * The part of `whole` (one read of a longer range at the same width) that `readGrid` over
 * [from, to] would give: the same buckets, as views, not copies. Null when [from, to] is not
 * inside it. A read of a past range holds each bucket whole, as a read at `to` does (its rows
 * go to the bucket's end), so the two agree.
 */
export function sliceGrid(whole: BucketGrid, from: number, to: number): BucketGrid | null {
  const { bucketMs } = whole;
  const start = bucketOf(from, bucketMs);
  const count = Math.max(1, Math.ceil((to - start + 1) / bucketMs));
  const off = (start - whole.start) / bucketMs;
  if (off < 0 || off + count > whole.count) return null;
  const cut = (a: Float64Array | null): Float64Array | null => a && a.subarray(off, off + count);
  return {
    ...whole,
    start,
    count,
    series: whole.series.map((s) => ({ y: cut(s.y)!, lo: cut(s.lo), hi: cut(s.hi) })),
  };
}
