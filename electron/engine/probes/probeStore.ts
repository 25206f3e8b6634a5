import type Database from 'better-sqlite3';
import { describeZodError } from '../../../shared/contract';
import { ProbeDefSchema, ProbeResultSchema, type ProbeDef, type ProbeResult } from '../../../shared/probes';

/** Which runs to read: this machine's, a fleet host's, or both. */
export type ResultSource = 'local' | 'remote' | 'all';

const SOURCE_SQL: Record<ResultSource, string> = {
  local: "AND from_host = ''",
  remote: "AND from_host != ''",
  all: '',
};

/**
 * Probe definitions and every run of them (tables `probes` and `probe_results`, migration 6).
 * Both are kept as JSON and parsed on the way out: a row that no longer parses (hand-edited
 * file, an older shape) is skipped rather than shown as something nobody can trust.
 */
export class ProbeStore {
  constructor(private readonly db: Database.Database) {}

  /**
   * Every stored definition, oldest first. One that no longer validates (saved by an older
   * version, a crafted file, limits tightened since) is left out and `onInvalid` told its id
   * and why, so it can be reported and removed; it never stops the others from loading.
   */
  defs(onInvalid: (id: string, why: string) => void = () => {}): ProbeDef[] {
    const rows = this.db
      .prepare<[], { id: string; def: string }>('SELECT id, def FROM probes ORDER BY created_ts, id')
      .all();
    return rows.flatMap((row) => {
      const raw = parseJson(row.def);
      const parsed = ProbeDefSchema.safeParse(raw);
      if (parsed.success && parsed.data.id === row.id) return [parsed.data];
      onInvalid(
        String(row.id),
        raw === null
          ? 'it is not valid JSON'
          : parsed.success
            ? 'its id does not match its row'
            : describeZodError(parsed.error),
      );
      return [];
    });
  }

  /** Saves a new definition, or replaces one with the same id (keeping its creation time). */
  saveDef(def: ProbeDef, now: number): void {
    this.db
      .prepare(
        `INSERT INTO probes (id, def, created_ts) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET def = excluded.def`,
      )
      .run(def.id, JSON.stringify(def), Math.round(now));
  }

  /** Deletes a definition and all its results, in one transaction. */
  remove(probeId: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM probe_results WHERE probe_id = ?').run(probeId);
      this.db.prepare('DELETE FROM probes WHERE id = ?').run(probeId);
    })();
  }

  /** Keeps one run; `from_host` is '' for this machine. */
  insertResult(r: ProbeResult): void {
    this.db
      .prepare(
        'INSERT INTO probe_results (probe_id, from_host, ts, ok, total_ms, result) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        r.probeId,
        r.fromHostId ?? '',
        Math.round(r.ts),
        r.ok ? 1 : 0,
        r.timings.totalMs,
        JSON.stringify(r),
      );
  }

  /**
   * A probe's results with `from <= ts <= to`, oldest first. With more than `limit` in range,
   * the newest `limit` of them.
   */
  results(
    probeId: string,
    q: { from?: number; to?: number; limit: number; source?: ResultSource },
  ): ProbeResult[] {
    const sql = `SELECT result FROM probe_results
       WHERE probe_id = ? AND ts >= ? AND ts <= ? ${SOURCE_SQL[q.source ?? 'all']}
       ORDER BY ts DESC, id DESC LIMIT ?`;
    const rows = this.db
      .prepare<[string, number, number, number], string>(sql)
      .pluck()
      .all(probeId, q.from ?? Number.MIN_SAFE_INTEGER, q.to ?? Number.MAX_SAFE_INTEGER, q.limit);
    return rows.reverse().flatMap((text) => {
      const parsed = ProbeResultSchema.safeParse(parseJson(text));
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** The time of the newest result of any probe, or null when there is none. */
  lastResultTs(): number | null {
    return this.db.prepare<[], number | null>('SELECT max(ts) FROM probe_results').pluck().get() ?? null;
  }

  /** Deletes results older than `beforeTs`; returns how many went. */
  prune(beforeTs: number): number {
    return this.db.prepare('DELETE FROM probe_results WHERE ts < ?').run(Math.round(beforeTs)).changes;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
