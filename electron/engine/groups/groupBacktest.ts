import { unflattenSample, type FlatPoint } from '../../../shared/metrics';
import type { Sample } from '../../../shared/schemas';
import { rawInterval, type HistorySource } from '../rules/backtest';
import { ReplayClock, type Collect } from '../rules/episodes';
import { metricsFor } from '../rules/replaySkip';
import { resolveRules } from '../rules/ruleConfig';
import { RuleEngine, type RuleEngineHost } from '../rules/ruleEngine';
import type { RulesConfig } from '../rules/ruleTypes';
import type { SignalKind } from '../rules/signals';
import type { HistorySegment } from '../store/historyRows';
import { TIER_STEP } from '../store/historyRows';
import type { TierName } from '../store/rollups';
import { groupSubjectId } from './groupAlerting';
import { groupReadings, memberSpreads, PeakWindow, sampleBalance, type MemberSample } from './groupReadings';
import { GROUP_EVAL_MS } from './groupService';
import { groupCanPass, passableKinds, rangesOf, rangesOfPoints, type Ranges } from './groupSkip';

/** A host of a group as the replay takes it: its rules' facts, interval and name. */
export interface GroupMember extends RuleEngineHost {
  name: string;
}

export interface GroupBacktestRun {
  config: RulesConfig;
  /** Group kinds only. */
  kinds: readonly SignalKind[];
  /** Each group (tag) with its members in the board's order (the live service sums in that order). */
  groups: readonly { tag: string; members: readonly GroupMember[] }[];
  from: number;
  to: number;
  source: HistorySource;
}

/** The group's step per tier: the live evaluation's over raw polls, a bucket over rollups. */
const STEP: Record<TierName, number> = { raw: GROUP_EVAL_MS, ...TIER_STEP };
const RANK: Record<TierName, number> = { raw: 0, '1m': 1, '15m': 2, '1h': 3 };
/** Rows are read an hour of every member at a time, so a month of raw polls is never all in memory. */
const HOUR = 3_600_000;
const QUARTER = 15 * 60_000;
/** The series a group's readings are computed from (memberSpreads, sampleBalance). */
const GROUP_METRICS: ReadonlySet<string> = new Set([
  'cpu.busy_pct',
  'cpu.cores',
  'mem.used_bytes',
  'mem.total_bytes',
  'load.1',
  'load.5',
  'load.15',
  'net.rx_bps',
  'net.tx_bps',
]);
/** A member counts while its last sample is this many of its intervals old (as GroupService.compute). */
const FRESH_INTERVALS = 3;

interface Stretch {
  tier: TierName;
  fromTs: number;
  /** Inclusive. */
  toTs: number;
}

/**
 * The stretches a group is replayed in: where every member's history is at least as fine as
 * the coarsest of them there, that tier (members are read together, so at the coarsest one).
 */
export function groupStretches(segs: readonly (readonly HistorySegment[])[]): Stretch[] {
  const cuts = [...new Set(segs.flat().flatMap((s) => [s.fromTs, s.toTs + 1]))].sort((a, b) => a - b);
  const out: Stretch[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    let tier: TierName | null = null;
    for (const list of segs)
      for (const s of list)
        if (s.fromTs <= a && s.toTs >= b - 1 && (tier === null || RANK[s.tier] > RANK[tier])) tier = s.tier;
    if (tier === null) continue;
    const prev = out.at(-1);
    if (prev && prev.tier === tier && prev.toTs + 1 === a) prev.toTs = b - 1;
    else out.push({ tier, fromTs: a, toTs: b - 1 });
  }
  return out;
}

/** Each member's bucket ranges by bucket start, and its newest bucket read. */
interface Buckets {
  byMember: Map<string, Map<number, Ranges>>;
  newest: Map<string, number>;
}

interface MemberState {
  m: GroupMember;
  segs: HistorySegment[];
  staleAfter: number;
  /** The member's freshness window in the current stretch. */
  window: number;
  rows: [number, FlatPoint[]][];
  next: number;
  lastTs: number | null;
  lastPoints: FlatPoint[] | null;
  lastSample: Sample | null;
  /** What the member may carry into the next hour: its last row's values, or a passed hour's range. */
  carry: Ranges | null;
  /** The hour before was passed over: read back a freshness window for the member's last row. */
  lookback: boolean;
}

