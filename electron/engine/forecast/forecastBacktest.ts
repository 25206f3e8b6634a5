import { FORECAST_KIND } from '../../../shared/backtest';
import { silentLogger } from '../clock';
import type { Collect } from '../rules/episodes';
import { ReplayClock } from '../rules/episodes';
import type { Store } from '../store/store';
import type { BucketGrid } from './bucketGrid';
import { FORECAST_EVERY_MS, ForecastService } from './forecastService';
import { hostForecasts } from './hostForecasts';

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
 * forecasts are fitted as of that moment from the rollup tiers (as the live refresh does, keeping
 * its buckets between fits) and fed to the forecast service's own tracks (its `for` and
 * hysteresis); a forecast raised or dropped between fits is an episode's rise or clear. Mounts
 * are those of the host's latest stored sample, as the live service fits them.
 */
export function forecastBacktest(run: ForecastBacktestRun, into: Collect): { fits: number } {
  let fits = 0;
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
    let raised = new Map<string, string>();
    for (
      let t = Math.ceil(run.from / FORECAST_EVERY_MS) * FORECAST_EVERY_MS;
      t <= run.to;
      t += FORECAST_EVERY_MS
    ) {
      clock.t = t;
      const forecasts = hostForecasts(run.store, h.id, mounts, latest.mem.totalBytes > 0, t, {
        quick: true,
        earlier: grid,
        keep: (g) => (grid = g),
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
    }
  }
  return { fits };
}
