import type Database from 'better-sqlite3';

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
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
