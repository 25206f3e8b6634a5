import type { Rule, RuleSet } from './ruleTypes';
import type { Level } from './signalState';
import { goneWhenAbsent, type SignalId, type SignalKind } from './signals';

/** Least and greatest value of each stored series over a bucket, by "metric\u0001labels". */
export type BucketBounds = ReadonlyMap<string, readonly [number, number]>;

/** Where a signal stands in the rule engine (RuleEngine.tracks). */
export interface TrackState {
  kind: SignalKind;
  level: Level;
  pending: boolean;
}

interface Range {
  kind: SignalKind;
  lo: number;
  hi: number;
}

const SEP = '\u0001';

/** The stored series each host kind's reading is computed from (readSignals over unflattenSample). */
const KIND_METRICS: Partial<Record<SignalKind, readonly string[]>> = {
  cpu: ['cpu.busy_pct'],
  iowait: ['cpu.iowait_pct'],
  diskBusy: ['diskio.busy_pct'],
  pollLatency: ['host.poll_ms'],
  memory: ['mem.used_bytes', 'mem.total_bytes'],
  swap: ['swap.used_bytes', 'swap.total_bytes'],
  load: ['load.5', 'cpu.cores'],
  disk: ['disk.used_pct'],
  inodes: ['disk.inodes_used_pct'],
  netErrors: ['net.err_ps'],
};

/** The series a replay of these kinds needs the bounds of; the rest of a bucket is not decoded. */
export function metricsFor(kinds: Iterable<SignalKind>): Set<string> {
  return new Set([...kinds].flatMap((k) => KIND_METRICS[k] ?? []));
}

/**
 * The range each signal's reading can take over a bucket, from the bucket's stored bounds, as
 * readSignals would compute it from any one of the bucket's polls. Ratios (memory, swap, load per
 * core) take the widest range the parts allow, so the true readings always lie inside.
 */
export function signalRanges(bounds: BucketBounds, kinds: ReadonlySet<SignalKind>): Map<SignalId, Range> {
  const out = new Map<SignalId, Range>();
  const one = (metric: string): readonly [number, number] | undefined => bounds.get(`${metric}${SEP}`);
  const put = (id: SignalId, kind: SignalKind, r: readonly [number, number] | undefined): void => {
    if (r && kinds.has(kind)) out.set(id, { kind, lo: r[0], hi: r[1] });
  };
  put('cpu', 'cpu', one('cpu.busy_pct'));
  put('iowait', 'iowait', one('cpu.iowait_pct'));
  put('diskBusy', 'diskBusy', one('diskio.busy_pct'));
  put('pollLatency', 'pollLatency', one('host.poll_ms'));
  const ratio = (
    used: readonly [number, number] | undefined,
    total: readonly [number, number] | undefined,
  ): [number, number] | undefined => {
    if (!used || !total) return undefined;
    if (total[0] <= 0) return total[1] <= 0 ? [0, 0] : [0, Infinity];
    return [(used[0] / total[1]) * 100, (used[1] / total[0]) * 100];
  };
  put('memory', 'memory', ratio(one('mem.used_bytes'), one('mem.total_bytes')));
  const swapTotal = one('swap.total_bytes');
  // A host without swap has no swap signal; one that had it in part of the bucket: unbounded.
  if (swapTotal && swapTotal[1] > 0) put('swap', 'swap', ratio(one('swap.used_bytes'), swapTotal));
  const load5 = one('load.5');
  if (load5) {
    const cores = one('cpu.cores') ?? [1, 1];
    put('load', 'load', [load5[0] / Math.max(1, cores[1]), load5[1] / Math.max(1, cores[0])]);
  }
  for (const [key, r] of bounds) {
    const cut = key.indexOf(SEP);
    const metric = key.slice(0, cut);
    const labels = key.slice(cut + 1);
    if (metric === 'disk.used_pct' && labels.startsWith('mount=')) put(`disk:${labels.slice(6)}`, 'disk', r);
    else if (metric === 'disk.inodes_used_pct' && labels.startsWith('mount='))
      put(`inodes:${labels.slice(6)}`, 'inodes', r);
    else if (metric === 'net.err_ps' && labels.startsWith('iface='))
      put(`netErrors:${labels.slice(6)}`, 'netErrors', r);
  }
  return out;
}

/** Whether every value in [lo, hi] leaves a signal at `level`, with nothing pending, where it is. */
export function quiet(level: Level, rule: Rule, lo: number, hi: number): boolean {
  if (level === 'ok') return hi < Math.min(rule.warn, rule.critical);
  if (level === 'warn') return lo >= rule.clearWarn && hi < rule.critical;
  return lo >= Math.max(rule.clearWarn, rule.clearCritical);
}

/**
 * Whether a replay may pass over a bucket without feeding its polls: no signal of the tested
 * kinds has a change pending, and no value the bucket holds could start one (under the trip level
 * while ok, inside the band while raised). Then feeding the polls would change no level and leave
 * nothing pending, so the answer is the same without them. A raised signal of a kind that clears
 * when it goes missing (a disk unmounted) is never passed over: the bounds cannot tell whether
 * every poll had it.
 */
export function canPass(
  rules: RuleSet,
  tracks: ReadonlyMap<SignalId, TrackState>,
  bounds: BucketBounds,
  kinds: ReadonlySet<SignalKind>,
): boolean {
  const ranges = signalRanges(bounds, kinds);
  for (const [id, t] of tracks) {
    if (!kinds.has(t.kind)) continue;
    const rule = rules.rules[t.kind];
    if (!rule.enabled) continue;
    if (t.pending || (t.level !== 'ok' && goneWhenAbsent(t.kind))) return false;
    const r = ranges.get(id);
    // Missing from the bucket: unknown for these kinds (no change), or gone while ok (no change).
    if (r && !quiet(t.level, rule, r.lo, r.hi)) return false;
  }
  for (const [id, r] of ranges) {
    if (tracks.has(id)) continue;
    const rule = rules.rules[r.kind];
    if (rule.enabled && !quiet('ok', rule, r.lo, r.hi)) return false;
  }
  return true;
}
