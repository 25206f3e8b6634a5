import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GreenboardError } from '../../../shared/errors';
import { assertGreenboardFile } from './migrations';

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
    db.transaction(() => {
      const drop = known.filter((h) => !keep.includes(h));
      for (const h of drop) {
        db.prepare('DELETE FROM points WHERE series_id IN (SELECT id FROM series WHERE host_id = ?)').run(h);
        for (const t of ['series', 'latest_samples', 'health_changes', 'remote_commands'])
          db.prepare(`DELETE FROM ${t} WHERE host_id = ?`).run(h);
        db.prepare('DELETE FROM hosts WHERE id = ?').run(h);
      }
      db.prepare('DELETE FROM points WHERE ts < ? OR ts > ?').run(from, to);
      for (const t of ['latest_samples', 'health_changes', 'remote_commands'])
        db.prepare(`DELETE FROM ${t} WHERE ts < ? OR ts > ?`).run(from, to);
    })();
    db.exec('VACUUM');
    const range = db.prepare('SELECT min(ts) AS a, max(ts) AS b, count(*) AS n FROM points').get() as {
      a: number | null;
      b: number | null;
      n: number;
    };
    const csvFiles = o.csvDir ? writeCsv(db, keep, o.csvDir) : [];
    return {
      out: o.out,
      hosts: keep,
      values: range.n,
      fromTs: range.a,
      toTs: range.b,
      bytes: statSync(o.out).size,
      csvFiles,
    };
  } finally {
    db.close();
  }
}

/** One CSV per host, long format: time (ISO 8601, UTC), metric, labels, value. */
function writeCsv(db: Database.Database, hosts: string[], dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const rows = db.prepare(
    `SELECT p.ts, s.metric, s.labels, p.value FROM points p JOIN series s ON s.id = p.series_id
     WHERE s.host_id = ? ORDER BY p.ts, s.metric, s.labels`,
  );
  return hosts.map((h) => {
    const file = join(dir, `${h}.csv`);
    const lines = ['time,metric,labels,value'];
    for (const r of rows.iterate(h) as Iterable<{
      ts: number;
      metric: string;
      labels: string;
      value: number;
    }>) {
      lines.push(`${new Date(r.ts).toISOString()},${r.metric},${csvField(r.labels)},${r.value}`);
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  });
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
