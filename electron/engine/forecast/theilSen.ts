/**
 * A Theil–Sen line: the median of the slopes between every pair of points, so a burst shorter
 * than half the window moves it little (a burst's pairs slope up on one side and down on the
 * other). Its confidence range is Sen's rank interval over the same pairwise slopes.
 */
export interface Fit {
  /** Slope, in y per x unit. */
  slope: number;
  /** Sen's confidence range of the slope (`confidence` two-sided). */
  slopeLow: number;
  slopeHigh: number;
  /** The line's value at x = 0 (the median of y − slope·x). */
  intercept: number;
  n: number;
}

/** z for a two-sided 90 % range: wide enough that a printed date range holds the truth. */
const Z_90 = 1.6449;

let pairs = new Float64Array(0);
let residuals = new Float64Array(0);

/**
 * Fits y = intercept + slope·x over `n` points (x ascending or not). Returns null under 3
 * points or when every x is the same. Scratch buffers are reused: not reentrant, and cheap.
 */
export function theilSen(xs: ArrayLike<number>, ys: ArrayLike<number>, n = xs.length): Fit | null {
  if (n < 3) return null;
  const need = (n * (n - 1)) / 2;
  if (pairs.length < need) pairs = new Float64Array(need);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const xi = xs[i]!;
    const yi = ys[i]!;
    for (let j = i + 1; j < n; j++) {
      const dx = xs[j]! - xi;
      if (dx !== 0) pairs[m++] = (ys[j]! - yi) / dx;
    }
  }
  if (m === 0) return null;
  // Sen (1968): the range's ends are the slopes of rank (N ∓ C) / 2, C = z·sqrt(var(S)).
  const c = Z_90 * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  const lo = Math.max(0, Math.min(m - 1, Math.floor((m - c) / 2)));
  const hi = Math.max(0, Math.min(m - 1, Math.ceil((m + c) / 2)));
  const mid = (m - 1) / 2;
  const slope =
    m % 2 === 1
      ? select(pairs, 0, m - 1, mid)
      : (select(pairs, 0, m - 1, Math.floor(mid)) + select(pairs, Math.ceil(mid), m - 1, Math.ceil(mid))) / 2;
  // After selecting the median the array is partitioned around it: each end is found in its half.
  const slopeLow = select(pairs, 0, Math.max(lo, Math.floor(mid)), lo);
  const slopeHigh = select(pairs, Math.min(hi, Math.ceil(mid)), m - 1, hi);
  if (residuals.length < n) residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) residuals[i] = ys[i]! - slope * xs[i]!;
  const intercept = median(residuals, n);
  return { slope, slopeLow, slopeHigh, intercept, n };
}

/** The median of the first `n` values of `a` (reorders them). */
export function median(a: Float64Array, n: number): number {
  if (n === 0) return NaN;
  const mid = (n - 1) / 2;
  if (n % 2 === 1) return select(a, 0, n - 1, mid);
  const lower = select(a, 0, n - 1, Math.floor(mid));
  return (lower + select(a, Math.ceil(mid), n - 1, Math.ceil(mid))) / 2;
}

/** The k-th smallest of a[left..right] (Hoare's quickselect, in place). */
function select(a: Float64Array, left: number, right: number, k: number): number {
  while (right > left) {
    const pivot = a[(left + right) >> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k]!;
  }
  return a[k]!;
}
