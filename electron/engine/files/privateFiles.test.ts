// The data folder and what in it holds secrets (webhook URL, /metrics token, trusted keys) are
// the user's alone: 0700 and 0600, new or left looser by an older Greenboard. POSIX modes only.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../clock';
import { assembleEngine, type Engine } from '../createEngine';
import { Store } from '../store/store';
import { FakeClock, makeSample } from '../testing/fakes';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gb-modes-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);

function engineIn(dataDir: string): Engine {
  return assembleEngine({
    dataDir,
    mode: 'headless',
    clock: new FakeClock(Date.UTC(2026, 0, 1)),
    logger: silentLogger,
    createCollector: () => null,
  });
}

describe.skipIf(process.platform === 'win32')('owner-only data', () => {
  it('creates the data folder 0700 and the database, its WAL and greenboard.json 0600', async () => {
    const data = join(root, 'new', 'greenboard');
    const engine = engineIn(data);
    try {
      engine.store.writeSample(makeSample('local', Date.UTC(2026, 0, 1)));
      engine.settingsService.update({ localIntervalMs: 3000 });
      expect(mode(data)).toBe('700');
      for (const f of [
        'greenboard.sqlite',
        'greenboard.sqlite-wal',
        'greenboard.sqlite-shm',
        'greenboard.json',
      ]) {
        expect(existsSync(join(data, f)), f).toBe(true);
        expect(mode(join(data, f)), f).toBe('600');
      }
      const sqlite = await engine.api['history:export']({ format: 'sqlite' });
      expect(mode(join(data, 'exports'))).toBe('700');
      expect(mode(sqlite.path)).toBe('600');
      const csv = await engine.api['history:export']({ format: 'csv' });
      expect(mode(csv.path)).toBe('700');
      for (const f of csv.files) expect(mode(f)).toBe('600');
    } finally {
      await engine.stop();
    }
  });

  it('tightens a data folder an older Greenboard left readable by others, at start', async () => {
    const data = join(root, 'old');
    mkdirSync(data, { mode: 0o755 });
    chmodSync(data, 0o755);
    const before = new Store(join(data, 'greenboard.sqlite'));
    before.upsertHost({ id: 'local', name: 'here', kind: 'local', intervalMs: 5000, tags: [] }, 0);
    before.writeSample(makeSample('local', Date.UTC(2026, 0, 1)));
    writeFileSync(join(data, 'greenboard.json'), '{}\n');
    for (const f of readdirSync(data)) chmodSync(join(data, f), 0o644);
    expect(readdirSync(data).sort()).toEqual(
      ['greenboard.json', 'greenboard.sqlite', 'greenboard.sqlite-shm', 'greenboard.sqlite-wal'].sort(),
    );
    const engine = engineIn(data);
    try {
      expect(mode(data)).toBe('700');
      for (const f of readdirSync(data)) expect(mode(join(data, f)), f).toBe('600');
    } finally {
      await engine.stop();
      before.close();
    }
  });

  it('creates an exported history owner-only, and never over a file that is there', async () => {
    const engine = engineIn(join(root, 'data'));
    try {
      const { exportHistory } = await import('../store/exportHistory');
      const out = join(root, 'copy.sqlite');
      exportHistory({ source: engine.store.path, out });
      expect(mode(out)).toBe('600');
      expect(() => exportHistory({ source: engine.store.path, out })).toThrow(/already exists/);
      expect(existsSync(out)).toBe(true);
    } finally {
      await engine.stop();
    }
  });
});
