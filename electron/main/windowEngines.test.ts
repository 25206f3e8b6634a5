import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../engine/clock';
import { assembleEngine, type Engine } from '../engine/createEngine';
import { SCHEMA_VERSION } from '../engine/store/migrations';
import { Store } from '../engine/store/store';
import { makeSample } from '../engine/testing/fakes';
import { exportInside } from './exportPaths';
import { openHistoryEngine, WindowEngines } from './windowEngines';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-windows-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Stands in for a BrowserWindow: the registry only stores it. */
type FakeWindow = { name: string };

const review = (file: string) =>
  assembleEngine({ dataDir: join(dir, 'data'), mode: 'desktop', logger: silentLogger, history: file });

function recordedHistory(): string {
  const file = join(dir, 'recorded.sqlite');
  const store = new Store(file);
  store.upsertHost({ id: 'local', name: 'box', kind: 'local', intervalMs: 2000, tags: [] }, 0);
  store.writeSample(makeSample('local', Date.UTC(2026, 0, 1)));
  store.close();
  return file;
}

describe('WindowEngines', () => {
  it('routes each window to its own engine and stops a review engine when its window closes', async () => {
    const windows = new WindowEngines<FakeWindow, Engine>();
    const main = assembleEngine({ dataDir: join(dir, 'main'), mode: 'desktop', logger: silentLogger });
    const file = recordedHistory();
    const opened = openHistoryEngine(file, review);
    if (!opened.ok) throw new Error(opened.message);
    windows.add(1, { win: { name: 'main' }, engine: main, historyFile: null });
    windows.add(2, { win: { name: 'history' }, engine: opened.engine, historyFile: file });

    expect(windows.get(1)?.engine).toBe(main);
    expect(windows.get(2)?.engine).toBe(opened.engine);
    expect(windows.get(3)).toBeUndefined();
    expect((await windows.get(2)?.engine.api['app:info']({}))?.history?.file).toBe(file);
    expect((await windows.get(1)?.engine.api['app:info']({}))?.history).toBeNull();
    expect(windows.findHistory(join(dir, '.', 'recorded.sqlite'))?.win.name).toBe('history');
    expect(() => windows.add(2, { win: { name: 'x' }, engine: main, historyFile: null })).toThrow(
      /already bound/,
    );

    await windows.release(2);
    expect(windows.get(2)).toBeUndefined();
    expect(windows.findHistory(file)).toBeUndefined();
    // The review store is closed; the main engine is untouched and still answers.
    expect(opened.engine.store.db.open).toBe(false);
    expect(main.store.db.open).toBe(true);
    await windows.release(2); // a second 'closed' is harmless

    // The main window's engine belongs to the app: closing its window does not stop it.
    await windows.release(1);
    expect(main.store.db.open).toBe(true);
    await main.stop();
  });

  it('stops every review engine at quit', async () => {
    const windows = new WindowEngines<FakeWindow, { stop(): Promise<void> }>();
    const stopped: string[] = [];
    const fake = (name: string) => ({ stop: () => Promise.resolve(void stopped.push(name)) });
    windows.add(1, { win: { name: 'main' }, engine: fake('main'), historyFile: null });
    windows.add(2, { win: { name: 'a' }, engine: fake('a'), historyFile: '/a.sqlite' });
    windows.add(3, { win: { name: 'b' }, engine: fake('b'), historyFile: '/b.sqlite' });
    await windows.releaseAll();
    expect(stopped.sort()).toEqual(['a', 'b']);
    expect(windows.size).toBe(0);
  });
});

describe('openHistoryEngine', () => {
  it("returns the engine's own message for a file it cannot review", () => {
    const refused = (file: string) => {
      const r = openHistoryEngine(file, review);
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.message;
    };
    expect(refused(join(dir, 'missing.sqlite'))).toMatch(/^No history file at .*missing\.sqlite/);

    const foreign = join(dir, 'foreign.db');
    const db = new Database(foreign);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(refused(foreign)).toBe(`${foreign} is not a Greenboard history file; it was left untouched.`);

    const newer = join(dir, 'newer.sqlite');
    new Store(newer).close();
    const raw = new Database(newer);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(refused(newer)).toMatch(/written by a newer Greenboard/);

    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'not a database at all'.repeat(300));
    expect(refused(junk)).toMatch(/not a readable SQLite database/);
  });

  it('names the file when something unexpected goes wrong', () => {
    const r = openHistoryEngine('/x.sqlite', () => {
      throw new Error('EACCES');
    });
    expect(r).toEqual({
      ok: false,
      title: 'Could not open this history',
      message: 'Could not open /x.sqlite: EACCES',
    });
  });
});

describe('exportInside', () => {
  it('accepts only an existing path inside the exports folder', () => {
    const exportsDir = join(dir, 'exports');
    mkdirSync(join(exportsDir, 'greenboard-x-csv'), { recursive: true });
    writeFileSync(join(exportsDir, 'greenboard-x.sqlite'), '');
    writeFileSync(join(dir, 'secret.txt'), '');
    expect(exportInside(exportsDir, join(exportsDir, 'greenboard-x.sqlite'))).toBe(
      join(exportsDir, 'greenboard-x.sqlite'),
    );
    expect(exportInside(exportsDir, join(exportsDir, 'greenboard-x-csv'))).toBe(
      join(exportsDir, 'greenboard-x-csv'),
    );
    expect(exportInside(exportsDir, join(exportsDir, '..', 'secret.txt'))).toBeNull();
    expect(exportInside(exportsDir, join(dir, 'secret.txt'))).toBeNull();
    expect(exportInside(exportsDir, exportsDir)).toBeNull();
    expect(exportInside(exportsDir, join(exportsDir, 'missing.sqlite'))).toBeNull();
    expect(exportInside(exportsDir, 42)).toBeNull();
  });
});
