import type { BacktestResult, Episode } from '../../../shared/backtest';
import { MAX_EPISODES } from '../../../shared/backtest';
import { unflattenSample, type FlatPoint } from '../../../shared/metrics';
import type { Clock } from '../clock';
import type { HistorySegment } from '../store/historyRows';
import type { TierName } from '../store/rollups';
import { resolveRules } from './ruleConfig';
import { RuleEngine, type RuleEngineHost, type StateChange } from './ruleEngine';
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
  hosts: readonly RuleEngineHost[];
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

/** A clock the replay sets to each row's time: `for` runs in the history's time. */
class ReplayClock implements Clock {
  t = 0;
  now(): number {
    return this.t;
  }
  setTimeout(): unknown {
    throw new Error('a back-test runs no timers');
  }
  clearTimeout(): void {}
}

/** Episodes kept before the oldest are chosen (a rule that flaps all week still answers). */
const KEEP = 50 * MAX_EPISODES;
/** Polls in a stretch before its median gap is trusted over the host's interval. */
const MIN_POLLS = 21;

/**
 * The interval raw polls are judged with: the host's, unless the history cannot have come from
 * it: over enough polls, a median gap longer than staleness at that interval (the interval was
 * changed since, and at today's every poll would read as data that had stopped).
 */
function rawInterval(host: RuleEngineHost, seg: HistorySegment, staleAfterIntervals: number): number {
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
export function backtest(run: BacktestRun): Omit<BacktestResult, 'fromTs' | 'toTs' | 'kinds'> {
  const kinds = new Set(run.kinds);
  const metrics = metricsFor(kinds);
  const episodes: Episode[] = [];
  let total = 0;
  let rows = 0;
  let hosts = 0;
  const resolution = new Map<string, { fromTs: number; toTs: number }>();
  for (const host of run.hosts) {
    const clock = new ReplayClock();
    const engine = new RuleEngine({ clock, config: run.config });
    const ruleSet = resolveRules(run.config, host);
    let interval: number | null = null;
    const open = new Map<string, Episode>();
    let seen = 0;
    const onChange = (c: StateChange): void => {
      if (!kinds.has(c.kind as SignalKind)) return;
      const ep = open.get(c.signal);
      if (c.to === 'warn' || c.to === 'critical') {
        if (ep) {
          if (c.to === 'critical') ep.level = 'critical';
          return;
        }
        const e: Episode = {
          hostId: host.id,
          signal: c.signal,
          kind: c.kind,
          level: c.to,
          startTs: c.at,
          endTs: null,
          reason: c.reason,
        };
        open.set(c.signal, e);
        total++;
        if (episodes.length < KEEP) episodes.push(e);
      } else if (ep) {
        ep.endTs = c.at;
        open.delete(c.signal);
      }
    };
    const feed = (ts: number, points: FlatPoint[]): void => {
      clock.t = ts;
      const readings = readSignals(unflattenSample(host.id, ts, points)).filter((r) => kinds.has(r.kind));
      for (const c of engine.observeReadings(host.id, ts, readings)) onChange(c);
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
      const r = resolution.get(seg.tier);
      resolution.set(seg.tier, {
        fromTs: Math.min(r?.fromTs ?? seg.fromTs, seg.fromTs),
        toTs: Math.max(r?.toTs ?? seg.toTs, seg.toTs),
      });
    }
    rows += seen;
    if (segments.length > 0) hosts++;
  }
  episodes.sort((a, b) => a.startTs - b.startTs || a.hostId.localeCompare(b.hostId));
  const order = ['1h', '15m', '1m', 'raw'] as const;
  return {
    hosts,
    rows,
    episodes: episodes.slice(0, MAX_EPISODES),
    total,
    resolution: order.filter((t) => resolution.has(t)).map((tier) => ({ tier, ...resolution.get(tier)! })),
  };
}
