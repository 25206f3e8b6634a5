import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GreenboardError } from '../../../shared/errors';
import { dequantise, decodeRaw } from './codec';
import { assertGreenboardFile, SCHEMA_VERSION } from './migrations';
import { TIERS } from './rollups';
import { TimeSeries } from './timeSeries';

const SERIES_TABLES = ['raw', ...TIERS.map((t) => t.table)];

export interface ExportOptions {
  /** The live database (a running Greenboard may keep writing to it meanwhile). */
  source: string;
  out: string;
  fromTs?: number;
  toTs?: number;
  hosts?: string[];
  /** Also write one CSV per host into this folder. */
  csvDir?: string;
}

export interface ExportSummary {
  out: string;
  hosts: string[];
  values: number;
  fromTs: number | null;
  toTs: number | null;
  bytes: number;
  csvFiles: string[];
}

/**
 * Writes a standalone history file: `VACUUM INTO` takes a consistent snapshot inside one read
 * transaction, so Greenboard keeps polling and writing meanwhile; the copy is then cut to the
 * hosts and time range asked for and compacted. https://www.sqlite.org/lang_vacuum.html#vacuuminto
 */
export function exportHistory(o: ExportOptions): ExportSummary {
  if (!existsSync(o.source))
    throw new GreenboardError('not_found', `No Greenboard data at ${o.source}; pass the --data-dir it uses.`);
  if (existsSync(o.out))
    throw new GreenboardError(
      'conflict',
      `${o.out} already exists; choose another name (nothing was overwritten).`,
    );
  const src = new Database(o.source, { fileMustExist: true });
  try {
    assertGreenboardFile(src, o.source);
    if (src.pragma('user_version', { simple: true }) !== SCHEMA_VERSION)
      throw new GreenboardError(
        'bad_request',
        `${o.source} is from another Greenboard version; open it with \`greenboard serve --history\` and export from there.`,
      );
    src.pragma('busy_timeout = 5000');
    src.prepare('VACUUM INTO ?').run(o.out);
  } finally {
    src.close();
  }
  const db = new Database(o.out);
  try {
    const from = o.fromTs ?? Number.MIN_SAFE_INTEGER;
    const to = o.toTs ?? Number.MAX_SAFE_INTEGER;
    const known = db.prepare('SELECT id FROM hosts ORDER BY id').pluck().all() as string[];
    const unknown = (o.hosts ?? []).filter((h) => !known.includes(h));
    if (unknown.length)
      throw new GreenboardError(
        'not_found',
        `No host named ${unknown.map((h) => `"${h}"`).join(', ')} in this history. It holds: ${known.join(', ')}.`,
      );
    const keep = o.hosts?.length ? o.hosts : known;
    const series = new TimeSeries(db);
    db.transaction(() => {
      const drop = known.filter((h) => !keep.includes(h));
      for (const h of drop) {
        series.deleteHost(h);
        for (const t of ['latest_samples', 'health_changes', 'remote_commands', 'alert_log', 'audit_reports'])
          db.prepare(`DELETE FROM ${t} WHERE host_id = ?`).run(h);
        db.prepare('DELETE FROM hosts WHERE id = ?').run(h);
      }
      // A rollup bucket is kept when it starts in the range.
      for (const t of SERIES_TABLES) db.prepare(`DELETE FROM ${t} WHERE ts < ? OR ts > ?`).run(from, to);
      for (const t of ['latest_samples', 'health_changes', 'remote_commands', 'audit_reports'])
        db.prepare(`DELETE FROM ${t} WHERE ts < ? OR ts > ?`).run(from, to);
      // Probes and load-test targets are definitions and stay; their runs are cut to the range.
      db.prepare('DELETE FROM probe_results WHERE ts < ? OR ts > ?').run(from, to);
      db.prepare('DELETE FROM load_runs WHERE started_ts < ? OR started_ts > ?').run(from, to);
      // An incident stays when it overlaps the range (an open one runs to the range's end), whole
      // with its timeline; a cut to some hosts drops those about dropped hosts only.
      db.prepare('DELETE FROM incidents WHERE declared_at > ? OR resolved_at < ?').run(to, from);
      if (drop.length > 0)
        db.prepare(
          `DELETE FROM incidents WHERE host_ids != '[]' AND NOT EXISTS (
             SELECT 1 FROM json_each(incidents.host_ids) WHERE value IN (SELECT value FROM json_each(?)))`,
        ).run(JSON.stringify(keep));
      db.exec('DELETE FROM incident_timeline WHERE incident_id NOT IN (SELECT id FROM incidents)');
      // Each signal's last change before the range stays: it is the state the range opens with.
      db.prepare(
        `DELETE FROM alert_log WHERE at > ? OR (at < ? AND id NOT IN (
           SELECT max(id) FROM alert_log WHERE at < ? GROUP BY host_id, signal))`,
      ).run(to, from, from);
      // Webhook messages name hosts in free text: a cut to some hosts drops the delivery log.
      if (drop.length > 0) db.exec('DELETE FROM webhook_deliveries');
      else db.prepare('DELETE FROM webhook_deliveries WHERE created_at < ? OR created_at > ?').run(from, to);
    })();
    db.exec('VACUUM');
    const range = series.timeRange();
    const values = keep.reduce((n, h) => n + series.countValues(h), 0);
    const csvFiles = o.csvDir ? writeCsv(db, series, keep, o.csvDir) : [];
    return {
      out: o.out,
      hosts: keep,
      values,
      fromTs: range?.fromTs ?? null,
      toTs: range?.toTs ?? null,
      bytes: statSync(o.out).size,
      csvFiles,
    };
  } finally {
    db.close();
  }
}

/** One CSV per host, long format: time (ISO 8601, UTC), metric, labels, value; raw polls only. */
function writeCsv(db: Database.Database, series: TimeSeries, hosts: string[], dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const rows = db.prepare('SELECT ts, layout, vals FROM raw WHERE host = ? ORDER BY ts');
  return hosts.map((h) => {
    const file = join(dir, `${h}.csv`);
    const lines = ['time,metric,labels,value'];
    const num = series.index.hostNum(h);
    const found = num === null ? [] : (rows.all(num) as { ts: number; layout: number; vals: Buffer }[]);
    for (const r of found) {
      const layout = series.index.layout(r.layout);
      const time = new Date(r.ts).toISOString();
      decodeRaw(r.vals, layout.metrics.length).forEach((q, i) => {
        const value = dequantise(q, layout.scales[i]!);
        lines.push(`${time},${layout.metrics[i]!},${csvField(layout.labels[i]!)},${value}`);
      });
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  });
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
