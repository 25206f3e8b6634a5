import type { FlatPoint } from '../../../shared/metrics';
import { quiet, signalRanges, type BucketBounds, type TrackState } from '../rules/replaySkip';
import type { RuleSet } from '../rules/ruleTypes';
import type { SignalId, SignalKind } from '../rules/signals';

/**
 * The group kinds that are a mean of the members' values, and the host kind each member's value
 * is read as: a mean of any of the members lies between the least and the greatest of them, so
 * a bucket's bounds across the members bound the group's reading over it.
 */
const MEAN_OF: Partial<Record<SignalKind, SignalKind>> = {
  groupCpu: 'cpu',
  groupMemory: 'memory',
  groupLoad: 'load',
};

/**
 * The host kinds whose bounds decide a pass, when every kind tested is a mean; null when one is
 * not (hosts to spare hang on a day's peak, skew on each member's share): then every step is read.
 */
export function passableKinds(kinds: ReadonlySet<SignalKind>): Set<SignalKind> | null {
  const out = new Set<SignalKind>();
  for (const k of kinds) {
    const m = MEAN_OF[k];
    if (!m) return null;
    out.add(m);
  }
  return out;
}

/** The ranges of the host kinds' values over a bucket (each computed once, then held). */
export type Ranges = ReturnType<typeof signalRanges>;

export function rangesOf(bounds: BucketBounds, hostKinds: ReadonlySet<SignalKind>): Ranges {
  return signalRanges(bounds, hostKinds);
}

/** One row's values as ranges (each its own least and greatest). */
export function rangesOfPoints(points: readonly FlatPoint[], hostKinds: ReadonlySet<SignalKind>): Ranges {
  const bounds = new Map(points.map(([metric, labels, v]) => [`${metric}\u0001${labels}`, [v, v] as const]));
  return signalRanges(bounds, hostKinds);
}

/**
 * Whether a group's replay may pass over a stretch without feeding its steps: no tested signal
 * has a change pending, and the mean of any members, each anywhere within its bounds (what it
 * may carry into the stretch, and its bucket's), leaves every tested signal where it is.
 */
export function groupCanPass(
  rules: RuleSet,
  tracks: ReadonlyMap<SignalId, TrackState>,
  memberRanges: readonly Ranges[],
  kinds: ReadonlySet<SignalKind>,
): boolean {
  for (const t of tracks.values()) if (kinds.has(t.kind) && t.pending) return false;
  const lo = new Map<SignalKind, number>();
  const hi = new Map<SignalKind, number>();
  for (const ranges of memberRanges)
    for (const r of ranges.values()) {
      lo.set(r.kind, Math.min(lo.get(r.kind) ?? Infinity, r.lo));
      hi.set(r.kind, Math.max(hi.get(r.kind) ?? -Infinity, r.hi));
    }
  for (const k of kinds) {
    const rule = rules.rules[k];
    const m = MEAN_OF[k]!;
    const a = lo.get(m);
    const b = hi.get(m);
    // No member gives a value: the group gives no reading, which changes nothing for a mean.
    if (!rule.enabled || a === undefined || b === undefined) continue;
    if (!quiet(tracks.get(k)?.level ?? 'ok', rule, a, b)) return false;
  }
  return true;
}
