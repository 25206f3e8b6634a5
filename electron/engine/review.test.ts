import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from './clock';
import { assembleEngine } from './createEngine';
import { MIGRATIONS, APPLICATION_ID, SCHEMA_VERSION } from './store/migrations';
import { Store } from './store/store';
import { FakeClock, ScriptedCollector } from './testing/fakes';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-review-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');
const GiB = 2 ** 30;

/**
 * Records a history the way Greenboard does: the local host ends amber (memory high for longer
 * than its rule's 2 min), an SSH host ends red (a disk full for longer than 1 min).
 */
async function recordHistory(): Promise<string> {
  const clock = new FakeClock();
  const scripted = new Map<string, ScriptedCollector>();
  const engine = assembleEngine({
    dataDir: join(dir, 'data'),
    mode: 'headless',
    clock,
    logger: silentLogger,
    localIntervalMs: 2000,
    createCollector: (h, c) => {
      const x = new ScriptedCollector(h.id, c);
      scripted.set(h.id, x);
      return x;
    },
  });
  engine.hosts.mount({
    id: 'db-1',
    name: 'db-1',
    kind: 'ssh',
    intervalMs: 5000,
    tags: ['db'],
    ssh: { user: 'ops', host: '10.0.0.5', port: 22 },
  });
  engine.start();
  await clock.advance(10_000);
  const local = scripted.get('local');
  const db1 = scripted.get('db-1');
  if (local) local.next = { mem: { totalBytes: 100 * GiB, usedBytes: 93 * GiB, availableBytes: 7 * GiB } };
  if (db1) db1.next = { disks: [{ mount: '/var', fs: 'ext4', totalBytes: 100, usedBytes: 97, usedPct: 97 }] };
  await clock.advance(3 * 60_000);
  await engine.stop();
  return engine.store.path;
}

describe('reviewing a saved history', () => {
  it('shows every host as it was last seen, read-only, and never writes to the file', async () => {
    const file = await recordHistory();
    const before = sha(file);
    const engine = assembleEngine({
      dataDir: '/nonexistent',
      mode: 'headless',
      logger: silentLogger,
      history: file,
    });
    engine.start();
    const info = await engine.api['app:info']({});
    expect(info.history).toMatchObject({ file });
    expect(info.history?.toTs).toBeGreaterThan(info.history?.fromTs ?? Infinity);
    const board = await engine.api['board:get']({});
    expect(board.map((b) => b.host.id).sort()).toEqual(['db-1', 'local']);
    // Judged as of the file's last sample: the states it had then, not grey "no data".
    expect(board.find((b) => b.host.id === 'local')?.health).toMatchObject({
      state: 'amber',
      reasons: ['memory 93% ≥ 90% for 2 min'],
    });
    expect(board.find((b) => b.host.id === 'db-1')?.health).toMatchObject({
      state: 'red',
      reasons: ['disk /var 97% ≥ 95% for 1 min'],
    });
    // The alert log and each host's signals travel with the file.
    const log = await engine.api['alerts:list']({ hostId: 'db-1', scope: 'all', limit: 100 });
    expect(log.entries.map((e) => [e.signal, e.to])).toEqual([
      ['host', 'critical'],
      ['disk:/var', 'critical'],
    ]);
    expect((await engine.api['alerts:signals']({ hostId: 'local' }))[0]).toMatchObject({
      signal: 'memory',
      state: 'warn',
    });
    await expect(
      engine.api['hosts:add']({
        name: 'x',
        ssh: { user: 'a', host: 'b', port: 22 },
        tags: [],
        intervalMs: 5000,
      }),
    ).rejects.toThrow(/saved history .* read-only/);
    await expect(engine.api['settings:set']({ localIntervalMs: 1000 })).rejects.toThrow(/read-only/);
    await new Promise((r) => setTimeout(r, 300));
    await engine.stop();
    expect(sha(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
  });

  it('travels in time: the board as it was at a past moment, states and reasons included', async () => {
    const file = await recordHistory();
    const engine = assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger, history: file });
    const info = await engine.api['app:info']({});
    const range = info.dataRange;
    expect(range).not.toBeNull();
    const at = async (ts: number) =>
      (await engine.api['board:at']({ ts })).hosts.find((b) => b.host.id === 'local');
    // Early on, memory was fine; for the last 3 minutes it was at 93%, amber after 2 of them.
    // (The range starts at the first poll.)
    const early = await at((range?.fromTs ?? 0) + 5000);
    expect(early?.health.state).toBe('green');
    expect(early?.latest?.mem.totalBytes).toBe(16 * GiB);
    expect(early?.latest?.cpu.cores).toBe(4);
    expect(await at(range?.toTs ?? 0)).toMatchObject({
      health: { state: 'amber', reasons: ['memory 93% ≥ 90% for 2 min'] },
    });
    // Within the `for`: high, but not yet amber, exactly as it was shown live.
    expect((await at((range?.toTs ?? 0) - 90_000))?.health.state).toBe('green');
    // Added a moment before its first poll: waiting for it then.
    expect((await at((range?.fromTs ?? 0) - 1))?.health.state).toBe('waiting');
    const later = await at((range?.toTs ?? 0) + 3600_000);
    expect(later?.health.state).toBe('grey');
    expect(later?.health.reasons[0]).toMatch(/^no data since/);
    await engine.stop();
  });

  it('says clearly what is wrong with a file it cannot review, and leaves it untouched', () => {
    const open = (f: string) => () =>
      assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger, history: f });
    expect(open(join(dir, 'missing.sqlite'))).toThrow(/No history file at .*missing\.sqlite/);

    const foreign = join(dir, 'foreign.sqlite');
    const db = new Database(foreign);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const foreignHash = sha(foreign);
    expect(open(foreign)).toThrow(`${foreign} is not a Greenboard history file; it was left untouched.`);
    expect(sha(foreign)).toBe(foreignHash);

    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'not a database at all'.repeat(300));
    expect(open(junk)).toThrow(/junk\.sqlite is not a readable SQLite database/);

    const newer = join(dir, 'newer.sqlite');
    new Store(newer).close();
    const raw = new Database(newer);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(open(newer)).toThrow(/written by a newer Greenboard/);
  });

  it('refuses a damaged history', async () => {
    const file = await recordHistory();
    const bytes = readFileSync(file);
    // Overwrite the middle pages (not the header) with garbage.
    bytes.fill(0x5a, 4096 * 2, Math.min(bytes.length, 4096 * 6));
    writeFileSync(file, bytes);
    const before = sha(file);
    expect(() =>
      assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger, history: file }),
    ).toThrow(/damaged|malformed|not a readable/);
    expect(sha(file)).toBe(before);
  });

  it('migrates an older schema in a copy only', async () => {
    const old = join(dir, 'v1.sqlite');
    const db = new Database(old);
    MIGRATIONS[0]?.up(db);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma('user_version = 1');
    db.prepare(
      "INSERT INTO hosts (id, name, kind, config, created_at) VALUES ('local', 'old-box', 'local', '{}', 0)",
    ).run();
    db.close();
    const before = sha(old);
    const engine = assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger, history: old });
    expect((await engine.api['board:get']({})).map((b) => b.host.name)).toEqual(['old-box']);
    await engine.stop();
    expect(sha(old)).toBe(before);
    const check = new Database(old, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(1);
    check.close();
  });
});
