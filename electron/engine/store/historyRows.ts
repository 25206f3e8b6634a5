import type Database from 'better-sqlite3';
import type { FlatPoint } from '../../../shared/metrics';
import { decodeRaw, decodeRollup, dequantise, readable } from './codec';
import { bucketOf, TIERS, type TierName } from './rollups';
import type { SeriesIndex } from './seriesIndex';

/** A stretch of a host's history read from one tier: raw polls, or buckets of `stepMs` (means). */
export interface HistorySegment {
  tier: TierName;
  /** A rollup tier's bucket; for raw polls, the median gap between them (null with under two). */
  stepMs: number | null;
  /** Raw polls in the stretch (0 for a rollup tier: not counted). */
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
const TIER_NAMES: TierName[] = ['raw', ...TIERS.map((t) => t.name)];
const STEPS: (number | null)[] = [null, ...TIERS.map((t) => t.stepMs)];

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
    this.rawTimes = db
      .prepare('SELECT ts FROM raw WHERE host = ? AND ts >= ? AND ts < ? ORDER BY ts')
      .pluck();
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

  /** How often the host was polled over [from, until): the median gap between its raw rows. */
  private gaps(host: number, from: number, until: number): { median: number | null; polls: number } {
    const ts = this.rawTimes.all(host, from, until) as number[];
    if (ts.length < 2) return { median: null, polls: ts.length };
    const gaps = new Float64Array(ts.length - 1);
    for (let i = 1; i < ts.length; i++) gaps[i - 1] = ts[i]! - ts[i - 1]!;
    gaps.sort();
    return { median: gaps[gaps.length >> 1]!, polls: ts.length };
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
    const host = this.index.hostNum(hostId);
    const segments = this.segments(hostId, from, to);
    if (host === null) return segments;
    for (const seg of segments) {
      const k = TIER_NAMES.indexOf(seg.tier);
      for (const row of this.rows[k]!.iterate(host, seg.fromTs, seg.toTs + 1) as IterableIterator<Row>) {
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
        const points = values.map(
          (q, i) => [layout.metrics[i]!, layout.labels[i]!, dequantise(q, layout.scales[i]!)] as FlatPoint,
        );
        fn(row.ts, points, seg);
      }
    }
    return segments;
  }
}
