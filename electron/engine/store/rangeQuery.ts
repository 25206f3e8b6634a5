import type Database from 'better-sqlite3';
import type { FlatPoint } from '../../../shared/metrics';
import { decodeInto, decodeRaw, decodeRollup, dequantise, readable } from './codec';
import { TIERS, type TierName } from './rollups';
import type { Rollups } from './rollups';
import { seriesKey, type SeriesIndex } from './seriesIndex';

/** One chart point: bucket start (ms), mean, min, max. */
export type EnvelopePoint = [t: number, mean: number, min: number, max: number];

export interface RangeResult {
  tier: TierName;
  bucketMs: number;
  series: EnvelopePoint[][];
}

interface Row {
  ts: number;
  layout: number;
  n: number;
  vals: Buffer;
}

/**
 * Reads for charts and time travel. A chart reads the coarsest tier whose step still fits the
 * bucket width, and the tiers below it for the end of the range not yet summarised, so the
 * newest minutes show even though their rollup buckets are still open.
 */
export class RangeQuery {
  private readonly rows;
  private readonly oldest;
  private readonly rawAt;
  private readonly tierAt;
  private scratch = new Float64Array(96);

  constructor(
    db: Database.Database,
    private readonly index: SeriesIndex,
    private readonly rollups: Rollups,
  ) {
    const tables = ['raw', ...TIERS.map((t) => t.table)];
    this.rows = tables.map((t) =>
      db.prepare(
        `SELECT ts, layout, ${t === 'raw' ? '1 AS n' : 'n'}, vals FROM ${t} WHERE host = ? AND ts >= ? AND ts <= ? ORDER BY ts`,
      ),
    );
    this.oldest = tables.map((t) => db.prepare(`SELECT min(ts) FROM ${t} WHERE host = ?`).pluck());
    this.rawAt = db.prepare(
      'SELECT ts, layout, 1 AS n, vals FROM raw WHERE host = ? AND ts <= ? ORDER BY ts DESC LIMIT 1',
    );
    this.tierAt = TIERS.map((t) =>
      db.prepare(
        `SELECT ts, layout, n, vals FROM ${t.table} WHERE host = ? AND ts <= ? ORDER BY ts DESC LIMIT 1`,
      ),
    );
  }

  /**
   * Each series over [from, to] in at most `maxPoints` buckets of equal width, with the mean,
   * min and max of each bucket. Series the host never had come back empty.
   */
  range(
    hostId: string,
    series: readonly { metric: string; labels: string }[],
    from: number,
    to: number,
    maxPoints: number,
  ): RangeResult {
    const bucketMs = Math.max(1, Math.ceil((to - from + 1) / maxPoints));
    const empty = { tier: 'raw' as TierName, bucketMs, series: series.map(() => []) };
    const host = this.index.hostNum(hostId);
    if (host === null) return empty;
    // Level 0 is raw, level k+1 is TIERS[k].
    let level = 0;
    while (level < TIERS.length && TIERS[level]!.stepMs <= bucketMs) level++;
    // Older data may only survive in a coarser tier (finer tiers are kept for less time).
    while (level < TIERS.length) {
      const here = this.oldest[level]!.get(host) as number | null;
      const coarser = this.oldest[level + 1]!.get(host) as number | null;
      if (here === null || here > from) {
        // Only when a whole coarser bucket ends before the finer tier's first row: a bucket
        // starts before the first value in it, so merely earlier proves nothing.
        const step = TIERS[level]!.stepMs;
        if (coarser !== null && (here === null || coarser + step <= here)) {
          level++;
          continue;
        }
      }
      break;
    }
    const count = Math.ceil((to - from + 1) / bucketMs);
    const acc = series.map(() => ({
      min: new Float64Array(count).fill(Infinity),
      max: new Float64Array(count).fill(-Infinity),
      sum: new Float64Array(count),
      n: new Float64Array(count),
    }));
    const keys = series.map((s) => seriesKey(s.metric, s.labels));
    // Where each asked-for series sits in a layout, worked out once per layout per query.
    const byLayout = new Map<number, { positions: number[]; need: number }>();
    const positionsOf = (id: number): { positions: number[]; need: number } => {
      let found = byLayout.get(id);
      if (!found) {
        const layout = this.index.layout(id);
        // Rows of a layout that does not read have nothing to give: need 0 skips them.
        const positions = keys.map((k) => layout?.index.get(k) ?? -1);
        found = { positions, need: Math.max(...positions) + 1 };
        byLayout.set(id, found);
      }
      return found;
    };
    let start = from;
    for (let l = level; l >= 0; l--) {
      const stepMs = l === 0 ? 0 : TIERS[l - 1]!.stepMs;
      // A bucket that began before `from` still overlaps it; count it where the range begins.
      // Lower levels start where the level above stopped, on a bucket boundary of both.
      const lo = l === level && l > 0 ? start - stepMs + 1 : start;
      const rows = this.rows[l]!.iterate(host, lo, to) as Iterable<Row>;
      for (const row of rows) this.add(row, l, positionsOf, acc, from, bucketMs, count);
      if (l === 0) break;
      const until = this.rollups.summarisedUntil(host, l - 1);
      if (until !== null && until > to) break;
      if (until !== null) start = Math.max(start, until);
    }
    return {
      tier: level === 0 ? 'raw' : TIERS[level - 1]!.name,
      bucketMs,
      series: acc.map((a) => {
        const out: EnvelopePoint[] = [];
        for (let i = 0; i < count; i++) {
          const n = a.n[i]!;
          if (n > 0) out.push([from + i * bucketMs, a.sum[i]! / n, a.min[i]!, a.max[i]!]);
        }
        return out;
      }),
    };
  }

