import type Database from 'better-sqlite3';

/**
 * When things were recorded, for time travel: each host's creation and first poll, and the
 * polls and probe runs to step between. Per host and per probe, so each query uses its index.
 */
export class PastMoments {
  constructor(private readonly db: Database.Database) {}

  /** When the host was added, or null for a host the file does not list. */
  createdAt(hostId: string): number | null {
    return (
      this.db.prepare<[string], number>('SELECT created_at FROM hosts WHERE id = ?').pluck().get(hostId) ??
      null
    );
  }

  /** The host's first stored poll (raw table), or null when it has none. */
  firstPoll(hostId: string): number | null {
    return (
      this.db
        .prepare<[string], number | null>(
          'SELECT min(r.ts) FROM raw r JOIN host_nums n ON n.num = r.host WHERE n.host_id = ?',
        )
        .pluck()
        .get(hostId) ?? null
    );
  }

  /** The nearest poll of any host, or run of any probe, strictly before or after `ts`. */
  step(ts: number, dir: 'prev' | 'next'): number | null {
    const [agg, op] = dir === 'prev' ? ['max', '<'] : ['min', '>'];
    const hosts = this.db.prepare<[], number>('SELECT num FROM host_nums').pluck().all();
    const probes = this.db.prepare<[], string>('SELECT id FROM probes').pluck().all();
    const poll = this.db.prepare<[number, number], number | null>(
      `SELECT ${agg}(ts) FROM raw WHERE host = ? AND ts ${op} ?`,
    );
    const run = this.db.prepare<[string, number], number | null>(
      `SELECT ${agg}(ts) FROM probe_results WHERE probe_id = ? AND ts ${op} ?`,
    );
    const found = [
      ...hosts.map((h) => poll.pluck().get(h, ts)),
      ...probes.map((p) => run.pluck().get(p, ts)),
    ].filter((t): t is number => typeof t === 'number');
    if (found.length === 0) return null;
    return dir === 'prev' ? Math.max(...found) : Math.min(...found);
  }
}
