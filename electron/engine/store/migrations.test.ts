import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { Store } from './store';
import { rollupMismatches } from './testing/verifyRollups';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 0, 1, 10, 0);

/** A schema-2 file as the previous version wrote it: one row per value in `points`. */
function writeV2(path: string, polls: number): void {
  const db = new Database(path);
  for (const m of MIGRATIONS.filter((x) => x.version <= 2)) m.up(db);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma('user_version = 2');
  const series = db.prepare('INSERT INTO series (host_id, metric, labels) VALUES (?, ?, ?)');
  const point = db.prepare('INSERT INTO points (series_id, ts, value) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const host of ['local', 'db-1']) {
      db.prepare(
        "INSERT INTO hosts (id, name, kind, config, created_at) VALUES (?, ?, 'local', '{}', 0)",
      ).run(host, host);
      const cpu = Number(series.run(host, 'cpu.busy_pct', '').lastInsertRowid);
      const disk = Number(series.run(host, 'disk.used_bytes', 'mount=/').lastInsertRowid);
      const gone = Number(series.run(host, 'metric.from.the.future', '').lastInsertRowid);
      for (let i = 0; i < polls; i++) {
        point.run(cpu, T0 + i * 5000, (i % 100) + 0.25);
        point.run(disk, T0 + i * 5000, 40 * 2 ** 30 + i * 1024);
        point.run(gone, T0 + i * 5000, 1);
      }
    }
  })();
  db.close();
}

describe('schema 2 → 3', () => {
  it('packs every stored value into raw rows and builds the rollups of closed buckets', () => {
    const path = join(dir, 'g.sqlite');
    writeV2(path, 20_000); // 28 hours of 5 s polls: 60,000 values a host, two pages
    const s = new Store(path);
    expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = s.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    expect(tables).not.toContain('points');
    expect(s.countPoints('local')).toBe(40_000); // cpu and disk; the unknown metric is dropped
    const cpu = s.range('db-1', [{ metric: 'cpu.busy_pct', labels: '' }], T0, T0 + 999 * 5000, 100_000);
    expect(cpu.series[0]!.length).toBe(1000);
    expect(cpu.series[0]![7]).toEqual([T0 + 7 * 5000, 7.25, 7.25, 7.25]);
    expect(s.pointsAt('local', T0 + 500 * 5000)?.points).toEqual([
      ['cpu.busy_pct', '', 0.25],
      ['disk.used_bytes', 'mount=/', 40 * 2 ** 30 + 500 * 1024],
    ]);
    expect(s.db.prepare('SELECT count(*) FROM rollup_1m').pluck().get()).toBe(2 * 1666);
    expect(rollupMismatches(s.db)).toEqual([]);
    s.close();
  });
});
