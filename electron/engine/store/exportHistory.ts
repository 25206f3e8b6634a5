import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { GreenboardError } from '../../../shared/errors';
import { safeFilePath } from '../files/safeName';
import { createPrivateFile, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../files/privateFiles';
import { dequantise, decodeRaw, readable } from './codec';
import { assertGreenboardFile, SCHEMA_VERSION } from './migrations';
import { TIERS } from './rollups';
import { TimeSeries } from './timeSeries';
import { serviceSeriesKey } from '../../../shared/services';

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
  try {
    // Owner-only from the first byte: the copy holds the same secrets as the database.
    createPrivateFile(o.out);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      throw new GreenboardError(
        'conflict',
        `${o.out} already exists; choose another name (nothing was overwritten).`,
      );
    throw new GreenboardError(
      'bad_request',
      `Could not create ${o.out}: ${(err as Error).message}. Choose a file in a folder that exists and you can write to.`,
    );
  }
  try {
    return writeExport(o);
  } catch (err) {
    // Half an export is worse than none: the file made above goes, with anything beside it.
    for (const f of [o.out, `${o.out}-wal`, `${o.out}-shm`, `${o.out}-journal`]) rmSync(f, { force: true });
    throw err;
  }
}

function writeExport(o: ExportOptions): ExportSummary {
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
    // A crafted file may hold ids that are not text: those hosts cannot be asked for or named.
    const known = db
      .prepare('SELECT id FROM hosts ORDER BY id')
      .pluck()
      .all()
      .filter((id): id is string => typeof id === 'string');
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
        for (const t of [
          'latest_samples',
          'health_changes',
          'remote_commands',
          'alert_log',
          'audit_reports',
          'link_changes',
        ])
          db.prepare(`DELETE FROM ${t} WHERE host_id = ?`).run(h);
        db.prepare('DELETE FROM hosts WHERE id = ?').run(h);
        // A dropped host's databases and caches go with it: their series, statements and texts.
        const services = db.prepare('SELECT id FROM services WHERE host_id = ?').pluck().all(h) as string[];
        for (const s of services) {
          series.deleteHost(serviceSeriesKey(s));
          for (const t of ['top_queries', 'top_queries_1h', 'query_texts'])
            db.prepare(`DELETE FROM ${t} WHERE service_id = ?`).run(s);
        }
        db.prepare('DELETE FROM services WHERE host_id = ?').run(h);
      }
      // A rollup bucket is kept when it starts in the range.
      for (const t of SERIES_TABLES) db.prepare(`DELETE FROM ${t} WHERE ts < ? OR ts > ?`).run(from, to);
      for (const t of ['latest_samples', 'health_changes', 'remote_commands', 'audit_reports', 'top_queries'])
        db.prepare(`DELETE FROM ${t} WHERE ts < ? OR ts > ?`).run(from, to);
      // An hour's rollup is kept when the hour starts in the range, as the series' buckets are.
      db.prepare('DELETE FROM top_queries_1h WHERE ts < ? OR ts > ?').run(from, to);
      // Texts of statements no kept interval names would only be noise (and may hold literals).
      db.exec(`DELETE FROM query_texts WHERE NOT EXISTS (
        SELECT 1 FROM top_queries q WHERE q.service_id = query_texts.service_id AND q.query_id = query_texts.query_id)
        AND NOT EXISTS (SELECT 1 FROM top_queries_1h h WHERE h.service_id = query_texts.service_id AND h.query_id = query_texts.query_id)`);
      // Probes and load-test targets are definitions and stay; their runs are cut to the range.
      db.prepare('DELETE FROM probe_results WHERE ts < ? OR ts > ?').run(from, to);
      db.prepare('DELETE FROM load_runs WHERE started_ts < ? OR started_ts > ?').run(from, to);
      // An incident stays when it overlaps the range (an open one runs to the range's end), whole
      // with its timeline; a cut to some hosts drops those about dropped hosts only.
      db.prepare('DELETE FROM incidents WHERE declared_at > ? OR resolved_at < ?').run(to, from);
      // An incident whose host list does not read cannot be told to be about a kept host.
      if (drop.length > 0) db.exec('DELETE FROM incidents WHERE NOT json_valid(host_ids)');
      if (drop.length > 0)
        db.prepare(
          `DELETE FROM incidents WHERE host_ids != '[]' AND NOT EXISTS (
             SELECT 1 FROM json_each(incidents.host_ids) WHERE value IN (SELECT value FROM json_each(?)))`,
        ).run(JSON.stringify(keep));
      db.exec('DELETE FROM incident_timeline WHERE incident_id NOT IN (SELECT id FROM incidents)');
      // Each signal's (and probe's) last change before the range stays: it is the state the range opens with.
      db.prepare(
        `DELETE FROM alert_log WHERE at > ? OR (at < ? AND id NOT IN (
           SELECT max(id) FROM alert_log WHERE at < ? GROUP BY host_id, probe_id, signal))`,
      ).run(to, from, from);
      // Likewise each host's last link change before the range: how its link opens the range.
      db.prepare(
        `DELETE FROM link_changes WHERE at > ? OR (at < ? AND at < (
           SELECT max(l.at) FROM link_changes l WHERE l.host_id = link_changes.host_id AND l.at < ?))`,
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

/** Dates JavaScript can print: a crafted `ts` beyond them would throw in toISOString. */
const MAX_DATE_MS = 8.64e15;

/**
 * One CSV per host, long format: time (ISO 8601, UTC), metric, labels, value; raw polls only.
 * Host ids come from data (a history file, a Prometheus instance label), so each file is named
 * by safeFilePath: the host's name as a slug and a hash of its id, checked to stay in `dir`.
 * Rows that do not read (a crafted or damaged file) are left out.
 */
function writeCsv(db: Database.Database, series: TimeSeries, hosts: string[], dir: string): string[] {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const rows = db.prepare('SELECT ts, 1 AS n, layout, vals FROM raw WHERE host = ? ORDER BY ts');
  const nameOf = db.prepare('SELECT name FROM hosts WHERE id = ?').pluck();
  const written = new Set<string>();
  return hosts.map((h) => {
    const name = nameOf.get(h);
    const file = safeFilePath(dir, typeof name === 'string' && name ? name : h, h, '.csv');
    if (written.has(file)) throw new Error(`two hosts map to the CSV file ${file}`);
    written.add(file);
    const lines = ['time,metric,labels,value'];
    const num = series.index.hostNum(h);
    const found =
      num === null ? [] : (rows.all(num) as { ts: number; n: number; layout: number; vals: Buffer }[]);
    for (const r of found) {
      const layout = series.index.layout(r.layout);
      if (!layout || !readable(r) || Math.abs(r.ts) > MAX_DATE_MS) continue;
      let values: number[];
      try {
        values = decodeRaw(r.vals, layout.metrics.length);
      } catch {
        continue;
      }
      const time = new Date(r.ts).toISOString();
      values.forEach((q, i) => {
        const value = dequantise(q, layout.scales[i]!);
        lines.push(`${time},${csvField(layout.metrics[i]!)},${csvField(layout.labels[i]!)},${value}`);
      });
    }
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: PRIVATE_FILE_MODE });
    return file;
  });
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
