import type { Forecast, ForecastKind } from '../../../shared/forecasts';
import type { Store } from '../store/store';
import { readGrid, type BucketGrid, type Plan } from './bucketGrid';
import { fitForecast, type SeriesInput } from './fitForecast';
import { segmentStart } from './segments';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How far back a forecast looks: a week holds a weekly rhythm, and is quick to read. */
export const WINDOW_MS = 7 * DAY;
/** Buckets of a long history: read from the 1 h tier, 84 points over a week. */
export const COARSE_MS = 2 * HOUR;
/** Buckets of a short segment (under two days): read from the 15 min tier. */
export const FINE_MS = 15 * 60_000;
/** A segment shorter than this is read again at 15 minutes. */
const FINE_BELOW_MS = 2 * DAY;
/** How much of what came before a short segment the fine read takes (the reset rule's look-back). */
export const LOOK_BEFORE_MS = 8 * HOUR;

interface KindPlan extends Plan {
  kind: ForecastKind;
  mount: string | null;
}

function plansOf(mounts: readonly string[], hasMemory: boolean): KindPlan[] {
  const plans: KindPlan[] = [];
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

interface Scratch {
  t: Float64Array;
  y: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
}

function scratchOf(n: number): Scratch {
  return { t: new Float64Array(n), y: new Float64Array(n), lo: new Float64Array(n), hi: new Float64Array(n) };
}

/** Reused for every series fitted straight from the coarse grid (fitted before the next is read). */
let shared = scratchOf(128);

/** One plan's buckets that hold a value (and their limit), oldest first, as the fit takes them. */
function inputOf(p: KindPlan, grid: BucketGrid, i: number, into?: Scratch): SeriesInput {
  const s = grid.series[i]!;
  const buf = into && into.t.length >= grid.count ? into : scratchOf(grid.count);
  const { t, y } = buf;
  const lo = s.lo ? buf.lo : null;
  const hi = s.hi ? buf.hi : null;
  // A bucket's max is most likely near its end on a rising series; its mean at its middle.
  const offset = p.use === 'max' ? grid.bucketMs : grid.bucketMs / 2;
  let n = 0;
  for (let b = 0; b < grid.count; b++) {
    const v = s.y[b]!;
    // A bucket without its limit (a crafted file) cannot be judged against it: left out.
    if (Number.isNaN(v) || (s.lo && Number.isNaN(s.lo[b]!))) continue;
    t[n] = grid.start + b * grid.bucketMs + offset;
    y[n] = v;
    if (lo && hi) {
      lo[n] = s.lo![b]!;
      hi[n] = s.hi![b]!;
    }
    n++;
  }
  return { kind: p.kind, mount: p.mount, n, t, y, lo, hi, fixedLimit: p.kind === 'inodes' ? 100 : null };
}

/** The buckets of `plans` over [from, to], as `readGrid` of the store gives them. */
export type GridSource = (plans: readonly Plan[], from: number, to: number, bucketMs: number) => BucketGrid;

/** Options of a host's fit: the refresh's quick look, and its grid kept from the last refresh. */
export interface FitOptions {
  quick?: boolean;
  /** The grid of the last call for this host, if kept; the new one is handed to `keep`. */
  earlier?: BucketGrid | null;
  keep?: (grid: BucketGrid) => void;
  /**
   * Where the week's coarse buckets come from instead of the store (a back-test slices one read
   * of its whole range); `earlier` is not used then.
   */
  coarse?: GridSource;
  /** Where a short series' 15-minute buckets come from instead of the store (the same). */
  fine?: GridSource;
  /** Told when some series was short and read again at 15 minutes (that read moves every fit). */
  onFine?: () => void;
}

/**
 * A host's forecasts as of `now`: disk and inodes per mount the host has now, and memory.
 * Reads a week of 2 h buckets from the rollup tiers (only the newest ones when given the grid
 * of the last call); a series whose fitted segment is under two days old is read again at 15
 * minutes, so a day's history is 96 points, not 12.
 */
export function hostForecasts(
  store: Store,
  hostId: string,
  mounts: readonly string[],
  hasMemory: boolean,
  now: number,
  opts: FitOptions = {},
): Forecast[] {
  const plans = plansOf(mounts, hasMemory);
  if (plans.length === 0) return [];
  const grid = opts.coarse
    ? opts.coarse(plans, now - WINDOW_MS, now, COARSE_MS)
    : readGrid(store, hostId, plans, now - WINDOW_MS, now, COARSE_MS, opts.earlier ?? null);
  opts.keep?.(grid);
  if (shared.t.length < grid.count) shared = scratchOf(grid.count);
  const out: Forecast[] = [];
  const short: number[] = [];
  let fineFrom = now;
  plans.forEach((p, i) => {
    const s = inputOf(p, grid, i, shared);
    const seg = segmentStart(s, scaleOf(s));
    // Empty (a series the coarse buckets miss) or short: read again at 15 minutes.
    const begins = seg.index < s.n ? s.t[seg.index]! - COARSE_MS : now - FINE_BELOW_MS;
    if (now - begins < FINE_BELOW_MS) {
      short.push(i);
      // From before the segment, so the fine read sees what began it (a drop, a resize).
      fineFrom = Math.min(fineFrom, begins - LOOK_BEFORE_MS);
    } else {
      out[i] = fitForecast(s, now, opts.quick ?? false, seg);
    }
  });
  if (short.length) {
    opts.onFine?.();
    const finePlans = short.map((i) => plans[i]!);
    const fine = opts.fine
      ? opts.fine(finePlans, fineFrom, now, FINE_MS)
      : readGrid(store, hostId, finePlans, fineFrom, now, FINE_MS);
    short.forEach(
      (i, k) => (out[i] = fitForecast(inputOf(finePlans[k]!, fine, k), now, opts.quick ?? false)),
    );
  }
  return out;
}

/** What a reset is measured against: the newest limit, or 100 %. */
export function scaleOf(s: SeriesInput): number {
  if (s.fixedLimit !== null) return s.fixedLimit;
  return s.hi && s.n > 0 ? s.hi[s.n - 1]! : 0;
}
