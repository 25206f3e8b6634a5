import type Database from 'better-sqlite3';
import { decodeRaw, decodeRollup, encodeRollup, readable, VarintWriter, type Agg } from './codec';
import type { SeriesIndex } from './seriesIndex';

/** Rollup tiers, finest first. Each step divides the next, so a bucket never straddles two. */
export const TIERS = [
  { name: '1m', table: 'rollup_1m', stepMs: 60_000 },
  { name: '15m', table: 'rollup_15m', stepMs: 15 * 60_000 },
  { name: '1h', table: 'rollup_1h', stepMs: 3_600_000 },
] as const;
export type TierName = 'raw' | (typeof TIERS)[number]['name'];

export function bucketOf(ts: number, stepMs: number): number {
  return ts - (((ts % stepMs) + stepMs) % stepMs);
}

interface Acc {
  bucket: number;
  layout: number;
  n: number;
  aggs: Agg[];
}

/**
 * Builds the rollup tiers as raw rows arrive. A bucket is summarised once it has closed (a
 * later row for the host arrived), from the tier below, in the same transaction as that row:
 * so after a crash every closed bucket is either fully summarised or not at all, and the next
 * write summarises whatever was left, including a bucket split across a restart. A row that
 * lands in a bucket already summarised (the clock went back) has that bucket rebuilt.
 */
export class Rollups {
  /** Per host, per tier: start of the bucket still open (everything before it is summarised). */
  private readonly open = new Map<number, number[]>();
  private readonly w = new VarintWriter();
  private readonly stmts;
  private readonly newestRaw;

  constructor(
    private readonly db: Database.Database,
    private readonly index: SeriesIndex,
  ) {
    this.newestRaw = db.prepare('SELECT max(ts) FROM raw WHERE host = ?').pluck();
    this.stmts = TIERS.map((t, k) => {
      const source = k === 0 ? null : TIERS[k - 1];
      return {
        lastBucket: db.prepare(`SELECT max(ts) FROM ${t.table} WHERE host = ?`).pluck(),
        insert: db.prepare(
          `INSERT OR REPLACE INTO ${t.table} (host, ts, layout, n, vals) VALUES (?, ?, ?, ?, ?)`,
        ),
        clear: db.prepare(`DELETE FROM ${t.table} WHERE host = ? AND ts >= ? AND ts < ?`),
        sourceRows: source
          ? db.prepare(
              `SELECT ts, layout, n, vals FROM ${source.table} WHERE host = ? AND ts >= ? AND ts < ? ORDER BY ts`,
            )
          : db.prepare(
              'SELECT ts, layout, 1 AS n, vals FROM raw WHERE host = ? AND ts >= ? AND ts < ? ORDER BY ts',
            ),
      };
    });
  }

  /** Call before writing a raw row of the host (loads where its buckets stand). */
  beforeRaw(host: number): void {
    this.openBuckets(host);
  }

  /** Call after writing a raw row at `ts`, inside the same transaction. */
  afterRaw(host: number, ts: number): void {
    const open = this.openBuckets(host);
    for (let k = 0; k < TIERS.length; k++) {
      const tier = TIERS[k]!;
      const b = bucketOf(ts, tier.stepMs);
      const current = open[k]!;
      if (b === current) return; // coarser buckets cannot have closed either
      if (b > current) {
        this.summarise(k, host, current, b);
        open[k] = b;
      } else {
        this.summarise(k, host, b, b + tier.stepMs);
      }
    }
  }

  /** Forgets cached state, e.g. after a host's rows were deleted. */
  forget(host: number): void {
    this.open.delete(host);
  }

  /** End of what tier k has summarised for the host (start of its open bucket), or null. */
  summarisedUntil(host: number, k: number): number | null {
    const cached = this.open.get(host)?.[k];
    if (cached !== undefined && cached !== -Infinity) return cached;
    const last = this.lastBucket(k, host);
    return last === null ? null : last + TIERS[k]!.stepMs;
  }

  /**
   * The open bucket of each tier is the one holding the host's newest raw row: every commit
   * leaves all buckets before it summarised. Anything found missing (a file from an older
   * version, or hand-edited) is summarised here, so the tiers heal rather than drift.
   */
  private openBuckets(host: number): number[] {
    let open = this.open.get(host);
    if (!open) {
      const newest = this.newestRaw.get(host) as number | null;
      open = TIERS.map((t, k) => {
        if (newest === null) return -Infinity;
        const b = bucketOf(newest, t.stepMs);
        const last = this.lastBucket(k, host);
        if (last === null || last + t.stepMs < b)
          this.summarise(k, host, last === null ? -Infinity : last + t.stepMs, b);
        return b;
      });
      this.open.set(host, open);
    }
    return open;
  }

  /** Start of tier k's newest bucket; a time that is not a number (a crafted file) counts as none. */
  private lastBucket(k: number, host: number): number | null {
    const last: unknown = this.stmts[k]!.lastBucket.get(host);
    return typeof last === 'number' && Number.isFinite(last) ? last : null;
  }

  /** (Re)writes tier k's buckets starting in [from, to) from the tier below. */
  private summarise(k: number, host: number, from: number, to: number): void {
    const tier = TIERS[k]!;
    const s = this.stmts[k]!;
    const lo = from === -Infinity ? Number.MIN_SAFE_INTEGER : from;
    s.clear.run(host, lo, to);
    const accs = new Map<string, Acc>();
    const flush = (): void => {
      for (const a of accs.values())
        s.insert.run(host, a.bucket, a.layout, a.n, encodeRollup(this.w, a.n, a.aggs));
      accs.clear();
    };
    let bucketNow = NaN;
    // all(), not iterate(): the connection cannot write while a read is still stepping.
    for (const row of s.sourceRows.all(host, lo, to) as {
      ts: number;
      layout: number;
      n: number;
      vals: Buffer;
    }[]) {
      // A row that does not read (a crafted or damaged file) is left out of the summary.
      const layout = this.index.layout(row.layout);
      if (!layout || !readable(row)) continue;
      const width = layout.metrics.length;
      let aggs: Agg[];
      try {
        aggs =
          k === 0
            ? decodeRaw(row.vals, width).map((q) => ({ min: q, max: q, sum: q }))
            : decodeRollup(row.vals, row.n, width);
      } catch {
        continue;
      }
      const bucket = bucketOf(row.ts, tier.stepMs);
      if (bucket !== bucketNow) {
        flush();
        bucketNow = bucket;
      }
      const key = String(row.layout);
      const acc = accs.get(key);
      if (!acc) {
        accs.set(key, { bucket, layout: row.layout, n: row.n, aggs });
        continue;
      }
      acc.n += row.n;
      for (let i = 0; i < width; i++) {
        const a = acc.aggs[i]!;
        const b = aggs[i]!;
        if (b.min < a.min) a.min = b.min;
        if (b.max > a.max) a.max = b.max;
        a.sum += b.sum;
      }
    }
    flush();
  }
}
