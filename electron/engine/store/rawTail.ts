import type Database from 'better-sqlite3';
import { decodeInto, dequantise, readable } from './codec';
import { seriesKey, type SeriesIndex } from './seriesIndex';

/** A host's polls at their own times: `values[s][i]` is series s at `ts[i]`, null where absent. */
export interface RawTail {
  ts: number[];
  values: (number | null)[][];
}

interface Row {
  ts: number;
  layout: number;
  n: number;
  vals: Buffer;
}

/**
 * The newest raw polls of a host, each at the time it was taken (not in buckets): what a
 * sparkline or a live chart continues from when a page opens, so the stored tail and the first
 * live sample meet without a duplicate or a shifted point.
 */
export class RawTailQuery {
  private readonly rows;
  private scratch = new Float64Array(96);

  constructor(
    db: Database.Database,
    private readonly index: SeriesIndex,
  ) {
    this.rows = db.prepare(
      'SELECT ts, layout, 1 AS n, vals FROM raw WHERE host = ? AND ts > ? AND ts <= ? ORDER BY ts DESC LIMIT ?',
    );
  }

  /** At most `limit` polls in (from, to], oldest first. Rows that do not read are skipped. */
  tail(
    hostId: string,
    series: readonly { metric: string; labels: string }[],
    from: number,
    to: number,
    limit: number,
  ): RawTail {
    const out: RawTail = { ts: [], values: series.map(() => []) };
    const host = this.index.hostNum(hostId);
    if (host === null) return out;
    const keys = series.map((s) => seriesKey(s.metric, s.labels));
    const rows = (this.rows.all(host, from, to, limit) as Row[]).reverse();
    for (const row of rows) {
      const layout = this.index.layout(row.layout);
      if (!layout || !readable(row)) continue;
      const positions = keys.map((k) => layout.index.get(k) ?? -1);
      const need = Math.max(...positions) + 1;
      if (this.scratch.length < need * 3) this.scratch = new Float64Array(need * 3);
      try {
        if (need > 0) decodeInto(row.vals, false, 1, need, this.scratch);
      } catch {
        continue; // truncated values (a damaged row): skipped as the range query does
      }
      out.ts.push(row.ts);
      positions.forEach((p, s) => {
        out.values[s]!.push(p < 0 ? null : dequantise(this.scratch[3 * p]!, layout.scales[p]!));
      });
    }
    return out;
  }
}
