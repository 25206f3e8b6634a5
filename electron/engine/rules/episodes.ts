import type { Episode } from '../../../shared/backtest';
import { MAX_EPISODES } from '../../../shared/backtest';
import type { Clock } from '../clock';
import type { Level } from './signalState';

/** Episodes kept before the oldest are chosen (a rule that flaps all week still answers). */
const KEEP = 50 * MAX_EPISODES;

/** A clock a replay sets to each step's time: `for` runs in the history's time. */
export class ReplayClock implements Clock {
  t = 0;
  now(): number {
    return this.t;
  }
  setTimeout(): unknown {
    throw new Error('a back-test runs no timers');
  }
  clearTimeout(): void {}
}

/** One signal's level change as a replay sees it (a rule engine's StateChange, or a forecast's). */
export interface LevelChange {
  signal: string;
  kind: string;
  to: Level | 'stale';
  at: number;
  reason: string;
}

/**
 * The episodes of a back-test: each signal's rise (to warn or critical) until its clear, per
 * subject. One collector serves every subject of a run; `total` counts all, `list` keeps the
 * first KEEP for the oldest to be chosen from.
 */
export class EpisodeCollector {
  total = 0;
  private readonly kept: Episode[] = [];
  private readonly open = new Map<string, Episode>();

  /** Feeds one change of the subject `id` (called `name`). */
  add(id: string, name: string, c: LevelChange): void {
    const key = `${id}\u0000${c.signal}`;
    const ep = this.open.get(key);
    if (c.to === 'warn' || c.to === 'critical') {
      if (ep) {
        if (c.to === 'critical') ep.level = 'critical';
        return;
      }
      const e: Episode = {
        hostId: id,
        name,
        signal: c.signal,
        kind: c.kind,
        level: c.to,
        startTs: c.at,
        endTs: null,
        reason: c.reason,
      };
      this.open.set(key, e);
      this.total++;
      if (this.kept.length < KEEP) this.kept.push(e);
    } else if (ep) {
      ep.endTs = c.at;
      this.open.delete(key);
    }
  }

  /** The oldest MAX_EPISODES, oldest first (ties by subject). */
  episodes(): Episode[] {
    return this.kept
      .sort((a, b) => a.startTs - b.startTs || a.hostId.localeCompare(b.hostId))
      .slice(0, MAX_EPISODES);
  }
}

/** Which tier answered which stretch, gathered over subjects; finest last. */
export class ResolutionSpans {
  private readonly spans = new Map<string, { fromTs: number; toTs: number }>();

  add(tier: string, fromTs: number, toTs: number): void {
    const r = this.spans.get(tier);
    this.spans.set(tier, {
      fromTs: Math.min(r?.fromTs ?? fromTs, fromTs),
      toTs: Math.max(r?.toTs ?? toTs, toTs),
    });
  }

  list(): { tier: '1h' | '15m' | '1m' | 'raw'; fromTs: number; toTs: number }[] {
    const order = ['1h', '15m', '1m', 'raw'] as const;
    return order.filter((t) => this.spans.has(t)).map((tier) => ({ tier, ...this.spans.get(tier)! }));
  }
}

/** Where a replay puts its results: shared by the host, group and forecast replays of one request. */
export interface Collect {
  episodes: EpisodeCollector;
  resolution: ResolutionSpans;
  /** Hosts whose history was read. */
  read: Set<string>;
}

export function newCollect(): Collect {
  return { episodes: new EpisodeCollector(), resolution: new ResolutionSpans(), read: new Set() };
}
