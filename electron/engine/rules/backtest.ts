import type { BacktestResult } from '../../../shared/backtest';
import { unflattenSample, type FlatPoint } from '../../../shared/metrics';
import type { HistorySegment } from '../store/historyRows';
import type { TierName } from '../store/rollups';
import { resolveRules } from './ruleConfig';
import { newCollect, ReplayClock, type Collect } from './episodes';
import { RuleEngine, type RuleEngineHost } from './ruleEngine';
import type { RulesConfig } from './ruleTypes';
import { canPass, metricsFor, type BucketBounds } from './replaySkip';
import { readSignals, type SignalKind } from './signals';

type RollupTier = Exclude<TierName, 'raw'>;

/** Where a back-test reads a host's history (the store's HistoryRows). */
export interface HistorySource {
  segments(hostId: string, from: number, to: number): HistorySegment[];
  rowsOf(
    hostId: string,
    tier: TierName,
    from: number,
    until: number,
    fn: (ts: number, points: FlatPoint[]) => void,
    metrics?: ReadonlySet<string>,
  ): void;
  bucketsOf(
    hostId: string,
    tier: RollupTier,
    from: number,
    until: number,
    metrics: ReadonlySet<string>,
    fn: (ts: number, bounds: BucketBounds) => void,
  ): void;
}

export interface BacktestRun {
  config: RulesConfig;
  kinds: readonly SignalKind[];
  /** Each with its name for the episodes (its id when unnamed). */
  hosts: readonly (RuleEngineHost & { name?: string })[];
  from: number;
  to: number;
  source: HistorySource;
}

/** Coarsest first: the buckets a stretch of each tier can be passed over in. */
const FILTERS: Record<TierName, { tier: RollupTier; stepMs: number }[]> = {
  raw: [
    { tier: '1h', stepMs: 3_600_000 },
    { tier: '15m', stepMs: 900_000 },
    { tier: '1m', stepMs: 60_000 },
  ],
  '1m': [
    { tier: '1h', stepMs: 3_600_000 },
    { tier: '15m', stepMs: 900_000 },
  ],
  '15m': [{ tier: '1h', stepMs: 3_600_000 }],
  '1h': [],
};

/** Polls in a stretch before its median gap is trusted over the host's interval. */
const MIN_POLLS = 21;

/**
 * The interval raw polls are judged with: the host's, unless the history cannot have come from
 * it: over enough polls, a median gap longer than staleness at that interval (the interval was
 * changed since, and at today's every poll would read as data that had stopped).
 */
export function rawInterval(host: RuleEngineHost, seg: HistorySegment, staleAfterIntervals: number): number {
  if (seg.stepMs === null || seg.polls < MIN_POLLS) return host.intervalMs;
  return seg.stepMs > staleAfterIntervals * host.intervalMs ? seg.stepMs : host.intervalMs;
}

/**
 * Runs rules over stored history, host by host, with the live rule engine itself: each stored
 * row becomes the sample the engine saw, in time order. Raw polls are the polls the live engine
 * judged, so over them the answer is what it did (see rawInterval for a changed interval); over
 * rollup buckets (older history) the row is a bucket's means, and the host's interval is the
 * bucket's step so the engine does not take the gap between buckets for data that stopped.
 *
 * Fast because most of history is quiet: a stretch whose coarser bucket holds no value that
 * could move a signal (replaySkip.ts) is passed over without reading its rows, hour by hour,
 * then quarter by quarter, then minute by minute. Only state changes of the kinds tested count;
 * staleness (data stopping) is not a rule and is left out.
 */
export function backtest(
  run: BacktestRun,
  into: Collect = newCollect(),
): Omit<BacktestResult, 'fromTs' | 'toTs' | 'kinds' | 'groups' | 'notes'> {
  const kinds = new Set(run.kinds);
  const metrics = metricsFor(kinds);
  const { episodes, resolution } = into;
  let rows = 0;
  for (const host of run.hosts) {
    const clock = new ReplayClock();
    const engine = new RuleEngine({ clock, config: run.config });
    const ruleSet = resolveRules(run.config, host);
    let interval: number | null = null;
    let seen = 0;
    const name = host.name ?? host.id;
    const feed = (ts: number, points: FlatPoint[]): void => {
      clock.t = ts;
      const readings = readSignals(unflattenSample(host.id, ts, points)).filter((r) => kinds.has(r.kind));
      for (const c of engine.observeReadings(host.id, ts, readings))
        if (kinds.has(c.kind as SignalKind)) episodes.add(host.id, name, c);
      seen++;
    };
    /** Feeds the rows of `tier` in [a, b), passing over the buckets of each filter that cannot matter. */
    const scan = (tier: TierName, a: number, b: number, filters: (typeof FILTERS)[TierName]): void => {
      const [f, ...finer] = filters;
      if (!f) return run.source.rowsOf(host.id, tier, a, b, feed);
      let cursor = a;
      const buckets: [number, BucketBounds][] = [];
      run.source.bucketsOf(
        host.id,
        f.tier,
        a - (((a % f.stepMs) + f.stepMs) % f.stepMs),
        b,
        metrics,
        (ts, bounds) => buckets.push([ts, bounds]),
      );
      for (const [ts, bounds] of buckets) {
        const start = Math.max(ts, a);
        const end = Math.min(ts + f.stepMs, b);
        if (end <= start) continue;
        if (cursor < start) scan(tier, cursor, start, finer); // no bucket here (not summarised yet)
        if (!canPass(ruleSet, engine.tracks(host.id), bounds, kinds)) scan(tier, start, end, finer);
        cursor = end;
      }
      if (cursor < b) scan(tier, cursor, b, finer);
    };
    const segments = run.source.segments(host.id, run.from, run.to);
    for (const seg of segments) {
      const step =
        seg.tier === 'raw'
          ? rawInterval(host, seg, ruleSet.staleAfterIntervals)
          : (seg.stepMs ?? host.intervalMs);
      if (step !== interval) {
        interval = step;
        engine.setHost({ ...host, intervalMs: step });
      }
      scan(seg.tier, seg.fromTs, seg.toTs + 1, FILTERS[seg.tier]);
      resolution.add(seg.tier, seg.fromTs, seg.toTs);
    }
    rows += seen;
    if (segments.length > 0) into.read.add(host.id);
  }
  return {
    hosts: into.read.size,
    rows,
    episodes: episodes.episodes(),
    total: episodes.total,
    resolution: resolution.list(),
  };
}
