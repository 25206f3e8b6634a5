import type Database from 'better-sqlite3';
import { GreenboardError } from '../../../shared/errors';

/** 'GBRD': marks a SQLite file as a Greenboard history, so foreign files are refused. */
export const APPLICATION_ID = 0x47425244;

export interface Migration {
  version: number;
  up(db: Database.Database): void;
}

/**
 * Schema versions, in order. Each runs in its own transaction and bumps `user_version`.
 * Time series are normalised as series (host, metric, labels) → points (series, ts, value), so
 * rollup tiers later are the same shape with min/max/sum/count instead of a single value.
 */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE hosts (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          kind TEXT NOT NULL,
          config TEXT NOT NULL DEFAULT '{}',
          created_at INTEGER NOT NULL
        );
        CREATE TABLE series (
          id INTEGER PRIMARY KEY,
          host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
          metric TEXT NOT NULL,
          labels TEXT NOT NULL DEFAULT '',
          UNIQUE (host_id, metric, labels)
        );
        CREATE TABLE points (
          series_id INTEGER NOT NULL,
          ts INTEGER NOT NULL,
          value REAL NOT NULL,
          PRIMARY KEY (series_id, ts)
        ) WITHOUT ROWID;
        CREATE TABLE latest_samples (
          host_id TEXT PRIMARY KEY REFERENCES hosts(id) ON DELETE CASCADE,
          ts INTEGER NOT NULL,
          sample TEXT NOT NULL
        );
        CREATE TABLE health_changes (
          host_id TEXT NOT NULL,
          ts INTEGER NOT NULL,
          state TEXT NOT NULL,
          reasons TEXT NOT NULL,
          PRIMARY KEY (host_id, ts)
        ) WITHOUT ROWID;
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    up(db) {
      db.exec(`
        -- Host keys the user trusted in Greenboard, per endpoint ("host:port"), like known_hosts.
        CREATE TABLE trusted_keys (
          endpoint TEXT NOT NULL,
          key_type TEXT NOT NULL,
          key_b64 TEXT NOT NULL,
          fingerprint TEXT NOT NULL,
          trusted_at INTEGER NOT NULL,
          PRIMARY KEY (endpoint, key_type)
        ) WITHOUT ROWID;
        -- Every command Greenboard ran on a server, for the record.
        CREATE TABLE remote_commands (
          id INTEGER PRIMARY KEY,
          host_id TEXT NOT NULL,
          ts INTEGER NOT NULL,
          command TEXT NOT NULL,
          exit_code INTEGER,
          duration_ms REAL NOT NULL
        );
        CREATE INDEX remote_commands_by_host ON remote_commands (host_id, ts);
      `);
    },
  },
];

/** Refuses a SQLite file some other program wrote, before anything reads its tables. */
export function assertGreenboardFile(db: Database.Database, file: string): void {
  if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
    throw new GreenboardError(
      'bad_request',
      `${file} is not a Greenboard history file; it was left untouched.`,
    );
  }
}

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
