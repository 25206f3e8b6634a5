import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../engine';
import { assembleEngine, type Engine } from '../engine/createEngine';
import { makeSample } from '../engine/testing/fakes';

const BIN = join(import.meta.dirname, '../../bin/greenboard.js');
let dir: string;
let engine: Engine;

/** Runs the CLI in its own process, as a user would, while the engine here keeps writing. */
function gb(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data-dir', join(dir, 'data')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gb-export-'));
  engine = assembleEngine({
    dataDir: join(dir, 'data'),
    mode: 'headless',
    logger: silentLogger,
    localIntervalMs: 250,
  });
  engine.store.upsertHost(
    {
      id: 'db-1',
      name: 'db-1',
      kind: 'ssh',
      intervalMs: 5000,
      tags: [],
      ssh: { user: 'ops', host: '10.0.0.5', port: 22 },
    },
    0,
  );
  for (let i = 0; i < 10; i++) engine.store.writeSample(makeSample('db-1', Date.UTC(2026, 0, 1, 0, i)));
  engine.start();
  await new Promise((r) => setTimeout(r, 1000));
}, 20_000);
afterAll(async () => {
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('greenboard export and db stats', () => {
  it('exports a consistent standalone history while Greenboard keeps polling', async () => {
    const out = join(dir, 'all.sqlite');
    const before = engine.store.countPoints('local');
    const r = await gb('export', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Wrote .*all\.sqlite: 2 host\(s\)/);
    const db = new Database(out, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    await new Promise((r2) => setTimeout(r2, 600));
    expect(engine.store.countPoints('local')).toBeGreaterThan(before); // polling went on
    const review = assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger, history: out });
    expect((await review.api['board:get']({})).map((b) => b.host.id).sort()).toEqual(['db-1', 'local']);
    await review.stop();
  }, 30_000);

  it('cuts the export to hosts and a time range, and writes CSV per host', async () => {
    const out = join(dir, 'db1.sqlite');
    const csv = join(dir, 'csv');
    const r = await gb(
      'export',
      '--out',
      out,
      '--host',
      'db-1',
      '--from',
      '2026-01-01T00:02:00Z',
      '--to',
      '2026-01-01T00:05:00Z',
      '--csv',
      csv,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 host(s)');
    expect(r.stdout).toContain('2026-01-01T00:02:00.000Z → 2026-01-01T00:05:00.000Z');
    const db = new Database(out, { readonly: true });
    expect(db.prepare('SELECT id FROM hosts').pluck().all()).toEqual(['db-1']);
    expect(db.prepare('SELECT count(*) FROM raw').pluck().get()).toBe(4);
    db.close();
    // Named by the host's name and a hash of its id, so no host id can name a path.
    const [name] = readdirSync(csv);
    expect(name).toMatch(/^db-1-[0-9a-f]{12}\.csv$/);
    const lines = readFileSync(join(csv, name!), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('time,metric,labels,value');
    expect(lines).toContain('2026-01-01T00:02:00.000Z,disk.used_pct,mount=/,40');
  }, 30_000);

  it('refuses to overwrite, names unknown hosts, and rejects a bad time', async () => {
    const exists = await gb('export', '--out', join(dir, 'all.sqlite'));
    expect(exists.status).toBe(1);
    expect(exists.stderr).toContain('already exists');
    const unknown = await gb('export', '--out', join(dir, 'x.sqlite'), '--host', 'nope');
    expect(unknown.stderr).toMatch(/No host named "nope" in this history\. It holds: db-1, local\./);
    const bad = await gb('export', '--out', join(dir, 'y.sqlite'), '--to', 'soon');
    expect(bad.status).toBe(2);
  }, 30_000);

  it('prints rows and bytes per table and the time range', async () => {
    const r = await gb('db', 'stats', '--json');
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as {
      fromTs: number;
      tables: { name: string; role: string; rows: number; bytes: number }[];
    };
    const raw = s.tables.find((t) => t.name === 'raw');
    expect(raw?.role).toMatch(/^tier raw/);
    expect(raw?.rows).toBeGreaterThan(5);
    expect(raw?.bytes).toBeGreaterThan(0);
    // Every tier is listed, finest first, with its rows and bytes.
    expect(s.tables.slice(0, 4).map((t) => t.name)).toEqual(['raw', 'rollup_1m', 'rollup_15m', 'rollup_1h']);
    expect(s.tables.find((t) => t.name === 'rollup_1m')?.rows).toBeGreaterThan(0);
    expect(s.fromTs).toBe(Date.UTC(2026, 0, 1, 0, 0));
    const text = await gb('db', 'stats');
    expect(text.stdout).toMatch(/^raw\s+\d+\s+[\d.]+ \w+\s+tier raw/m);
    expect(text.stdout).toMatch(/raw values, [\d.]+ bytes each on disk/);
  }, 30_000);
});
