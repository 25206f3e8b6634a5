import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { GreenboardError } from '../../../shared/errors';
import { assertGreenboardFile, SCHEMA_VERSION } from './migrations';
import { TimeSeries } from './timeSeries';

/** What each table holds; the four tiers come first in the report. */
const ROLES: Record<string, string> = {
  raw: 'tier raw: one packed row per host per poll',
  rollup_1m: 'tier 1 min: min/max/mean/count per series',
  rollup_15m: 'tier 15 min: min/max/mean/count per series',
  rollup_1h: 'tier 1 h: min/max/mean/count per series',
  points: 'raw samples (schema 2)',
  series: 'series index (schema 2)',
  host_nums: 'host numbers',
  layouts: 'row layouts (which series, in what order)',
  latest_samples: 'latest sample per host',
  health_changes: 'health state changes (schema 1–3; the alert log since)',
  remote_commands: 'commands run on servers',
  hosts: 'hosts',
  settings: 'settings',
  trusted_keys: 'trusted host keys',
  alert_log: 'alert log: every signal and host state change',
  silences: 'silences',
  maintenance_windows: 'maintenance windows',
  webhook_deliveries: 'webhook delivery log',
  audit_reports: 'security audit reports',
  probes: 'HTTP probes',
  probe_results: 'HTTP probe results',
  load_targets: 'load-test targets',
  load_runs: 'load-test runs',
  incidents: 'incidents',
  incident_timeline: 'incident timelines',
};

export interface DbStats {
  file: string;
  fileBytes: number;
  walBytes: number;
  fromTs: number | null;
  toTs: number | null;
  tables: { name: string; role: string; rows: number; bytes: number }[];
  /** Raw values held (every series of every stored poll), when the schema is current. */
  rawValues: number | null;
}

/** Rows and bytes on disk per table (SQLite's dbstat), and the time range held. Read-only. */
export function dbStats(file: string): DbStats {
  if (!existsSync(file))
    throw new GreenboardError('not_found', `No Greenboard data at ${file}; pass the --data-dir it uses.`);
  // readonly: stats must never change the file, even to migrate it.
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
    const current = db.pragma('user_version', { simple: true }) === SCHEMA_VERSION;
    const series = current ? new TimeSeries(db) : null;
    const range = series?.timeRange() ?? null;
    const hosts = current ? (db.prepare('SELECT host_id FROM host_nums').pluck().all() as string[]) : [];
    const order = Object.keys(ROLES);
    tables.sort((a, b) => rank(order, a.name) - rank(order, b.name));
    return {
      file,
      fileBytes: statSync(file).size,
      walBytes: existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0,
      fromTs: range?.fromTs ?? null,
      toTs: range?.toTs ?? null,
      tables,
      rawValues: series ? hosts.reduce((n, h) => n + series.countValues(h), 0) : null,
    };
  } finally {
    db.close();
  }
}

function rank(order: string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}
