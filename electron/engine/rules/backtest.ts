import type { BacktestResult, Episode } from '../../../shared/backtest';
import { MAX_EPISODES } from '../../../shared/backtest';
import { unflattenSample, type FlatPoint } from '../../../shared/metrics';
import type { Clock } from '../clock';
import type { HistorySegment } from '../store/historyRows';
import { resolveRules } from './ruleConfig';
import { RuleEngine, type RuleEngineHost, type StateChange } from './ruleEngine';
import type { RulesConfig } from './ruleTypes';
import { readSignals, type SignalKind } from './signals';

/** Where a back-test reads a host's history from (Store.eachHistoryRow). */
export type HistoryReader = (
  hostId: string,
  from: number,
  to: number,
  fn: (ts: number, points: FlatPoint[], segment: HistorySegment) => void,
) => HistorySegment[];

export interface BacktestRun {
  config: RulesConfig;
  kinds: readonly SignalKind[];
  hosts: readonly RuleEngineHost[];
  from: number;
  to: number;
  read: HistoryReader;
}

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

/** A clock the replay sets to each row's time: `for` and staleness run in the history's time. */
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

/**
 * Runs rules over stored history, host by host, with the live rule engine itself: each stored
 * row becomes the sample the engine saw, in time order. Raw polls are the polls the live engine
 * judged, so over them the answer is what it did (see rawInterval for a changed interval); over
 * rollup buckets (older history) the row is
 * a bucket's means, and the host's interval is the bucket's step so the engine does not take the
 * gap between buckets for data that stopped. Only state changes of the kinds tested count;
 * staleness (data stopping) is not a rule and is left out.
 */
export function backtest(run: BacktestRun): Omit<BacktestResult, 'fromTs' | 'toTs' | 'kinds'> {
  const kinds = new Set(run.kinds);
  const episodes: Episode[] = [];
  let total = 0;
  let rows = 0;
  let hosts = 0;
  const resolution = new Map<string, { fromTs: number; toTs: number }>();
  for (const host of run.hosts) {
    const clock = new ReplayClock();
    const engine = new RuleEngine({ clock, config: run.config });
    const staleAfter = resolveRules(run.config, host).staleAfterIntervals;
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
    const segments = run.read(host.id, run.from, run.to, (ts, points, seg) => {
      // Raw polls: the host's interval, or how often the history shows it was polled where that
      // was slower (the interval was changed since), so the gaps are not taken for stale data.
      const step = seg.tier === 'raw' ? rawInterval(host, seg, staleAfter) : (seg.stepMs ?? host.intervalMs);
      if (step !== interval) {
        interval = step;
        engine.setHost({ ...host, intervalMs: step });
      }
      clock.t = ts;
      const sample = unflattenSample(host.id, ts, points);
      const readings = readSignals(sample).filter((r) => kinds.has(r.kind));
      for (const c of engine.observeReadings(host.id, ts, readings)) onChange(c);
      seen++;
    });
    rows += seen;
    if (seen > 0) hosts++;
    for (const s of segments) {
      const r = resolution.get(s.tier);
      resolution.set(s.tier, {
        fromTs: Math.min(r?.fromTs ?? s.fromTs, s.fromTs),
        toTs: Math.max(r?.toTs ?? s.toTs, s.toTs),
      });
    }
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