  private add(
    row: Row,
    level: number,
    positionsOf: (layout: number) => { positions: number[]; need: number },
    acc: { min: Float64Array; max: Float64Array; sum: Float64Array; n: Float64Array }[],
    from: number,
    bucketMs: number,
    count: number,
  ): void {
    const { positions, need } = positionsOf(row.layout);
    if (need === 0 || !readable(row)) return;
    const scales = this.index.layout(row.layout)!.scales;
    const i = Math.min(count - 1, Math.max(0, Math.floor((row.ts - from) / bucketMs)));
    if (this.scratch.length < need * 3) this.scratch = new Float64Array(need * 3);
    const v = this.scratch;
    try {
      decodeInto(row.vals, level > 0, row.n, need, v);
    } catch {
      return; // truncated values (a damaged row): skipped like a row of an unreadable layout
    }
    for (let s = 0; s < positions.length; s++) {
      const p = positions[s]!;
      if (p < 0) continue;
      const scale = scales[p]!;
      const a = acc[s]!;
      const min = dequantise(v[3 * p]!, scale);
      const max = dequantise(v[3 * p + 1]!, scale);
      if (min < a.min[i]!) a.min[i] = min;
      if (max > a.max[i]!) a.max[i] = max;
      a.sum[i] = a.sum[i]! + dequantise(v[3 * p + 2]!, scale);
      a.n[i] = a.n[i]! + row.n;
    }
  }

  /**
   * Every value of the host's last stored row at or before `ts`: the raw poll if still kept,
   * else the means of the finest rollup bucket that holds that moment.
   */
  pointsAt(hostId: string, ts: number): { ts: number; points: FlatPoint[]; tier: TierName } | null {
    const host = this.index.hostNum(hostId);
    if (host === null) return null;
    let row = this.rawAt.get(host, ts) as Row | undefined;
    let tier: TierName = 'raw';
    for (let k = 0; !row && k < TIERS.length; k++) {
      row = this.tierAt[k]!.get(host, ts) as Row | undefined;
      tier = TIERS[k]!.name;
    }
    if (!row) return null;
    // A row that does not read (crafted or damaged) leaves the host without values at `ts`.
    const layout = this.index.layout(row.layout);
    if (!layout || !readable(row)) return null;
    const width = layout.metrics.length;
    let values: number[];
    try {
      values =
        tier === 'raw'
          ? decodeRaw(row.vals, width)
          : decodeRollup(row.vals, row.n, width).map((a) => a.sum / row.n);
    } catch {
      return null;
    }
    const points = values.map(
      (q, i) => [layout.metrics[i]!, layout.labels[i]!, dequantise(q, layout.scales[i]!)] as const,
    );
    return { ts: row.ts, points, tier };
  }
}
