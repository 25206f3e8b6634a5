import type Database from 'better-sqlite3';
import type { AlertEntry, SignalState } from '../../../shared/alerts';

interface Row {
  id: number;
  host_id: string;
  probe_id: string | null;
  signal: string;
  kind: string;
  from_state: SignalState;
  to_state: SignalState;
  at: number;
  value: number | null;
  threshold: number | null;
  reason: string;
  notice: string | null;
}

/** What `alerts:list` filters on; every field narrows the result. */
export interface AlertQuery {
  hostId?: string;
  probeId?: string;
  /**
   * Words that must all match the signal, the reason, the host or probe id, or one of
   * `hostIds` / `probeIds` (hosts and probes whose name has the word).
   */
  words?: readonly { text: string; hostIds: readonly string[]; probeIds?: readonly string[] }[];
  to?: readonly SignalState[];
  /** `host`: hosts' own rows; `probes`: probes' rows; `signals`: hosts' signal rows. */
  scope: 'all' | 'host' | 'probes' | 'signals';
  from?: number;
  until?: number;
  beforeId?: number;
  limit: number;
}

const toEntry = (r: Row): AlertEntry => ({
  id: r.id,
  hostId: r.host_id,
  probeId: r.probe_id,
  signal: r.signal,
  kind: r.kind,
  from: r.from_state,
  to: r.to_state,
  at: r.at,
  value: r.value,
  threshold: r.threshold,
  reason: r.reason,
  notice: r.notice,
});

/**
 * The alert log table: written by the engine as states change, read by the Alerts page, by
 * time travel and at start-up (to carry states across a restart).
 */
export class AlertLog {
  private readonly insertStmt: Database.Statement;
  private readonly noticeStmt: Database.Statement<[string, number]>;
  private readonly latestPerSignalStmt: Database.Statement<[string, number], Row>;
  private readonly lastHostRowStmt: Database.Statement<[string, string], Row>;
  private readonly lastProbeRowStmt: Database.Statement<[string], Row>;

  constructor(private readonly db: Database.Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO alert_log (host_id, probe_id, signal, kind, from_state, to_state, at, value, threshold, reason, notice)
       VALUES (@hostId, @probeId, @signal, @kind, @from, @to, @at, @value, @threshold, @reason, @notice)`,
    );
    this.noticeStmt = db.prepare('UPDATE alert_log SET notice = ? WHERE id = ?');
    // The newest row of each signal at or before a moment (SQLite's bare-column max() rule).
    this.latestPerSignalStmt = db.prepare(
      `SELECT id, host_id, probe_id, signal, kind, from_state, to_state, max(at) AS at, value, threshold, reason, notice
       FROM alert_log WHERE host_id = ? AND at <= ? AND kind NOT IN ('host', 'service', 'data')
       GROUP BY signal`,
    );
    this.lastHostRowStmt = db.prepare(
      `SELECT * FROM alert_log WHERE host_id = ? AND kind = ? ORDER BY at DESC, id DESC LIMIT 1`,
    );
    this.lastProbeRowStmt = db.prepare(
      `SELECT * FROM alert_log WHERE probe_id = ? ORDER BY at DESC, id DESC LIMIT 1`,
    );
  }

  /** A host row leaves `probeId` out (null); a probe row sets it and an empty `hostId`. */
  insert(input: Omit<AlertEntry, 'id' | 'probeId'> & { probeId?: string | null }): AlertEntry {
    const e = { ...input, probeId: input.probeId ?? null };
    const id = Number(this.insertStmt.run(e).lastInsertRowid);
    return { ...e, id };
  }

  /**
   * A subject's overall state changed (a host, a database or cache, a group): its row, under the
   * subject's id, with its worst reason and no value of its own.
   */
  insertLevel(
    subject: { id: string; kind: 'host' | 'service' | 'group' },
    change: { from: SignalState; to: SignalState; at: number; reason: string },
  ): AlertEntry {
    return this.insert({
      hostId: subject.id,
      signal: subject.kind,
      kind: subject.kind,
      ...change,
      value: null,
      threshold: null,
      notice: null,
    });
  }

  setNotice(id: number, notice: string): void {
    this.noticeStmt.run(notice, id);
  }

  /** Each signal's last change at or before `at` (host and data rows excluded). */
  signalsAt(hostId: string, at: number): AlertEntry[] {
    return this.latestPerSignalStmt.all(hostId, at).map(toEntry);
  }

  /** The host's last overall state change, for carrying notifications across a restart. */
  lastHostRow(hostId: string): AlertEntry | null {
    return this.lastSubjectRow(hostId, 'host');
  }

  /** The last overall state change of a host (`host`) or a service (`service`, by its id). */
  lastSubjectRow(subjectId: string, kind: 'host' | 'service' | 'group'): AlertEntry | null {
    const r = this.lastHostRowStmt.get(subjectId, kind);
    return r ? toEntry(r) : null;
  }

  /** The probe's last state change, so a restart neither repeats nor loses it. */
  lastProbeRow(probeId: string): AlertEntry | null {
    const r = this.lastProbeRowStmt.get(probeId);
    return r ? toEntry(r) : null;
  }

  /** Newest first; `more` says whether older entries match too. */
  list(q: AlertQuery): { entries: AlertEntry[]; more: boolean } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.hostId !== undefined) {
      // A host's services log under "<host>/<service>" ("db-1/postgres"): they are the host's too.
      // '0' follows '/', so the range holds exactly the ids that start with "<host>/".
      where.push('(host_id = ? OR (host_id > ? AND host_id < ?))');
      args.push(q.hostId, `${q.hostId}/`, `${q.hostId}0`);
    }
    if (q.probeId !== undefined) {
      where.push('probe_id = ?');
      args.push(q.probeId);
    }
    if (q.scope === 'host') where.push("kind = 'host' AND probe_id IS NULL");
    if (q.scope === 'probes') where.push('probe_id IS NOT NULL');
    if (q.scope === 'signals') where.push("kind <> 'host' AND probe_id IS NULL");
    if (q.to && q.to.length > 0) {
      where.push(`to_state IN (${q.to.map(() => '?').join(', ')})`);
      args.push(...q.to);
    }
    if (q.from !== undefined) {
      where.push('at >= ?');
      args.push(q.from);
    }
    if (q.until !== undefined) {
      where.push('at <= ?');
      args.push(q.until);
    }
    if (q.beforeId !== undefined) {
      where.push('id < ?');
      args.push(q.beforeId);
    }
    for (const w of q.words ?? []) {
      const like = `%${w.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const names = w.hostIds;
      const probes = w.probeIds ?? [];
      const byName = names.length > 0 ? ` OR host_id IN (${names.map(() => '?').join(', ')})` : '';
      const byProbe = probes.length > 0 ? ` OR probe_id IN (${probes.map(() => '?').join(', ')})` : '';
      where.push(
        `(signal LIKE ? ESCAPE '\\' OR reason LIKE ? ESCAPE '\\' OR host_id LIKE ? ESCAPE '\\' OR probe_id LIKE ? ESCAPE '\\'${byName}${byProbe})`,
      );
      args.push(like, like, like, like, ...names, ...probes);
    }
    const sql = `SELECT * FROM alert_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare<(string | number)[], Row>(sql).all(...args, q.limit + 1);
    return { entries: rows.slice(0, q.limit).map(toEntry), more: rows.length > q.limit };
  }
}

/** Whether an overall change is news to notify: it went red, or it came back from red. */
export function redOrRecovered(from: SignalState, to: SignalState): boolean {
  return to === 'critical' || (from === 'critical' && (to === 'ok' || to === 'warn'));
}
