import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { GreenboardError } from '../../../shared/errors';
import { assertGreenboardFile } from './migrations';

/** What each table holds in the time-series sense; the tiered store adds rollup tiers here. */
const ROLES: Record<string, string> = {
  points: 'raw samples',
  series: 'series index',
  latest_samples: 'latest sample per host',
  health_changes: 'health state changes',
  remote_commands: 'commands run on servers',
  hosts: 'hosts',
  settings: 'settings',
  trusted_keys: 'trusted host keys',
};

export interface DbStats {
  file: string;
  fileBytes: number;
  walBytes: number;
  fromTs: number | null;
  toTs: number | null;
  tables: { name: string; role: string; rows: number; bytes: number }[];
}

/** Rows and bytes on disk per table (SQLite's dbstat), and the time range held. Read-only. */
export function dbStats(file: string): DbStats {
  if (!existsSync(file))
    throw new GreenboardError('not_found', `No Greenboard data at ${file}; pass the --data-dir it uses.`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    assertGreenboardFile(db, file);
    const bytes = new Map(
      (
        db.prepare('SELECT name, sum(pgsize) AS b FROM dbstat GROUP BY name').all() as {
          name: string;
          b: number;
        }[]
      ).map((r) => [r.name, r.b]),
    );
    const tables = (
      db
        .prepare(
          "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .pluck()
        .all() as string[]
    ).map((name) => ({
      name,
      role: ROLES[name] ?? '',
      rows: db.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number,
      bytes: bytes.get(name) ?? 0,
    }));
    const range = db.prepare('SELECT min(ts) AS a, max(ts) AS b FROM points').get() as {
      a: number | null;
      b: number | null;
    };
    return {
      file,
      fileBytes: statSync(file).size,
      walBytes: existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0,
      fromTs: range.a,
      toTs: range.b,
      tables,
    };
  } finally {
    db.close();
  }
}
