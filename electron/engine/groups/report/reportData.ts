import type { Forecast } from '../../../../shared/forecasts';
import { hostForecasts } from '../../forecast/hostForecasts';
import { bucketOf } from '../../store/rollups';
import type { Store } from '../../store/store';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A measure per bucket on the report's grid: its mean and its max, NaN where nothing is stored. */
export interface BucketSeries {
  mean: Float64Array;
  max: Float64Array;
}

export type MeasureName = 'cpu' | 'mem' | 'load';

/** One member's range: its measures on the grid, and its forecasts as of the range's end. */
export interface MemberData {
  hostId: string;
  name: string;
  series: Record<MeasureName, BucketSeries>;
  forecasts: Forecast[];
}

/** What the report is built from: read from the store by `readReportData`, or made by a test. */
export interface ReportData {
  tag: string;
  fromTs: number;
  toTs: number;
  /** When the report was written. */
  generatedAt: number;
  /** The grid: `count` buckets of `bucketMs` from `start`. */
  start: number;
  bucketMs: number;
  count: number;
  /** The stored tier that answered most of the range (raw, 1m, 15m, 1h). */
  tier: string;
  members: MemberData[];
}

/**
 * Bucket width for a range: 15 minutes up to 10 days (at most 960 buckets, from the 15 min
 * tier), whole hours beyond (a 30-day range is 720 hourly buckets, from the 1 h tier), widened
 * past 90 days so no range has more than about 2,200 buckets.
 */
export function bucketFor(spanMs: number): number {
  if (spanMs <= 10 * DAY) return 15 * 60_000;
  return Math.max(1, Math.ceil(spanMs / (90 * DAY))) * HOUR;
}

const REFS = [
  { metric: 'cpu.busy_pct', labels: '' },
  { metric: 'mem.used_pct', labels: '' },
  { metric: 'load.5', labels: '' },
  { metric: 'cpu.cores', labels: '' },
] as const;

type Reader = Pick<Store, 'range' | 'pointsAt'>;

/** The mounts a host had at `ts` and whether it reported memory, from its stored values then. */
function shapeAt(store: Reader, hostId: string, ts: number): { mounts: string[]; memory: boolean } {
  const at = store.pointsAt(hostId, ts);
  if (!at) return { mounts: [], memory: false };
  const mounts = new Set<string>();
  let memory = false;
  for (const [metric, labels, value] of at.points) {
    if (metric === 'disk.used_bytes' && labels.startsWith('mount=')) mounts.add(labels.slice(6));
    if (metric === 'mem.total_bytes' && value > 0) memory = true;
  }
  return { mounts: [...mounts].sort(), memory };
}

/** The report's grid over a range: bucket width, first bucket, count. */
export function gridOf(fromTs: number, toTs: number): { start: number; bucketMs: number; count: number } {
  const bucketMs = bucketFor(toTs - fromTs);
  const start = bucketOf(fromTs, bucketMs);
  return { start, bucketMs, count: Math.max(1, Math.ceil((toTs - start + 1) / bucketMs)) };
}

/**
 * One member over the grid from the rollup tiers: CPU %, memory % and load per core (5-minute
 * load ÷ cores) per bucket, mean and max; and its forecasts fitted as of `toTs` (hostForecasts:
 * a week before it, from the same tiers). Returns the tier that answered, or null with no data.
 */
export function readMember(
  store: Store,
  m: { hostId: string; name: string },
  grid: { start: number; bucketMs: number; count: number },
  toTs: number,
): { member: MemberData; tier: string | null } {
  const { start, bucketMs, count } = grid;
  const r = store.range(m.hostId, REFS, start, start + count * bucketMs - 1, count);
  const empty = (): BucketSeries => ({
    mean: new Float64Array(count).fill(NaN),
    max: new Float64Array(count).fill(NaN),
  });
  const series = { cpu: empty(), mem: empty(), load: empty() };
  const cores = new Float64Array(count).fill(NaN);
  const fill = (k: number, into: BucketSeries | Float64Array): void => {
    for (const [t, mean, , max] of r.series[k] ?? []) {
      const i = Math.round((t - start) / bucketMs);
      if (i < 0 || i >= count) continue;
      if (into instanceof Float64Array) into[i] = mean;
      else {
        into.mean[i] = mean;
        into.max[i] = max;
      }
    }
  };
  fill(0, series.cpu);
  fill(1, series.mem);
  fill(2, series.load);
  fill(3, cores);
  for (let i = 0; i < count; i++) {
    const c = Math.max(1, Number.isNaN(cores[i]!) ? 1 : cores[i]!);
    series.load.mean[i] = series.load.mean[i]! / c;
    series.load.max[i] = series.load.max[i]! / c;
  }
  const shape = shapeAt(store, m.hostId, toTs);
  const forecasts =
    shape.mounts.length || shape.memory
      ? hostForecasts(store, m.hostId, shape.mounts, shape.memory, toTs)
      : [];
  return {
    member: { hostId: m.hostId, name: m.name, series, forecasts },
    tier: r.series.some((x) => x.length > 0) ? r.tier : null,
  };
}

/** The tier most members were read from (the finest the grid allows when none had data). */
export function mostUsedTier(tiers: readonly (string | null)[], bucketMs: number): string {
  const counts = new Map<string, number>();
  for (const t of tiers) if (t !== null) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? (bucketMs >= HOUR ? '1h' : '15m');
}

/** Reads a group's members over [fromTs, toTs] in one go (tests and the benchmark; the engine reads in turns). */
export function readReportData(
  store: Store,
  tag: string,
  members: readonly { hostId: string; name: string }[],
  fromTs: number,
  toTs: number,
  generatedAt: number,
): ReportData {
  const grid = gridOf(fromTs, toTs);
  const read = members.map((m) => readMember(store, m, grid, toTs));
  const tier = mostUsedTier(
    read.map((r) => r.tier),
    grid.bucketMs,
  );
  return { tag, fromTs, toTs, generatedAt, ...grid, tier, members: read.map((r) => r.member) };
}
