import type Database from 'better-sqlite3';
import { ServiceConfigSchema, type ServiceConfig, type TopQuery } from '../../../shared/services';

const HOUR_MS = 3_600_000;
/** A statement's text is for reading, not for storing a whole generated query. */
export const MAX_TEXT_BYTES = 4096;

/** One statement's sums over a range, with its text when known. */
export interface QueryTotals {
  queryId: string;
  calls: number;
  totalMs: number;
  rows: number;
  blocks: number;
  text: string | null;
}

/**
 * Databases and caches on hosts: their config, their top statements per interval and each
 * statement's text, stored once. A poll keeps only its top 20 statements (pg_stat_statements
 * can hold thousands, and a label per statement is what drove Prometheus out of memory in
 * postgres_exporter #549); hours roll up into top_queries_1h as they close, so a month of
 * history reads from ~720 rows per statement rather than tens of thousands.
 */
export class ServiceStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      upsert: db.prepare(
        `INSERT INTO services (id, host_id, config, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET config = excluded.config`,
      ),
      list: db.prepare('SELECT config FROM services ORDER BY created_at, id').pluck(),
      remove: db.prepare('DELETE FROM services WHERE id = ?'),
      removeData: ['top_queries', 'top_queries_1h', 'query_texts'].map((t) =>
        db.prepare(`DELETE FROM ${t} WHERE service_id = ?`),
      ),
      addTop: db.prepare(
        `INSERT OR REPLACE INTO top_queries (service_id, ts, query_id, calls, total_ms, rows, blocks)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      rollHour: db.prepare(
        `INSERT OR REPLACE INTO top_queries_1h (service_id, ts, query_id, calls, total_ms, rows, blocks)
         SELECT service_id, ? , query_id, sum(calls), sum(total_ms), sum(rows), sum(blocks)
         FROM top_queries WHERE service_id = ? AND ts >= ? AND ts < ? GROUP BY query_id`,
      ),
      addText: db.prepare(
        'INSERT OR IGNORE INTO query_texts (service_id, query_id, text, first_ts) VALUES (?, ?, ?, ?)',
      ),
      knownTexts: db.prepare('SELECT query_id FROM query_texts WHERE service_id = ?').pluck(),
      allTexts: db.prepare('SELECT query_id AS id, text FROM query_texts WHERE service_id = ?'),
      dropRaw: db.prepare('DELETE FROM top_queries WHERE service_id = ? AND query_id = ?'),
      drop1h: db.prepare('DELETE FROM top_queries_1h WHERE service_id = ? AND query_id = ?'),
      text: db.prepare('SELECT text FROM query_texts WHERE service_id = ? AND query_id = ?').pluck(),
      totalsRaw: db.prepare(
        `SELECT q.query_id AS queryId, sum(calls) AS calls, sum(total_ms) AS totalMs, sum(rows) AS rows,
                sum(blocks) AS blocks, t.text AS text
         FROM top_queries q LEFT JOIN query_texts t ON t.service_id = q.service_id AND t.query_id = q.query_id
         WHERE q.service_id = ? AND q.ts >= ? AND q.ts <= ?
         GROUP BY q.query_id ORDER BY totalMs DESC LIMIT ?`,
      ),
      totalsHourly: db.prepare(
        `SELECT q.query_id AS queryId, sum(calls) AS calls, sum(total_ms) AS totalMs, sum(rows) AS rows,
                sum(blocks) AS blocks, t.text AS text
         FROM top_queries_1h q LEFT JOIN query_texts t ON t.service_id = q.service_id AND t.query_id = q.query_id
         WHERE q.service_id = ? AND q.ts >= ? AND q.ts <= ?
         GROUP BY q.query_id ORDER BY totalMs DESC LIMIT ?`,
      ),
      oldestRaw: db.prepare('SELECT min(ts) FROM top_queries WHERE service_id = ?').pluck(),
      series: db.prepare(
        `SELECT ts, calls, total_ms AS totalMs FROM top_queries
         WHERE service_id = ? AND query_id = ? AND ts >= ? AND ts <= ? ORDER BY ts`,
      ),
      prune: db.prepare('DELETE FROM top_queries WHERE ts < ?'),
      prune1h: db.prepare('DELETE FROM top_queries_1h WHERE ts < ?'),
    };
  }

  save(config: ServiceConfig): void {
    this.s.upsert.run(config.id, config.hostId, JSON.stringify(config), config.addedAt);
  }

  /** Every stored config that still reads; a damaged row is skipped, the rest still load. */
  list(): ServiceConfig[] {
    const out: ServiceConfig[] = [];
    for (const raw of this.s.list.all() as string[]) {
      try {
        const parsed = ServiceConfigSchema.safeParse(JSON.parse(raw));
        if (parsed.success) out.push(parsed.data);
      } catch {
        // not JSON: skipped
      }
    }
    return out;
  }

  /** Forgets a service and everything stored about its statements. */
  remove(serviceId: string): void {
    this.db.transaction(() => {
      this.s.remove.run(serviceId);
      for (const st of this.s.removeData) st.run(serviceId);
    })();
  }

  /**
   * One interval's top statements and any new texts, in one transaction. When the interval
   * starts a new hour, the hour before is rolled up first.
   */
  writeTop(
    serviceId: string,
    ts: number,
    prevTs: number | null,
    top: readonly TopQuery[],
    texts: ReadonlyMap<string, string>,
  ): void {
    this.db.transaction(() => {
      if (prevTs !== null && Math.floor(prevTs / HOUR_MS) < Math.floor(ts / HOUR_MS)) {
        const hour = Math.floor(prevTs / HOUR_MS) * HOUR_MS;
        this.s.rollHour.run(hour, serviceId, hour, hour + HOUR_MS);
      }
      for (const q of top) this.s.addTop.run(serviceId, ts, q.queryId, q.calls, q.totalMs, q.rows, q.blocks);
      for (const [id, text] of texts) this.s.addText.run(serviceId, id, cut(text), ts);
    })();
  }

  /** Each stored text of a service, by statement id. */
  texts(serviceId: string): Map<string, string> {
    const rows = this.s.allTexts.all(serviceId) as { id: string; text: string }[];
    return new Map(rows.map((r) => [r.id, r.text]));
  }

  /** Forgets one statement's per-interval and hourly rows (the poll's own, once known by its text). */
  dropStatement(serviceId: string, queryId: string): void {
    this.s.dropRaw.run(serviceId, queryId);
    this.s.drop1h.run(serviceId, queryId);
  }

  knownTextIds(serviceId: string): Set<string> {
    return new Set(this.s.knownTexts.all(serviceId) as string[]);
  }

  text(serviceId: string, queryId: string): string | null {
    return (this.s.text.get(serviceId, queryId) as string | undefined) ?? null;
  }

  /**
   * Each statement's sums over [from, to], most total time first: from the per-interval rows
   * while they are kept, from the hourly rollup for older ranges.
   */
  totals(serviceId: string, from: number, to: number, limit = 50): QueryTotals[] {
    const oldest = this.s.oldestRaw.get(serviceId) as number | null;
    const stmt = oldest !== null && oldest <= from ? this.s.totalsRaw : this.s.totalsHourly;
    const rows = stmt.all(serviceId, from, to, limit) as QueryTotals[];
    if (rows.length > 0 || stmt === this.s.totalsRaw) return rows;
    return this.s.totalsRaw.all(serviceId, from, to, limit) as QueryTotals[];
  }

  /** One statement's calls and total time per interval (its sparkline). */
  series(
    serviceId: string,
    queryId: string,
    from: number,
    to: number,
  ): { ts: number; calls: number; totalMs: number }[] {
    return this.s.series.all(serviceId, queryId, from, to) as {
      ts: number;
      calls: number;
      totalMs: number;
    }[];
  }

  /** Drops per-interval rows older than `rawCutoff` and hourly ones older than `hourCutoff`. */
  prune(rawCutoff: number, hourCutoff: number): number {
    return this.s.prune.run(rawCutoff).changes + this.s.prune1h.run(hourCutoff).changes;
  }
}

function cut(text: string): string {
  const b = Buffer.from(text, 'utf8');
  return b.length <= MAX_TEXT_BYTES ? text : `${b.subarray(0, MAX_TEXT_BYTES - 3).toString('utf8')}…`;
}
