import { HistoryRows } from './historyRows';
import type Database from 'better-sqlite3';
import type { FlatPoint } from '../../../shared/metrics';
import { encodeRaw, quantise, VarintWriter } from './codec';
import { RangeQuery } from './rangeQuery';
import { RawTailQuery } from './rawTail';
import { bucketOf, Rollups, TIERS, type TierName } from './rollups';
import { SeriesIndex } from './seriesIndex';

/** How long each tier is kept, in days. 50 hosts × 30 values every 5 s stay well under 1 GiB. */
export const DEFAULT_RETENTION_DAYS: Record<TierName, number> = {
  raw: 2,
  '1m': 14,
  '15m': 90,
  '1h': 730,
};

const TABLES = ['raw', ...TIERS.map((t) => t.table)] as const;
const DAY_MS = 86_400_000;

/**
 * Time series in packed rows: one `raw` row per host per poll (every value of the poll, see
 * codec.ts), and rollup tiers of min / max / sum / count per series at 1 min, 15 min and 1 h.
 */
export class TimeSeries {
  readonly index: SeriesIndex;
  readonly rollups: Rollups;
  readonly query: RangeQuery;
  readonly tail: RawTailQuery;
  readonly history: HistoryRows;
  private readonly w = new VarintWriter();
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.index = new SeriesIndex(db);
    this.rollups = new Rollups(db, this.index);
    this.query = new RangeQuery(db, this.index, this.rollups);
    this.tail = new RawTailQuery(db, this.index);
    this.history = new HistoryRows(db, this.index);
    this.stmts = {
      insertRaw: db.prepare('INSERT OR REPLACE INTO raw (host, ts, layout, vals) VALUES (?, ?, ?, ?)'),
      hosts: db.prepare('SELECT num FROM host_nums ORDER BY num').pluck(),
      min: TABLES.map((t) => db.prepare(`SELECT min(ts) FROM ${t} WHERE host = ?`).pluck()),
      max: TABLES.map((t) => db.prepare(`SELECT max(ts) FROM ${t} WHERE host = ?`).pluck()),
      layoutsOf: db.prepare('SELECT layout, count(*) AS c FROM raw WHERE host = ? GROUP BY layout'),
      prune: TABLES.map((t) =>
        db.prepare(
          `DELETE FROM ${t} WHERE host = @host AND ts < @cutoff AND ts <= coalesce(
             (SELECT ts FROM ${t} WHERE host = @host AND ts < @cutoff ORDER BY ts LIMIT 1 OFFSET @offset), @cutoff)`,
        ),
      ),
      deleteHost: TABLES.map((t) => db.prepare(`DELETE FROM ${t} WHERE host = ?`)),
    };
  }

  /** Stores one poll of a host and keeps the rollups up to date. Call inside a transaction. */
  write(hostId: string, ts: number, points: readonly FlatPoint[]): void {
    if (points.length === 0) return;
    const host = this.index.hostNum(hostId, true)!;
    const layout = this.index.layoutOf(points);
    const q = points.map((p, i) => quantise(p[2], layout.scales[i]!));
    this.rollups.beforeRaw(host);
    this.stmts.insertRaw.run(host, ts, layout.id, encodeRaw(this.w, q));
    this.rollups.afterRaw(host, ts);
  }

  /** Deletes every stored value of a host. Call inside a transaction. */
  deleteHost(hostId: string): void {
    const host = this.index.hostNum(hostId);
    if (host === null) return;
    for (const s of this.stmts.deleteHost) s.run(host);
    this.rollups.forget(host);
  }

  /** First and last time any tier holds a value for, or null when empty. */
  timeRange(): { fromTs: number; toTs: number } | null {
    let fromTs = Infinity;
    let toTs = -Infinity;
    for (const host of this.stmts.hosts.all() as number[]) {
      const firstPoll = this.stmts.min[0]!.get(host) as number | null;
      for (let t = 0; t < TABLES.length; t++) {
        const a = this.stmts.min[t]!.get(host) as number | null;
        const b = this.stmts.max[t]!.get(host) as number | null;
        // A rollup bucket starts before the poll it holds: the range starts at the first poll
        // unless a coarser tier keeps older polls than the raw table still has.
        const step = TIERS[t - 1]?.stepMs;
        const older =
          a !== null && (firstPoll === null || step === undefined || a < bucketOf(firstPoll, step));
        if (a !== null && older && a < fromTs) fromTs = a;
        if (b !== null && b > toTs) toTs = b;
      }
    }
    return fromTs === Infinity ? null : { fromTs, toTs };
  }

  /** Raw values stored for a host. */
  countValues(hostId: string): number {
    const host = this.index.hostNum(hostId);
    if (host === null) return 0;
    let n = 0;
    for (const r of this.stmts.layoutsOf.all(host) as { layout: number; c: number }[])
      n += r.c * (this.index.layout(r.layout)?.metrics.length ?? 0); // an unreadable layout holds none
    return n;
  }

  /**
   * Deletes at most about `maxRows` rows older than each tier's retention and returns how many
   * went; the caller repeats between polls until it returns 0, so no step blocks for long.
   * A tier keeps what the tier above has not summarised yet, whatever its age.
   */
  prune(now: number, days: Record<TierName, number>, maxRows = 500): number {
    let deleted = 0;
    for (const host of this.stmts.hosts.all() as number[]) {
      for (let t = 0; t < TABLES.length && deleted < maxRows; t++) {
        const name: TierName = t === 0 ? 'raw' : TIERS[t - 1]!.name;
        let cutoff = now - days[name] * DAY_MS;
        if (t < TIERS.length) cutoff = Math.min(cutoff, this.rollups.summarisedUntil(host, t) ?? -Infinity);
        if (cutoff === -Infinity) continue;
        deleted += this.stmts.prune[t]!.run({ host, cutoff, offset: maxRows - deleted - 1 }).changes;
      }
      if (deleted >= maxRows) break;
    }
    return deleted;
  }
}
