import { FORECAST_KIND } from '../../../shared/backtest';
import { silentLogger } from '../clock';
import type { Collect } from '../rules/episodes';
import { ReplayClock } from '../rules/episodes';
import type { Store } from '../store/store';
import type { Forecast } from '../../../shared/forecasts';
import { bucketOf } from '../store/rollups';
import { planKey, readGrid, sliceGrid, type BucketGrid } from './bucketGrid';
import { FORECAST_EVERY_MS, ForecastService } from './forecastService';
import { COARSE_MS, FINE_MS, hostForecasts, WINDOW_MS, type GridSource } from './hostForecasts';

export interface ForecastBacktestRun {
  hosts: readonly { id: string; name: string }[];
  from: number;
  to: number;
  store: Store;
}

/** Not a setting: the note that says which rule a forecast back-test replayed. */
export const FORECAST_NOTE =
  'Forecasts are judged by the built-in rule (amber under 7 days to the limit, red under 1 day, each held over two fits), fitted every 15 minutes as the live service does; it is not set in the rules.';

/**
 * Runs the forecast rule over stored history: at each 15-minute fit step of the range, each host's
 * forecasts are fitted as of that moment from the rollup tiers (as the live refresh does) and fed
 * to the forecast service's own tracks (its `for` and hysteresis); a forecast raised or dropped
 * between fits is an episode's rise or clear. Mounts are those of the host's latest stored
 * sample, as the live service fits them.
 *
 * Two things make a month of a fleet quick, and neither changes an episode (a test runs both
 * ways over the same histories):
 * - The week's 2-hour buckets of every fit come from ONE read of the host's whole range, sliced
 *   per fit (`sliceGrid`), not a store read per fit: a past bucket reads whole either way. So
 *   do a short series' 15-minute buckets (see wholeRange for when they cannot).
 * - A fit is passed over while nothing it depends on can have moved: the same week of buckets as
 *   the last fit (a new bucket starts every 2 h, every 8th fit), no series read again at 15
 *   minutes, and the last fit all quiet. Quiet is every forecast not filling by the quick look
 *   (it reads only the buckets, not the time), by a fit whose slope is not rising (so no
 *   later time can find it filling) or for want of any point, and nothing raised or pending in the tracks. Such a fit
 *   would give urgency 0 to tracks already ok: no level can change.
 */
export function forecastBacktest(
  run: ForecastBacktestRun,
  into: Collect,
  opts: { exact?: boolean } = {},
): { fits: number; passed: number } {
  let fits = 0;
  let passed = 0;
  for (const h of run.hosts) {
    const latest = run.store.latestSample(h.id);
    if (!latest || run.store.history.segments(h.id, run.from, run.to).length === 0) continue;
    into.read.add(h.id);
    const clock = new ReplayClock();
    const service = new ForecastService({
      clock,
      log: silentLogger,
      store: run.store,
      review: null,
      hosts: { list: () => [], find: () => undefined, refresh: () => {} },
    });
    const mounts = latest.disks.map((d) => d.mount);
    let grid: BucketGrid | null = null;
    const coarse = wholeRange(run, h.id, COARSE_MS);
    const fine = wholeRange(run, h.id, FINE_MS);
    let raised = new Map<string, string>();
    let quietAt: number | null = null;
    for (
      let t = Math.ceil(run.from / FORECAST_EVERY_MS) * FORECAST_EVERY_MS;
      t <= run.to;
      t += FORECAST_EVERY_MS
    ) {
      const week = bucketOf(t - WINDOW_MS, COARSE_MS);
      if (!opts.exact && quietAt === week) {
        passed++;
        continue;
      }
      clock.t = t;
      let short = false;
      const forecasts = hostForecasts(run.store, h.id, mounts, latest.mem.totalBytes > 0, t, {
        quick: true,
        ...(opts.exact
          ? { earlier: grid, keep: (g: BucketGrid) => (grid = g) }
          : { coarse, fine, onFine: () => (short = true) }),
      });
      fits++;
      service.observe(h.id, forecasts, t);
      const now = new Map(service.raised(h.id).map((r) => [r.forecast.id, r.level as string]));
      const text = new Map(forecasts.map((f) => [f.id, f.text]));
      for (const [id, level] of now)
        if (raised.get(id) !== level)
          into.episodes.add(h.id, h.name, {
            signal: `forecast:${id}`,
            kind: FORECAST_KIND,
            to: level as 'warn' | 'critical',
            at: t,
            reason: text.get(id) ?? id,
          });
      for (const id of raised.keys())
        if (!now.has(id))
          into.episodes.add(h.id, h.name, {
            signal: `forecast:${id}`,
            kind: FORECAST_KIND,
            to: 'ok',
            at: t,
            reason: '',
          });
      raised = now;
      quietAt = !short && now.size === 0 && forecasts.every(settled) ? week : null;
    }
  }
  return { fits, passed };
}

/**
 * A source of one host's buckets at `bucketMs` for the fits of the run: one read per set of
 * series, sliced per fit. The 2-hour buckets are read once for the whole range and the week
 * before it; the 15-minute ones, which only a series younger than two days asks for, a few days
 * at a time from the first fit that asks. The store picks a read's tier by its start as well: a
 * read from before the tier's oldest row may go coarser, where a later one would not. A read that
 * went coarser than its width is not sliced; each fit then reads the store, as the exact replay
 * does.
 */
function wholeRange(run: ForecastBacktestRun, hostId: string, bucketMs: number): GridSource {
  const reads = new Map<string, BucketGrid>();
  const coarse = bucketMs === COARSE_MS;
  const widthTier = coarse ? '1h' : '15m';
  return (plans, a, b, width) => {
    const key = planKey(plans);
    let whole = reads.get(key);
    let part = whole && sliceGrid(whole, a, b);
    if (!part) {
      const from = coarse ? run.from - WINDOW_MS - COARSE_MS : a;
      const to = coarse ? run.to : Math.min(run.to, Math.max(b, a + FINE_READ_MS));
      reads.set(key, (whole = readGrid(run.store, hostId, plans, from, to, width)));
      part = sliceGrid(whole, a, b);
    }
    return whole!.tier === widthTier && part ? part : readGrid(run.store, hostId, plans, a, b, width);
  };
}

/** How much 15-minute history one read takes: a short series' look-back and two days of fits. */
const FINE_READ_MS = 4 * 86_400_000;

/** Not filling, and not by anything a later time could change (see forecastBacktest). */
function settled(f: Forecast): boolean {
  // A series without a point in the week (no inode counts) stays so until its buckets move.
  if (f.status === 'needs_history') return f.points === 0;
  if (f.status !== 'not_filling') return false;
  // The quick look leaves no confidence: it judged the buckets alone.
  return f.confidence === null || (f.slopePerDay !== null && f.slopePerDay <= 0);
}
