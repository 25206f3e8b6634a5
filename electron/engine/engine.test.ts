import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Health, Sample } from '../../shared/schemas';
import { silentLogger } from './clock';
import { LOCAL_HOST_ID } from '../../shared/hosts';
import { assembleEngine, type Engine } from './createEngine';
import { FakeClock, ScriptedCollector } from './testing/fakes';

let dir: string;
let clock: FakeClock;
let collector: ScriptedCollector;
let engine: Engine;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-engine-'));
  clock = new FakeClock();
  engine = assembleEngine({
    dataDir: dir,
    mode: 'headless',
    clock,
    logger: silentLogger,
    localIntervalMs: 2000,
    createCollector: (host, c) => (collector = new ScriptedCollector(host.id, c)),
  });
});
afterEach(async () => {
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Greenboard engine', () => {
  it('puts the local machine on the board with zero configuration, waiting for its first poll', async () => {
    const board = await engine.api['board:get']({});
    expect(board).toHaveLength(1);
    expect(board[0]?.host.id).toBe(LOCAL_HOST_ID);
    expect(board[0]?.health.state).toBe('waiting');
  });

  it('polls on its interval, stores each sample and emits it', async () => {
    const seen: Sample[] = [];
    engine.on('metrics:sample', (s) => seen.push(s));
    engine.start();
    await clock.advance(0);
    expect(collector.primed).toBe(true);
    expect(collector.calls).toBe(0);
    await clock.advance(2000 * 5);
    expect(collector.calls).toBe(5);
    expect(seen.map((s) => s.ts - seen[0]!.ts)).toEqual([0, 2000, 4000, 6000, 8000]);
    // Writes are batched per sweep (within WRITE_BATCH_MS of wall time); flush to read them now.
    engine.writer?.flush();
    expect(engine.store.latestSample(LOCAL_HOST_ID)?.ts).toBe(seen[4]?.ts);
    expect(engine.store.countPoints(LOCAL_HOST_ID)).toBeGreaterThanOrEqual(5 * 20);
  });

  it("turns amber only after its rule's `for`, grey when samples stop, green once clear again", async () => {
    const changes: Health[] = [];
    engine.on('health:changed', (h) => changes.push(h));
    engine.start();
    await clock.advance(2000);
    expect(changes.at(-1)?.state).toBe('green');

    // Memory over 90% must hold for 2 minutes (the default rule) before the host turns amber.
    collector.next = { mem: { totalBytes: 100, usedBytes: 93, availableBytes: 7 } };
    await clock.advance(2000 * 59);
    expect(changes.at(-1)?.state).toBe('green');
    await clock.advance(2000 * 2);
    expect(changes.at(-1)).toMatchObject({ state: 'amber', reasons: ['memory 93% ≥ 90%'] });

    collector.fail = new Error('host vanished');
    await clock.advance(2000 * 4);
    const grey = changes.at(-1);
    expect(grey?.state).toBe('grey');
    expect(grey?.reasons[0]).toMatch(/^no data since \d\d:\d\d$/);
    expect(grey?.reasons).toContain('last poll failed: host vanished');

    // Data again, memory fine: still amber (held) until the clear has lasted the `for` too.
    collector.fail = null;
    collector.next = {};
    await clock.advance(2000);
    expect(changes.at(-1)).toMatchObject({ state: 'amber', reasons: ['memory 25%, warn until under 85%'] });
    await clock.advance(2 * 60_000);
    expect(changes.at(-1)?.state).toBe('green');
    expect(changes.map((c) => c.state)).toEqual(['green', 'amber', 'grey', 'amber', 'green']);

    // Every change is in the alert log, newest first: the signal's and the host's.
    const log = await engine.api['alerts:list']({ scope: 'all', limit: 100 });
    expect(log.entries.map((e) => `${e.signal}:${e.from}>${e.to}`)).toEqual([
      'host:warn>ok',
      'memory:warn>ok',
      'host:stale>warn',
      'data:stale>ok',
      'host:warn>stale',
      'data:ok>stale',
      'host:ok>warn',
      'memory:ok>warn',
    ]);
  });

  it('applies a new interval from settings and remembers it across restarts', async () => {
    await engine.api['settings:set']({ localIntervalMs: 5000 });
    engine.start();
    await clock.advance(15_000);
    expect(collector.calls).toBe(3);
    await engine.stop();
    engine = assembleEngine({ dataDir: dir, mode: 'headless', clock, logger: silentLogger });
    expect((await engine.api['settings:get']({})).localIntervalMs).toBe(5000);
  });

  it('answers an unknown host with not_found and a hint', async () => {
    await expect(engine.api['metrics:latest']({ hostId: 'nope' })).rejects.toThrow(/No host named "nope"/);
  });

  it('shows the last stored sample at once after a restart', async () => {
    engine.start();
    await clock.advance(2000);
    await engine.stop();
    engine = assembleEngine({ dataDir: dir, mode: 'headless', clock, logger: silentLogger });
    expect((await engine.api['board:get']({}))[0]?.latest).not.toBeNull();
  });
});
