import type Database from 'better-sqlite3';
import type { FlatPoint } from '../../../shared/metrics';
import { decodeRaw, decodeRollup, dequantise, readable } from './codec';
import { bucketOf, TIERS, type TierName } from './rollups';
import { seriesKey, type SeriesIndex } from './seriesIndex';

/** A stretch of a host's history read from one tier: raw polls, or buckets of `stepMs` (means). */
export interface HistorySegment {
  tier: TierName;
  /** A rollup tier's bucket; for raw polls, the median gap between them (null with under two). */
  stepMs: number | null;
  /** Raw polls in the stretch, counted up to GAP_SAMPLE (0 for a rollup tier: not counted). */
  polls: number;
  fromTs: number;
  toTs: number;
}

interface Row {
  ts: number;
  layout: number;
  n: number;
  vals: Buffer;
}

const TABLES = ['raw', ...TIERS.map((t) => t.table)] as const;
/** Polls at each end of a raw stretch its typical gap is read from. */
const GAP_SAMPLE = 1_000;
const TIER_NAMES: TierName[] = ['raw', ...TIERS.map((t) => t.name)];
const STEPS: (number | null)[] = [null, ...TIERS.map((t) => t.stepMs)];
/** Each rollup tier's bucket, by name. */
export const TIER_STEP: Record<Exclude<TierName, 'raw'>, number> = {
  '1m': 60_000,
  '15m': 15 * 60_000,
  '1h': 3_600_000,
};

/**
 * A host's whole history over a range, oldest first, each stretch from the finest tier that holds
 * it: raw polls where they are kept (the newest days), then 1-minute, 15-minute and hourly means
 * before that. What a back-test of a rule replays. Rows that do not read (damaged, crafted) are
 * skipped, as the chart queries skip them.
 */
export class HistoryRows {
  private readonly oldest;
  private readonly rows;
  private readonly rawTimes;

  constructor(
    db: Database.Database,
    private readonly index: SeriesIndex,
  ) {
    this.oldest = TABLES.map((t) => db.prepare(`SELECT min(ts) FROM ${t} WHERE host = ?`).pluck());
    this.rawTimes = [
      db
        .prepare(`SELECT ts FROM raw WHERE host = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ${GAP_SAMPLE}`)
        .pluck(),
      db
        .prepare(
          `SELECT ts FROM raw WHERE host = ? AND ts >= ? AND ts < ? ORDER BY ts DESC LIMIT ${GAP_SAMPLE}`,
        )
        .pluck(),
    ];
    this.rows = TABLES.map((t) =>
      db.prepare(
        `SELECT ts, layout, ${t === 'raw' ? '1 AS n' : 'n'}, vals FROM ${t} WHERE host = ? AND ts >= ? AND ts < ? ORDER BY ts`,
      ),
    );
  }

  /** Which tier covers which part of [from, to] for the host, oldest stretch first. */
  segments(hostId: string, from: number, to: number): HistorySegment[] {
    const host = this.index.hostNum(hostId);
    if (host === null || to < from) return [];
    const out: HistorySegment[] = [];
    let end = to + 1; // exclusive
    for (let k = 0; k < TABLES.length && end > from; k++) {
      const first = this.oldest[k]!.get(host) as number | null;
      if (typeof first !== 'number' || !Number.isFinite(first)) continue;
      const step = STEPS[k]!;
      // A bucket is read only where it ends before the finer tier begins: one that holds the
      // finer tier's first rows would count them twice.
      const until = step === null || k === 0 || end === to + 1 ? end : bucketOf(end, step);
      const start = Math.max(from, first);
      if (start >= until) continue;
      const gaps = k === 0 ? this.gaps(host, start, until) : { median: step, polls: 0 };
      out.unshift({
        tier: TIER_NAMES[k]!,
        stepMs: gaps.median,
        polls: gaps.polls,
        fromTs: start,
        toTs: until - 1,
      });
      end = start;
    }
    return out;
  }

