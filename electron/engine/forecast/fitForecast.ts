import type { Forecast, ForecastKind } from '../../../shared/forecasts';
import {
  etaWords,
  fillingText,
  fullText,
  growthWords,
  MEMORY_GROWTH_FRACTION,
  needsHistoryText,
  notFillingText,
} from './forecastWords';
import { segmentStart, type Series } from './segments';
import { median, theilSen } from './theilSen';

const DAY = 86_400_000;
/** Less history than this since the segment began gives no forecast. */
export const MIN_HISTORY_MS = DAY;
/** Further away than this is "not filling soon": a year out is not a forecast anyone acts on. */
const HORIZON_MS = 365 * DAY;
/** Default rules: under 7 days amber, under 1 day red. */
export const AMBER_WITHIN_MS = 7 * DAY;
export const RED_WITHIN_MS = DAY;

/** One series read for a forecast, oldest bucket first. */
export interface SeriesInput extends Series {
  kind: ForecastKind;
  mount: string | null;
  /** The limit when it is fixed (100 % of inodes); null when the series `hi` holds it. */
  fixedLimit: number | null;
}

let xs = new Float64Array(256);
let ys = new Float64Array(256);

/** A series this far from its limit at its quick slope needs no full fit to be green. */
const SCREEN_MS = 3 * 8 * DAY;

/**
 * The quick look of the 15-minute refresh: the median slope of the pairs half a window apart
 * (n/2 pairs, not n²/2; as robust to a burst, since every pair spans half the window) and the
 * newest bucket's value. A series that at three times that pace would still need more than 24
 * days (three times the 8 days at which amber clears) is left green without the full fit.
 */
function screenedOut(n: number, limit: number): { slope: number } | null {
  if (n < 8) return null;
  const h = n >> 1;
  const slopes = new Float64Array(n - h);
  for (let i = 0; i + h < n; i++) slopes[i] = (ys[i + h]! - ys[i]!) / (xs[i + h]! - xs[i]! || Infinity);
  const slope = median(slopes, n - h);
  const headroom = limit - ys[n - 1]!;
  if (headroom <= 0) return null;
  return slope <= 0 || (headroom / (3 * slope)) * DAY > SCREEN_MS ? { slope } : null;
}

/**
 * The forecast of one series as of `now`: a Theil–Sen line over the segment since the series
 * began, was resized or dropped, and where it meets the limit.
 * @param quick the refresh's look: a series far from its limit is told green without its full fit
 * @param segment where the fitted part starts, when the caller has already found it
 */
export function fitForecast(
  s: SeriesInput,
  now: number,
  quick = false,
  segment?: ReturnType<typeof segmentStart>,
): Forecast {
  const unit = s.kind === 'inodes' ? 'pct' : 'bytes';
  const id = s.kind === 'memory' ? 'memory' : `${s.kind}:${s.mount}`;
  const limitNow = s.fixedLimit ?? (s.hi && s.n > 0 ? s.hi[s.n - 1]! : null);
  const base: Forecast = {
    id,
    kind: s.kind,
    mount: s.mount,
    status: 'needs_history',
    state: 'green',
    unit,
    level: s.n > 0 ? s.y[s.n - 1]! : null,
    limit: limitNow,
    slopePerDay: null,
    slopeLowPerDay: null,
    slopeHighPerDay: null,
    etaTs: null,
    etaLowTs: null,
    etaHighTs: null,
    confidence: null,
    fromTs: null,
    points: 0,
    text: '',
    line: null,
  };
  const seg = segment ?? segmentStart(s, limitNow ?? 0);
  const n = s.n - seg.index;
  const first = n > 0 ? s.t[seg.index]! : null;
  base.fromTs = first;
  base.points = Math.max(0, n);
  const haveMs = first !== null ? now - first : 0;
  if (first === null || haveMs < MIN_HISTORY_MS || limitNow === null || limitNow <= 0) {
    return { ...base, text: needsHistoryText(s.kind, s.mount, seg.cause, haveMs) };
  }
  if (xs.length < n) {
    xs = new Float64Array(n);
    ys = new Float64Array(n);
  }
  for (let i = 0; i < n; i++) {
    xs[i] = (s.t[seg.index + i]! - now) / DAY;
    ys[i] = s.y[seg.index + i]!;
  }
  if (quick) {
    const far = screenedOut(n, limitNow);
    if (far)
      return {
        ...base,
        status: 'not_filling',
        slopePerDay: far.slope,
        text: notFillingText(s.kind, s.mount, null),
      };
  }
  const fit = theilSen(xs, ys, n);
  if (!fit) return { ...base, text: needsHistoryText(s.kind, s.mount, seg.cause, haveMs) };
  const level = fit.intercept;
  const spread = fit.slopeHigh - fit.slopeLow;
  const rel = fit.slope !== 0 ? spread / Math.abs(fit.slope) : Infinity;
  const fitted: Forecast = {
    ...base,
    level,
    slopePerDay: fit.slope,
    slopeLowPerDay: fit.slopeLow,
    slopeHighPerDay: fit.slopeHigh,
    confidence: rel < 0.3 ? 'high' : rel < 1 ? 'medium' : 'low',
  };
  const toPct = (v: number): number => (unit === 'pct' ? v : (v / limitNow) * 100);
  const growth = growthWords(fit.slope, unit);
  if (level >= limitNow * 0.999) {
    return {
      ...fitted,
      status: 'full',
      state: 'red',
      etaTs: now,
      etaLowTs: now,
      etaHighTs: now,
      text: fullText(s.kind, s.mount),
    };
  }
  // Memory that grows by less than 1 % of itself a day is steady (noise, caches), unless it is
  // close enough to full to run out within the horizon anyway; only faster growth is "a leak?".
  const tiny = s.kind === 'memory' ? MEMORY_GROWTH_FRACTION * limitNow : 0;
  if (fit.slope <= 0 || (fit.slope <= tiny && ((limitNow - level) / fit.slope) * DAY > HORIZON_MS)) {
    return {
      ...fitted,
      status: 'not_filling',
      text: notFillingText(s.kind, s.mount, fit.slope > 0 ? growth : null),
    };
  }
  const remaining = limitNow - level;
  const etaMs = (remaining / fit.slope) * DAY;
  const lowMs = fit.slopeHigh > 0 ? (remaining / fit.slopeHigh) * DAY : etaMs;
  const highMs = fit.slopeLow > 0 ? (remaining / fit.slopeLow) * DAY : null;
  const line = {
    fromTs: now,
    fromValue: s.kind === 'memory' ? level : toPct(level),
    toTs: now + etaMs,
    toValue: s.kind === 'memory' ? limitNow : 100,
  };
  if (etaMs > HORIZON_MS) {
    return { ...fitted, status: 'not_filling', text: notFillingText(s.kind, s.mount, growth), line };
  }
  return {
    ...fitted,
    status: 'filling',
    state: etaMs < RED_WITHIN_MS ? 'red' : etaMs < AMBER_WITHIN_MS ? 'amber' : 'green',
    etaTs: now + etaMs,
    etaLowTs: now + lowMs,
    etaHighTs: highMs === null ? null : now + highMs,
    text: fillingText(s.kind, s.mount, etaWords(etaMs, lowMs, highMs), growth, fit.slope > tiny),
    line,
  };
}
