import Database from 'better-sqlite3';

/**
 * Polls as the store recorded them: one `raw` row per host per poll (electron/engine/store/
 * timeSeries.ts), read through a read-only connection that is opened and closed for each
 * look so it never holds a snapshot that would stop the server's WAL checkpoints.
 */

function withDb<T>(dbPath: string, fn: (db: Database.Database) => T): T {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    return fn(db);
  } finally {
    db.close();
  }
}

function hostNums(db: Database.Database, hostIds: readonly string[]): number[] {
  const q = db.prepare('SELECT num FROM host_nums WHERE host_id = ?').pluck();
  return hostIds.flatMap((id) => {
    const n = q.get(id) as number | undefined;
    return n === undefined ? [] : [n];
  });
}

/** Polls of these hosts stored with a time in [fromMs, toMs). */
export function pollsBetween(
  dbPath: string,
  hostIds: readonly string[],
  fromMs: number,
  toMs: number,
): number {
  return withDb(dbPath, (db) => {
    const nums = hostNums(db, hostIds);
    if (nums.length === 0) return 0;
    return db
      .prepare(
        `SELECT count(*) FROM raw WHERE ts >= ? AND ts < ? AND host IN (${nums.map(() => '?').join(',')})`,
      )
      .pluck()
      .get(fromMs, toMs, ...nums) as number;
  });
}

export interface PollAccount {
  hosts: number;
  intervalMs: number;
  windowSeconds: number;
  /** hosts × window / interval. */
  expected: number;
  stored: number;
  /**
   * expected - stored. Up to one per host is the window's edges (a host's share of a window is
   * fractional, its polls are not); more is polls that ran late enough to fall behind.
   */
  shortfall: number;
  /**
   * Polls that should have happened and did not: each gap between a host's consecutive polls
   * (and from the window's edges to its first and last) is worth round(gap / interval) - 1,
   * so a poll up to half an interval late still counts as on time.
   * A poll that is late but happens is not missed; one that fails or never runs is.
   */
  missed: number;
  /** Hosts with at least one missed poll. */
  hostsMissing: string[];
  maxGapMs: number;
  /** The longest gaps that missed a poll (up to 10): which host, and when the gap ended. */
  worstGaps: { hostId: string; endedAtMs: number; gapMs: number }[];
}

/** Every host's polls over [fromMs, toMs], against its schedule. Run after the server stopped. */
export function accountPolls(
  dbPath: string,
  hostIds: readonly string[],
  intervalMs: number,
  fromMs: number,
  toMs: number,
): PollAccount {
  return withDb(dbPath, (db) => {
    const numOf = db.prepare('SELECT num FROM host_nums WHERE host_id = ?').pluck();
    const times = db.prepare('SELECT ts FROM raw WHERE host = ? AND ts >= ? AND ts <= ? ORDER BY ts').pluck();
    let stored = 0;
    let missed = 0;
    let maxGapMs = 0;
    const hostsMissing: string[] = [];
    const gaps: PollAccount['worstGaps'] = [];
    for (const id of hostIds) {
      const num = numOf.get(id) as number | undefined;
      const ts = num === undefined ? [] : (times.all(num, fromMs, toMs) as number[]);
      stored += ts.length;
      let hostMissed = 0;
      // The window's edges count as polls: a host is due within an interval of each.
      const marks = [fromMs, ...ts, toMs];
      for (let i = 1; i < marks.length; i++) {
        const gap = marks[i]! - marks[i - 1]!;
        const lost = Math.max(0, Math.round(gap / intervalMs) - 1);
        hostMissed += lost;
        maxGapMs = Math.max(maxGapMs, gap);
        if (lost > 0) gaps.push({ hostId: id, endedAtMs: marks[i]!, gapMs: gap });
      }
      missed += hostMissed;
      if (hostMissed > 0) hostsMissing.push(id);
    }
    return {
      hosts: hostIds.length,
      intervalMs,
      windowSeconds: Math.round((toMs - fromMs) / 100) / 10,
      expected: Math.round((hostIds.length * (toMs - fromMs)) / intervalMs),
      stored,
      shortfall: Math.round((hostIds.length * (toMs - fromMs)) / intervalMs) - stored,
      missed,
      hostsMissing,
      maxGapMs,
      worstGaps: gaps.sort((a, b) => b.gapMs - a.gapMs).slice(0, 10),
    };
  });
}
