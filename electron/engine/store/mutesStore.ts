import type Database from 'better-sqlite3';
import {
  MaintenanceWindowSchema,
  SilenceSchema,
  type MaintenanceWindow,
  type Silence,
} from '../../../shared/alerts';

interface SilenceRow {
  id: string;
  target: string;
  until: number;
  by: string;
  why: string;
}

interface WindowRow {
  id: string;
  target: string;
  from_ts: number;
  to_ts: number;
  daily: number;
  by: string;
  why: string;
}

/**
 * Silences and maintenance windows, kept in the history file so a reviewed history shows why
 * a red host was not notified. Rows are parsed on the way out: a row that no longer parses
 * (hand-edited file) is skipped rather than muting something nobody can see.
 */
export class MutesStore {
  constructor(private readonly db: Database.Database) {}

  addSilence(s: Silence, now: number): void {
    this.db
      .prepare('INSERT INTO silences (id, target, until, by, why, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.id, JSON.stringify(s.target), s.until, s.by, s.why, now);
  }

  addWindow(w: MaintenanceWindow): void {
    this.db
      .prepare(
        'INSERT INTO maintenance_windows (id, target, from_ts, to_ts, daily, by, why) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(w.id, JSON.stringify(w.target), w.from, w.to, w.daily ? 1 : 0, w.by, w.why);
  }

  /** Silences not yet over at `now`, soonest end first. */
  silences(now: number): Silence[] {
    const rows = this.db
      .prepare<[number], SilenceRow>('SELECT * FROM silences WHERE until > ? ORDER BY until')
      .all(now);
    return rows.flatMap((r) => {
      const { id, until, by, why } = r;
      const p = SilenceSchema.safeParse({ id, target: parseJson(r.target), until, by, why });
      return p.success ? [p.data] : [];
    });
  }

  /** Windows that have not ended for good (a daily window never does). */
  windows(now: number): MaintenanceWindow[] {
    const rows = this.db
      .prepare<[number], WindowRow>(
        'SELECT * FROM maintenance_windows WHERE daily = 1 OR to_ts > ? ORDER BY from_ts',
      )
      .all(now);
    return rows.flatMap((r) => {
      const p = MaintenanceWindowSchema.safeParse({
        id: r.id,
        target: parseJson(r.target),
        from: r.from_ts,
        to: r.to_ts,
        daily: r.daily === 1,
        by: r.by,
        why: r.why,
      });
      return p.success ? [p.data] : [];
    });
  }

  /**
   * Ends a silence now (kept, with its end moved, so the log's "silenced by …" still has its
   * row) or deletes a window. Returns false when no such id exists.
   */
  end(id: string, now: number): boolean {
    const s = this.db.prepare('UPDATE silences SET until = ? WHERE id = ? AND until > ?').run(now, id, now);
    if (s.changes > 0) return true;
    return this.db.prepare('DELETE FROM maintenance_windows WHERE id = ?').run(id).changes > 0;
  }
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
