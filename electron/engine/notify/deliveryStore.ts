import { redactUrls } from '../../../shared/redactUrl';
import type Database from 'better-sqlite3';

/** Where a delivery stands. 'failed' rows stay in the table so the log can show them. */
export type DeliveryState = 'pending' | 'sent' | 'failed';

/** One row of the delivery log, as the UI shows it. */
export interface DeliveryLogEntry {
  id: number;
  channel: string;
  createdAt: number;
  /** The message's `text`, so the log reads without parsing the payload. */
  text: string;
  state: DeliveryState;
  attempts: number;
  /** When the next attempt is due; null once sent or failed. */
  nextAttemptAt: number | null;
  /** HTTP status of the last attempt, or null when none came back (network error, timeout). */
  lastStatus: number | null;
  lastError: string | null;
  sentAt: number | null;
}

/** A pending row as the sender needs it. */
export interface PendingDelivery {
  id: number;
  payload: string;
  attempts: number;
  nextAttemptAt: number;
}

interface LogRow {
  id: number;
  channel: string;
  created_at: number;
  payload: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  sent_at: number | null;
}

/**
 * The persistent queue and log of one webhook channel. Every state change is written before
 * the sender moves on, so a crash loses nothing; at worst a message whose POST was in flight
 * is sent twice (at-least-once).
 */
export class DeliveryStore {
  private readonly insertStmt: Database.Statement<[string, number, string, number]>;
  private readonly headStmt: Database.Statement<[string], PendingDelivery>;
  private readonly sentStmt: Database.Statement<[number, number, number]>;
  private readonly retryStmt: Database.Statement<[number, number, number | null, string, number]>;
  private readonly failStmt: Database.Statement<[number, number | null, string, number]>;
  private readonly dueNowStmt: Database.Statement<[number, string]>;
  private readonly logStmt: Database.Statement<[string, number], LogRow>;
  private readonly pendingCountStmt: Database.Statement<[string], { n: number }>;

  constructor(
    db: Database.Database,
    private readonly channel: string,
  ) {
    this.insertStmt = db.prepare(
      `INSERT INTO webhook_deliveries (channel, created_at, payload, state, attempts, next_attempt_at)
       VALUES (?, ?, ?, 'pending', 0, ?)`,
    );
    this.headStmt = db.prepare(
      `SELECT id, payload, attempts, next_attempt_at AS nextAttemptAt FROM webhook_deliveries
       WHERE channel = ? AND state = 'pending' ORDER BY id LIMIT 1`,
    );
    this.sentStmt = db.prepare(
      `UPDATE webhook_deliveries SET state = 'sent', attempts = ?, sent_at = ?, next_attempt_at = NULL,
       last_error = NULL, last_status = 200 WHERE id = ?`,
    );
    this.retryStmt = db.prepare(
      `UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?
       WHERE id = ?`,
    );
    this.failStmt = db.prepare(
      `UPDATE webhook_deliveries SET state = 'failed', attempts = ?, next_attempt_at = NULL,
       last_status = ?, last_error = ? WHERE id = ?`,
    );
    this.dueNowStmt = db.prepare(
      `UPDATE webhook_deliveries SET next_attempt_at = ? WHERE channel = ? AND state = 'pending'`,
    );
    this.logStmt = db.prepare(`SELECT * FROM webhook_deliveries WHERE channel = ? ORDER BY id DESC LIMIT ?`);
    this.pendingCountStmt = db.prepare(
      `SELECT count(*) AS n FROM webhook_deliveries WHERE channel = ? AND state = 'pending'`,
    );
  }

  /** Queues a payload, due at `now`; returns its id. */
  insert(payload: string, now: number): number {
    return Number(this.insertStmt.run(this.channel, now, payload, now).lastInsertRowid);
  }

  /** The oldest pending delivery: FIFO means nothing behind it goes first. */
  head(): PendingDelivery | undefined {
    return this.headStmt.get(this.channel);
  }

  markSent(id: number, attempts: number, now: number): void {
    this.sentStmt.run(attempts, now, id);
  }

  markRetry(id: number, attempts: number, nextAttemptAt: number, status: number | null, error: string): void {
    this.retryStmt.run(attempts, nextAttemptAt, status, redactUrls(error), id);
  }

  markFailed(id: number, attempts: number, status: number | null, error: string): void {
    this.failStmt.run(attempts, status, redactUrls(error), id);
  }

  /** Makes every pending delivery due now (after the URL is fixed, say). */
  makeAllDue(now: number): void {
    this.dueNowStmt.run(now, this.channel);
  }

  pendingCount(): number {
    return this.pendingCountStmt.get(this.channel)?.n ?? 0;
  }

  /** Newest first. */
  log(limit: number): DeliveryLogEntry[] {
    return this.logStmt.all(this.channel, limit).map((r) => ({
      id: r.id,
      channel: r.channel,
      createdAt: r.created_at,
      text: textOf(r.payload),
      state: r.state,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
      lastStatus: r.last_status,
      // Redacted again on the way out: rows written before redaction existed may hold a secret.
      lastError: r.last_error === null ? null : redactUrls(r.last_error),
      sentAt: r.sent_at,
    }));
  }
}

function textOf(payload: string): string {
  try {
    const parsed: unknown = JSON.parse(payload);
    if (parsed && typeof parsed === 'object' && 'text' in parsed && typeof parsed.text === 'string') {
      return parsed.text;
    }
  } catch {
    // Only this code writes payloads; an unreadable one is shown raw rather than hidden.
  }
  return payload;
}
