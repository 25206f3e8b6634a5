import type Database from 'better-sqlite3';

/**
 * Version 10: databases and caches on hosts. Their config, and their top statements per
 * interval (raw, and hourly as hours close) with each statement's text stored once. Their
 * metrics need no table: they go in the packed series under the service's own key.
 */
export const SERVICES_MIGRATION: { version: number; up(db: Database.Database): void } = {
  version: 10,
  up(db) {
    db.exec(`
      CREATE TABLE services (
        id TEXT PRIMARY KEY,
        host_id TEXT NOT NULL,
        config TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE top_queries (
        service_id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        query_id TEXT NOT NULL,
        calls REAL NOT NULL,
        total_ms REAL NOT NULL,
        rows REAL NOT NULL,
        blocks REAL NOT NULL,
        PRIMARY KEY (service_id, ts, query_id)
      ) WITHOUT ROWID;
      CREATE TABLE top_queries_1h (
        service_id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        query_id TEXT NOT NULL,
        calls REAL NOT NULL,
        total_ms REAL NOT NULL,
        rows REAL NOT NULL,
        blocks REAL NOT NULL,
        PRIMARY KEY (service_id, ts, query_id)
      ) WITHOUT ROWID;
      CREATE TABLE query_texts (
        service_id TEXT NOT NULL,
        query_id TEXT NOT NULL,
        text TEXT NOT NULL,
        first_ts INTEGER NOT NULL,
        PRIMARY KEY (service_id, query_id)
      ) WITHOUT ROWID;
    `);
  },
};
