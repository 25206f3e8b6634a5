import type Database from 'better-sqlite3';
import { LinkStateSchema, type LinkStateName } from '../../../shared/schemas';

/** One recorded link state of a host: what it was, since when, and the message shown then. */
export interface LinkChange {
  hostId: string;
  at: number;
  state: LinkStateName;
  message: string;
}

/**
 * The `link_changes` table (migration 8): every change of a remote host's link, written as it
 * happens, so the board at a past moment can say "unreachable" where it said so then.
 */
export class LinkLog {
  private readonly insertStmt: Database.Statement<[string, number, string, string]>;
  private readonly atStmt: Database.Statement<
    [string, number],
    { at: number; state: string; message: string }
  >;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(
      'INSERT OR REPLACE INTO link_changes (host_id, at, state, message) VALUES (?, ?, ?, ?)',
    );
    this.atStmt = db.prepare(
      'SELECT at, state, message FROM link_changes WHERE host_id = ? AND at <= ? ORDER BY at DESC LIMIT 1',
    );
  }

  record(c: LinkChange): void {
    this.insertStmt.run(c.hostId, Math.round(c.at), c.state, c.message);
  }

  /** The host's link as last recorded at or before `ts`, or null when none was recorded by then. */
  at(hostId: string, ts: number): LinkChange | null {
    const r = this.atStmt.get(hostId, ts);
    if (!r) return null;
    // A state this Greenboard does not know (a crafted or newer file) says nothing about the link.
    const state = LinkStateSchema.safeParse(r.state);
    return state.success ? { hostId, at: r.at, state: state.data, message: r.message } : null;
  }
}
