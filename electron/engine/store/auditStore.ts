import type Database from 'better-sqlite3';
import { AuditReportSchema, type AuditReport } from '../../../shared/audit';
import { withTitles } from '../audit/findings';

/** One past audit's score, for charting it over time. */
export interface AuditScorePoint {
  ts: number;
  score: number;
}

/**
 * Security audit reports, kept in the history file so a reviewed history shows what the last
 * audit found. Reports are parsed on the way out: a row that no longer parses (hand-edited
 * file) reads as absent rather than as a report nobody can trust.
 */
export class AuditStore {
  constructor(private readonly db: Database.Database) {}

  /** Keeps one report. */
  insert(report: AuditReport): void {
    this.db
      .prepare('INSERT INTO audit_reports (host_id, ts, score, report) VALUES (?, ?, ?, ?)')
      .run(report.hostId, Math.round(report.ts), Math.round(report.score), JSON.stringify(report));
  }

  /** The host's most recent report (as of `at`, for time travel), or null if it was never audited. */
  latest(hostId: string, at = Number.MAX_SAFE_INTEGER): AuditReport | null {
    const text = this.db
      .prepare<[string, number], string>(
        'SELECT report FROM audit_reports WHERE host_id = ? AND ts <= ? ORDER BY ts DESC, id DESC LIMIT 1',
      )
      .pluck()
      .get(hostId, at);
    if (text === undefined) return null;
    const parsed = AuditReportSchema.safeParse(parseJson(text));
    return parsed.success ? { ...parsed.data, findings: parsed.data.findings.map(withTitles) } : null;
  }

  /** The host's last `limit` scores, oldest first. */
  history(hostId: string, limit: number): AuditScorePoint[] {
    return this.db
      .prepare<[string, number], AuditScorePoint>(
        'SELECT ts, score FROM audit_reports WHERE host_id = ? ORDER BY ts DESC, id DESC LIMIT ?',
      )
      .all(hostId, limit)
      .reverse();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