  /**
   * How often the host was polled over [from, until): the median gap between its raw rows, at the
   * stretch's start and at its end (the greater: an interval changed in between reads as the
   * slower), each over its first or last GAP_SAMPLE polls.
   */
  private gaps(host: number, from: number, until: number): { median: number | null; polls: number } {
    let polls = 0;
    const medians = this.rawTimes.map((q) => {
      const ts = q.all(host, from, until) as number[];
      polls = Math.max(polls, ts.length);
      if (ts.length < 2) return NaN;
      const gaps = new Float64Array(ts.length - 1);
      for (let i = 1; i < ts.length; i++) gaps[i - 1] = Math.abs(ts[i]! - ts[i - 1]!);
      gaps.sort();
      return gaps[gaps.length >> 1]!;
    });
    return { median: polls < 2 ? null : Math.max(...medians), polls };
  }

  /**
   * Calls `fn` with each stored row of the host over [from, to] in time order, as points (a
   * bucket's mean for the rollup tiers), and the segment it belongs to.
   */
  forEach(
    hostId: string,
    from: number,
    to: number,
    fn: (ts: number, points: FlatPoint[], segment: HistorySegment) => void,
  ): HistorySegment[] {
    const segments = this.segments(hostId, from, to);
    for (const seg of segments)
      this.rowsOf(hostId, seg.tier, seg.fromTs, seg.toTs + 1, (ts, p) => fn(ts, p, seg));
    return segments;
  }

  /**
   * The host's rows of one tier over [from, until), oldest first, as points (rollups: means); only
   * the series of `metrics` when given (a group's replay needs a few of a row's many).
   */
  rowsOf(
    hostId: string,
    tier: TierName,
    from: number,
    until: number,
    fn: (ts: number, points: FlatPoint[]) => void,
    metrics?: ReadonlySet<string>,
  ): void {
    const host = this.index.hostNum(hostId);
    const k = TIER_NAMES.indexOf(tier);
    if (host === null || k < 0) return;
    for (const row of this.rows[k]!.iterate(host, from, until) as IterableIterator<Row>) {
      const layout = this.index.layout(row.layout);
      if (!layout || !readable(row)) continue;
      const width = layout.metrics.length;
      let values: number[];
      try {
        values =
          k === 0
            ? decodeRaw(row.vals, width)
            : decodeRollup(row.vals, row.n, width).map((a) => a.sum / row.n);
      } catch {
        continue;
      }
      const points: FlatPoint[] = [];
      for (let i = 0; i < width; i++)
        if (!metrics || metrics.has(layout.metrics[i]!))
          points.push([layout.metrics[i]!, layout.labels[i]!, dequantise(values[i]!, layout.scales[i]!)]);
      fn(row.ts, points);
    }
  }

  /**
   * The host's buckets of a rollup tier over [from, until), oldest first: each series' least and
   * greatest value in the bucket (seriesKey → [min, max]), for the series of `metrics`. What lets a replay pass over a stretch
   * where no value comes near a rule's level without reading its polls.
   */
  bucketsOf(
    hostId: string,
    tier: Exclude<TierName, 'raw'>,
    from: number,
    until: number,
    metrics: ReadonlySet<string>,
    fn: (ts: number, bounds: ReadonlyMap<string, readonly [number, number]>) => void,
  ): void {
    const host = this.index.hostNum(hostId);
    const k = TIER_NAMES.indexOf(tier);
    if (host === null || k <= 0) return;
    for (const row of this.rows[k]!.iterate(host, from, until) as IterableIterator<Row>) {
      const layout = this.index.layout(row.layout);
      if (!layout || !readable(row)) continue;
      let aggs;
      try {
        aggs = decodeRollup(row.vals, row.n, layout.metrics.length);
      } catch {
        continue;
      }
      const bounds = new Map<string, readonly [number, number]>();
      aggs.forEach((a, i) => {
        if (!metrics.has(layout.metrics[i]!)) return;
        const scale = layout.scales[i]!;
        bounds.set(seriesKey(layout.metrics[i]!, layout.labels[i]!), [
          dequantise(a.min, scale),
          dequantise(a.max, scale),
        ]);
      });
      fn(row.ts, bounds);
    }
  }
}
