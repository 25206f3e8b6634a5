import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSample } from '../testing/fakes';
import { SCHEMA_VERSION } from './migrations';
import { rollupMismatches } from './testing/verifyRollups';
import { Store } from './store';
import { WalCheckpointer } from './walCheckpointer';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const host = { id: 'h1', name: 'db-1', kind: 'local' as const, intervalMs: 2000, tags: [] };

describe('Store', () => {
  it('is a WAL database at the current schema version', () => {
    const s = new Store(join(dir, 'g.sqlite'));
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    s.close();
  });

  it('has every committed sample after being closed and reopened', () => {
    const path = join(dir, 'g.sqlite');
    const a = new Store(path);
    a.upsertHost(host, 0);
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 50; i++)
      a.writeSample(
        makeSample('h1', t0 + i * 2000, { cpu: { cores: 4, busyPct: i, iowaitPct: 0, stealPct: 0 } }),
      );
    const perSample = a.countPoints('h1') / 50;
    a.close();

    const b = new Store(path);
    expect(b.countPoints('h1')).toBe(50 * perSample);
    expect(b.latestSample('h1')?.ts).toBe(t0 + 49 * 2000);
    const cpu = b.range('h1', [{ metric: 'cpu.busy_pct', labels: '' }], t0, t0 + 49 * 2000, 1000);
    expect(cpu.tier).toBe('raw');
    expect(cpu.series[0]!.map(([, v]) => v)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(b.listHosts()).toEqual([host]);
    b.close();
  });

  it('averages a long range down to at most maxPoints', () => {
    const s = new Store(join(dir, 'g.sqlite'));
    s.upsertHost(host, 0);
    for (let i = 0; i < 100; i++) s.writeSample(makeSample('h1', i * 1000));
    const r = s.range('h1', [{ metric: 'cpu.busy_pct', labels: '' }], 0, 99_000, 10);
    expect(r.series[0]!.length).toBeLessThanOrEqual(10);
    s.close();
  });

  it('folds the WAL into the database from a worker thread when automatic checkpoints are off', async () => {
    const s = new Store(join(dir, 'g.sqlite'), { manualCheckpoints: true });
    expect(s.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    s.upsertHost(host, 0);
    for (let i = 0; i < 300; i++) s.writeSample(makeSample('h1', i * 1000));
    const cp = new WalCheckpointer(s.path);
    const r = await cp.checkpoint();
    expect(r.ok).toBe(true);
    expect(r.log).toBeGreaterThan(0);
    expect(r.checkpointed).toBe(r.log);
    // The writer goes on while the worker holds its own connection.
    s.writeSample(makeSample('h1', 999_000));
    await cp.close();
    expect(s.latestSample('h1')?.ts).toBe(999_000);
    s.close();
  });

  it('refuses a SQLite file that is not a Greenboard history, and leaves it untouched', () => {
    const path = join(dir, 'other.sqlite');
    const other = new Database(path);
    other.exec('CREATE TABLE foo (x)');
    other.close();
    expect(() => new Store(path)).toThrow(/not a Greenboard history file/);
    const check = new Database(path, { readonly: true });
    expect(check.prepare('SELECT name FROM sqlite_schema').pluck().all()).toEqual(['foo']);
    check.close();
  });

  it('refuses a file written by a newer Greenboard', () => {
    const path = join(dir, 'g.sqlite');
    new Store(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => new Store(path)).toThrow(/newer Greenboard/);
  });

  it('refuses a file that is not SQLite at all with a clear message', () => {
    const path = join(dir, 'junk.sqlite');
    writeFileSync(path, 'this is not a database'.repeat(100));
    expect(() => new Store(path)).toThrow(/not a readable SQLite database/);
  });

  it('keeps every committed sample across 20 SIGKILLs at random moments', async () => {
    const path = join(dir, 'crash.sqlite');
    const acked: number[] = [];
    let next = 1000;
    for (let round = 0; round < 20; round++) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'testing/ingest.ts'), path, String(next)],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      // Kill after a random number of commits, then a random few ms more: mid-transaction,
      // mid-checkpoint or between writes, wherever it falls.
      const killAfter = 1 + Math.floor(Math.random() * 300);
      let seen = 0;
      let buf = '';
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          buf += chunk.toString();
          const lines = buf.split('\n');
          buf = lines.pop() ?? '';
          for (const l of lines) if (l) acked.push(Number(l));
          seen += lines.length;
          if (seen >= killAfter) {
            child.stdout.removeAllListeners('data');
            setTimeout(() => {
              child.kill('SIGKILL');
              resolve();
            }, Math.random() * 5);
          }
        });
      });
      await new Promise((r) => child.once('exit', r));

      const db = new Database(path);
      expect(db.pragma('integrity_check', { simple: true }), `round ${round}`).toBe('ok');
      db.close();
      const s = new Store(path);
      const stored = new Set(s.db.prepare('SELECT ts FROM raw').pluck().all() as number[]);
      expect(rollupMismatches(s.db), `round ${round}: rollups disagree with raw`).toEqual([]);
      const lost = acked.filter((ts) => !stored.has(ts));
      expect(lost, `round ${round}: committed samples missing`).toEqual([]);
      next = Math.max(...stored) + 1000;
      s.close();
    }
    expect(acked.length).toBeGreaterThan(20);
  }, 120_000);
});