/** What the replay rests on for these kinds, in words. */
export function groupNotes(kinds: ReadonlySet<SignalKind>): string[] {
  const out: string[] = [];
  if (kinds.has('skew'))
    out.push(
      'Skew is judged from each member’s share of CPU and network in the stored samples: a balancer’s request counts and weights are not kept in the history, so each member is expected to take an equal share.',
    );
  if (kinds.has('groupSpare'))
    out.push(
      'Hosts to spare are judged from the busiest minute since the test’s start (the live rule looks back a day): its first day rests on a shorter peak.',
    );
  return out;
}

/**
 * Runs group rules over the stored history of each group's members, as the live GroupService
 * would have judged them: at each evaluation step (every GROUP_EVAL_MS over raw polls, each
 * bucket over rollups), the members whose last sample is fresh give the group's readings through
 * the service's own functions (memberSpreads, sampleBalance, groupReadings), fed to a rule
 * engine on the history's time as the subject `group:<tag>`, judged by the tag's rules.
 */
export function groupBacktest(run: GroupBacktestRun, into: Collect): { groups: number; rows: number } {
  const kinds = new Set(run.kinds);
  const wantSkew = kinds.has('skew');
  const wantSpare = kinds.has('groupSpare');
  const hostKinds = passableKinds(kinds);
  const boundMetrics = metricsFor(hostKinds ?? []);
  let groups = 0;
  let rows = 0;
  for (const g of run.groups) {
    const members: MemberState[] = g.members.map((m) => ({
      m,
      segs: run.source.segments(m.id, run.from, run.to),
      staleAfter: resolveRules(run.config, m).staleAfterIntervals,
      window: 0,
      rows: [],
      next: 0,
      lastTs: null,
      lastPoints: null,
      lastSample: null,
      carry: null,
      lookback: false,
    }));
    const stretches = groupStretches(members.map((s) => s.segs));
    if (stretches.length === 0) continue;
    groups++;
    for (const s of members) if (s.segs.length > 0) into.read.add(s.m.id);
    const subject = groupSubjectId(g.tag);
    const name = `group ${g.tag}`;
    const names = new Map(g.members.map((m) => [m.id, m.name]));
    const clock = new ReplayClock();
    const engine = new RuleEngine({ clock, config: run.config });
    const peak = new PeakWindow();
    let interval: number | null = null;

    const evaluate = (t: number): void => {
      const fresh: MemberSample[] = [];
      for (const s of members) {
        if (s.lastTs === null || t - s.lastTs > s.window) continue;
        s.lastSample ??= unflattenSample(s.m.id, s.lastTs, s.lastPoints!);
        fresh.push({ hostId: s.m.id, name: s.m.name, sample: s.lastSample });
      }
      if (fresh.length === 0) return; // as live: a group with no fresh member is not judged
      const spreads = memberSpreads(fresh);
      const balance = wantSkew ? sampleBalance(fresh, () => 1, names) : [];
      if (wantSpare && spreads.cpu) peak.add(t, spreads.totalCpu);
      const figures = { ...spreads, scaleIn: null, balance };
      const { readings } = groupReadings(g.tag, fresh.length, figures, wantSpare ? peak.peak() : null);
      clock.t = t;
      const tested = readings.filter((r) => kinds.has(r.kind));
      for (const c of engine.observeReadings(subject, t, tested))
        if (kinds.has(c.kind as SignalKind)) into.episodes.add(subject, name, c);
    };
    /** Moves each member's last sample up to `t` (all rows read so far with `t` Infinity). */
    const advance = (t: number): void => {
      for (const s of members) {
        while (s.next < s.rows.length && s.rows[s.next]![0] <= t) {
          const [ts, points] = s.rows[s.next++]!;
          s.lastTs = ts;
          s.lastPoints = points;
          s.lastSample = null;
        }
      }
    };

    const ruleSet = resolveRules(run.config, { id: subject, tags: [g.tag] });
    /** Each member's bucket ranges of a tier over [from, until), and the newest bucket read for it. */
    const bucketRanges = (tier: '1h' | '15m', from: number, until: number): Buckets => {
      const byMember = new Map<string, Map<number, Ranges>>();
      const newest = new Map<string, number>();
      for (const s of members) {
        const mine = new Map<number, Ranges>();
        run.source.bucketsOf(s.m.id, tier, from, until, boundMetrics, (ts, b) => {
          mine.set(ts, rangesOf(b, hostKinds!));
          newest.set(s.m.id, ts);
        });
        byMember.set(s.m.id, mine);
      }
      return { byMember, newest };
    };
    /**
     * Whether the bucket at `at` can be passed over: every member's bucket known (a member without
     * one has no rows there only if a later bucket is summarised for it), and groupCanPass.
     */
    const canPass = (b: Buckets, at: number): boolean => {
      const ranges: Ranges[] = [];
      for (const s of members) {
        const r = b.byMember.get(s.m.id)?.get(at);
        if (r) ranges.push(r);
        else if ((b.newest.get(s.m.id) ?? -Infinity) <= at) return false;
        if (s.carry) ranges.push(s.carry);
      }
      return groupCanPass(ruleSet, engine.tracks(subject), ranges, kinds);
    };

    for (const st of stretches) {
      const step = STEP[st.tier];
      if (step !== interval) {
        interval = step;
        engine.setHost({ id: subject, tags: [g.tag], intervalMs: step });
      }
      into.resolution.add(st.tier, st.fromTs, st.toTs);
      for (const s of members) {
        const seg = s.segs.find((x) => x.tier === 'raw' && x.fromTs <= st.fromTs && x.toTs >= st.fromTs);
        const every = st.tier !== 'raw' ? step : seg ? rawInterval(s.m, seg, s.staleAfter) : s.m.intervalMs;
        s.window = Math.min(FRESH_INTERVALS, s.staleAfter) * every;
      }
      let t = Math.ceil(st.fromTs / step) * step;
      /** Passes over [c, end): the members carry the bucket's ranges, and read back a window after. */
      const pass = (b: Buckets, at: number, end: number): void => {
        for (const s of members) {
          s.carry = b.byMember.get(s.m.id)?.get(at) ?? null;
          s.lookback = true;
          s.lastTs = null;
        }
        while (t < end) t += step;
      };
      const read = (c: number, end: number, carry: boolean): void => {
        for (const s of members) {
          s.rows = [];
          s.next = 0;
          // After a pass, the rows just before say which members are still fresh.
          const from = s.lookback ? c - s.window : c;
          s.lookback = false;
          run.source.rowsOf(s.m.id, st.tier, from, end, (ts, p) => s.rows.push([ts, p]), GROUP_METRICS);
          rows += s.rows.length;
        }
        for (; t < end; t += step) {
          advance(t);
          evaluate(t);
        }
        advance(Infinity);
        for (const s of members)
          s.carry =
            carry && s.lastPoints && s.lastTs !== null && end - s.lastTs <= s.window
              ? rangesOfPoints(s.lastPoints, hostKinds!)
              : null;
      };
      // Quiet hours are passed over by the members' hourly ranges, then quarters of the rest by
      // their quarter-hour ones (a member's freshness must end within what is passed).
      const byHour = hostKinds !== null && st.tier !== '1h' && members.every((s) => s.window <= HOUR);
      const byQuarter = byHour && st.tier !== '15m' && members.every((s) => s.window <= QUARTER);
      const hours = byHour ? bucketRanges('1h', Math.floor(st.fromTs / HOUR) * HOUR, st.toTs + 1) : null;
      for (let c = st.fromTs; c <= st.toTs; c = Math.floor(c / HOUR) * HOUR + HOUR) {
        const h = Math.floor(c / HOUR) * HOUR;
        const end = Math.min(h + HOUR, st.toTs + 1);
        if (hours && canPass(hours, h)) pass(hours, h, end);
        else if (!byQuarter) read(c, end, byHour);
        else {
          const quarters = bucketRanges('15m', h, h + HOUR);
          for (let q = c; q < end; q = Math.floor(q / QUARTER) * QUARTER + QUARTER) {
            const at = Math.floor(q / QUARTER) * QUARTER;
            const qEnd = Math.min(at + QUARTER, end);
            if (canPass(quarters, at)) pass(quarters, at, qEnd);
            else read(q, qEnd, true);
          }
        }
      }
    }
  }
  return { groups, rows };
}
