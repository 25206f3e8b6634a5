/**
 * A series' drift over the soak, from a least-squares line rather than its two ends, so one
 * noisy sample (a GC that had not finished, a transient socket) cannot pass or fail it alone.
 */
export interface Trend {
  samples: number;
  first: number | null;
  last: number | null;
  min: number | null;
  max: number | null;
  /** Fitted slope, units per hour. */
  slopePerHour: number | null;
  /** The slope as a share of the fitted value at the window's start, % per hour. */
  slopePctPerHour: number | null;
  /** Fitted change over the window: end minus start, in units. */
  fittedGrowth: number | null;
  /** The same as a share of the fitted start, %. */
  fittedGrowthPct: number | null;
}

const round = (x: number, d = 3): number => Number(x.toFixed(d));

/** Trend of values `ys` taken at `ts` seconds. */
export function trend(ts: readonly number[], ys: readonly number[]): Trend {
  const n = Math.min(ts.length, ys.length);
  const none = { slopePerHour: null, slopePctPerHour: null, fittedGrowth: null, fittedGrowthPct: null };
  const base = {
    samples: n,
    first: n ? ys[0]! : null,
    last: n ? ys[n - 1]! : null,
    min: n ? Math.min(...ys.slice(0, n)) : null,
    max: n ? Math.max(...ys.slice(0, n)) : null,
  };
  if (n < 2) return { ...base, ...none };
  const mt = ts.slice(0, n).reduce((a, b) => a + b, 0) / n;
  const my = ys.slice(0, n).reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (ts[i]! - mt) * (ys[i]! - my);
    sxx += (ts[i]! - mt) ** 2;
  }
  if (sxx === 0) return { ...base, ...none };
  const slope = sxy / sxx; // per second
  const start = my + slope * (ts[0]! - mt);
  const growth = slope * (ts[n - 1]! - ts[0]!);
  return {
    ...base,
    slopePerHour: round(slope * 3600),
    slopePctPerHour: start > 0 ? round(((slope * 3600) / start) * 100, 2) : null,
    fittedGrowth: round(growth),
    fittedGrowthPct: start > 0 ? round((growth / start) * 100, 2) : null,
  };
}
