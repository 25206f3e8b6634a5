import type { Forecast, ForecastKind } from '../../../shared/forecasts';
import type { MetricName } from '../../../shared/metrics';
import type { EnvelopePoint } from '../store/rangeQuery';
import { bucketOf } from '../store/rollups';
import type { Store } from '../store/store';
import { fitForecast, type SeriesInput } from './fitForecast';
import { segmentStart, type Point } from './segments';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How far back a forecast looks: a week holds a weekly rhythm, and is quick to read. */
export const WINDOW_MS = 7 * DAY;
/** Buckets of a long history: read from the 1 h tier, 84 points over a week. */
const COARSE_MS = 2 * HOUR;
/** Buckets of a short segment (under two days): read from the 15 min tier. */
const FINE_MS = 15 * 60_000;
/** A segment shorter than this is read again at 15 minutes. */
const FINE_BELOW_MS = 2 * DAY;
/** How much of what came before a short segment the fine read takes (the reset rule's look-back). */
const LOOK_BEFORE_MS = 8 * HOUR;

type Ref = { metric: MetricName; labels: string };

/** One forecast's series: the value fitted, its limit, and how a bucket gives its value. */
interface Plan {
  kind: ForecastKind;
  mount: string | null;
  value: Ref;
  /** The limit's series; null for a fixed limit (100 % of inodes). */
  limit: Ref | null;
  /** Disk and inodes: the bucket's max (a full disk is full at its peak). Memory: its mean. */
  use: 'max' | 'mean';
}

function plansOf(mounts: readonly string[], hasMemory: boolean): Plan[] {
  const plans: Plan[] = [];
  for (const m of mounts) {
    const labels = `mount=${m}`;
    plans.push({
      kind: 'disk',
      mount: m,
      value: { metric: 'disk.used_bytes', labels },
      limit: { metric: 'disk.total_bytes', labels },
      use: 'max',
    });
    plans.push({
      kind: 'inodes',
      mount: m,
      value: { metric: 'disk.inodes_used_pct', labels },
      limit: null,
      use: 'max',
    });
  }
  if (hasMemory)
    plans.push({
      kind: 'memory',
      mount: null,
      value: { metric: 'mem.used_bytes', labels: '' },
      limit: { metric: 'mem.total_bytes', labels: '' },
      use: 'mean',
    });
  return plans;
}

/** Every series of the plans in one read, in buckets of exactly `bucketMs` from `from`. */
function read(
  store: Store,
  hostId: string,
  plans: readonly Plan[],
  from: number,
  to: number,
  bucketMs: number,
) {
  const refs: Ref[] = [];
  for (const p of plans) {
    refs.push(p.value);
    if (p.limit) refs.push(p.limit);
  }
  const start = bucketOf(from, bucketMs);
  const count = Math.max(1, Math.ceil((to - start + 1) / bucketMs));
  const result = store.range(hostId, refs, start, start + count * bucketMs - 1, count);
  let k = 0;
  return plans.map((p) => {
    const value = result.series[k++]!;
    const limit = p.limit ? result.series[k++]! : null;
    return toInput(p, value, limit, result.bucketMs);
  });
}

function toInput(
  p: Plan,
  value: EnvelopePoint[],
  limit: EnvelopePoint[] | null,
  bucketMs: number,
): SeriesInput {
  const byTs = limit ? new Map(limit.map((l) => [l[0], l])) : null;
  const points: Point[] = [];
  const limits: ([number, number] | null)[] = [];
  for (const v of value) {
    const l = byTs?.get(v[0]);
    // A bucket without its limit (a crafted file) cannot be judged against it: left out.
    if (byTs && !l) continue;
    // A bucket's max is most likely near its end on a rising series; its mean at its middle.
    points.push(p.use === 'max' ? { t: v[0] + bucketMs, y: v[3] } : { t: v[0] + bucketMs / 2, y: v[1] });
    limits.push(l ? [l[2], l[3]] : null);
  }
  const fixed = p.kind === 'inodes' ? 100 : null;
  return { kind: p.kind, mount: p.mount, points, limits: byTs ? limits : null, fixedLimit: fixed };
}

/**
 * A host's forecasts as of `now`: disk and inodes per mount the host has now, and memory.
 * Reads a week of 2 h buckets from the rollup tiers; a series whose fitted segment is under
 * two days old is read again at 15 minutes, so a day's history is 96 points, not 12.
 * @param quick for the health refresh: series far from their limit skip the full fit (fitForecast)
 */
export function hostForecasts(
  store: Store,
  hostId: string,
  mounts: readonly string[],
  hasMemory: boolean,
  now: number,
  quick = false,
): Forecast[] {
  const plans = plansOf(mounts, hasMemory);
  if (plans.length === 0) return [];
  const coarse = read(store, hostId, plans, now - WINDOW_MS, now, COARSE_MS);
  const short: number[] = [];
  let fineFrom = now;
  coarse.forEach((s, i) => {
    const scale = scaleOf(s);
    const seg = segmentStart(s.points, s.limits, scale);
    const first = s.points[seg.index];
    // Empty (a series the coarse buckets miss) or short: read at 15 minutes.
    const begins = first ? first.t - COARSE_MS : now - FINE_BELOW_MS;
    if (now - begins < FINE_BELOW_MS) {
      short.push(i);
      // From before the segment, so the fine read sees what began it (a drop, a resize).
      fineFrom = Math.min(fineFrom, begins - LOOK_BEFORE_MS);
    }
  });
  const inputs = [...coarse];
  if (short.length) {
    const fine = read(
      store,
      hostId,
      short.map((i) => plans[i]!),
      fineFrom,
      now,
      FINE_MS,
    );
    short.forEach((i, k) => (inputs[i] = fine[k]!));
  }
  return inputs.map((s) => fitForecast(s, now, quick));
}

/** What a reset is measured against: the newest limit, or 100 %. */
export function scaleOf(s: SeriesInput): number {
  if (s.fixedLimit !== null) return s.fixedLimit;
  const last = s.limits?.at(-1);
  return last ? last[1] : 0;
}
