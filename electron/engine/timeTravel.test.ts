import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from './clock';
import { assembleEngine, type Engine } from './createEngine';
import { LinkLog } from './store/linkLog';
import { PAST, writePastFleet } from './testing/pastFleet';

// The board at past moments of a real SQLite history with known changes at known times.
const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const MIN = 60_000;
let dir: string;
let engine: Engine;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-time-travel-'));
});
afterEach(async () => {
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

function review(): Engine {
  const file = join(dir, 'past.greenboard');
  writePastFleet(file);
  engine = assembleEngine({
    dataDir: join(dir, 'data'),
    mode: 'headless',
    logger: silentLogger,
    history: file,
  });
  return engine;
}

const at = (ts: number, step?: 'prev' | 'next') => engine.api['board:at']({ ts, ...(step ? { step } : {}) });
const host = async (ts: number, id: string) => (await at(ts)).hosts.find((h) => h.host.id === id);

describe('board:at', () => {
  it('shows a host Warning from the moment its host row says so, not OK', async () => {
    review();
    expect((await host(PAST.webWarnAt - 10_000, 'web-1'))?.health.state).toBe('green');
    const warned = await host(PAST.webWarnAt + 44_000, 'web-1');
    expect(warned?.health).toMatchObject({
      state: 'amber',
      reasons: [PAST.webWarnReason],
      since: PAST.webWarnAt,
    });
  });

  it('shows a host that could not be reached as unreachable, with no retry time, not as waiting', async () => {
    review();
    expect((await host(PAST.cacheDownAt - 5000, 'cache-1'))?.health.state).toBe('waiting');
    const down = await host(PAST.cacheDownAt + 5 * MIN, 'cache-1');
    expect(down?.health.state).toBe('red');
    expect(down?.link).toMatchObject({
      state: 'unreachable',
      message: PAST.cacheMessage,
      nextAttemptAt: null,
    });
  });

  it('leaves out a host before it was added, and shows it after', async () => {
    review();
    expect(await host(PAST.web3AddedAt - 2 * MIN, 'web-3')).toBeUndefined();
    expect((await host(PAST.web3AddedAt + 2 * MIN, 'web-3'))?.health.state).toBe('green');
  });

  it('shows each probe as it was then, and the incidents open then', async () => {
    review();
    const before = await at(PAST.probeFailsAt - MIN);
    expect(before.probes.map((p) => [p.def.id, p.health.state])).toEqual([['api', 'green']]);
    expect(before.probes[0]?.last?.ts).toBeLessThanOrEqual(PAST.probeFailsAt - MIN);
    const after = await at(PAST.incidentFrom + MIN);
    expect(after.probes[0]?.health.state).toBe('red');
    expect(after.incidents).toEqual([{ id: 'INC-1', title: 'web-1 slow' }]);
    expect((await at(PAST.incidentTo + MIN)).incidents).toEqual([]);
    expect((await at(PAST.t0 - 1)).probes).toEqual([]);
  });

  it('starts the data range at the first poll, not at a rollup bucket', async () => {
    review();
    expect((await engine.api['app:info']({})).dataRange?.fromTs).toBe(PAST.t0);
    // Before the first poll there is no reading dressed up as one.
    expect(await host(PAST.t0 - 1, 'web-1')).toBeUndefined();
  });

  it('steps by poll: to the nearest host poll or probe run before or after a moment', async () => {
    review();
    const mid = PAST.t0 + 5 * MIN + 12_000;
    expect((await at(mid, 'prev')).ts).toBe(PAST.t0 + 5 * MIN + 10_000);
    expect((await at(mid, 'next')).ts).toBe(PAST.t0 + 5 * MIN + 15_000);
    // The probe runs 1 s after a poll: a stop of its own.
    expect((await at(PAST.t0 + 5 * MIN, 'next')).ts).toBe(PAST.t0 + 5 * MIN + 1000);
    expect((await at(PAST.t0, 'prev')).ts).toBe(PAST.t0);
  });
});

describe('link changes', () => {
  it('are recorded as they happen, so the past can show them', async () => {
    // A port nothing listens on: the SSH link fails at once with "connection refused".
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    engine = assembleEngine({
      dataDir: dir,
      mode: 'headless',
      logger: silentLogger,
      localIntervalMs: 60_000,
    });
    engine.start();
    await engine.api['hosts:add']({
      name: 'gone',
      ssh: { user: 'ops', host: '127.0.0.1', port },
      intervalMs: 1000,
      tags: [],
    });
    const id = engine.hosts.list().find((s) => s.host.name === 'gone')?.host.id ?? '';
    const links = new LinkLog(engine.store.db);
    const deadline = Date.now() + 20_000;
    while (links.at(id, Date.now())?.state !== 'unreachable' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const recorded = links.at(id, Date.now());
    expect(recorded?.state).toBe('unreachable');
    const past = (await at(Date.now())).hosts.find((h) => h.host.id === id);
    expect(past?.link.state).toBe('unreachable');
    expect(past?.health.state).toBe('red');
  }, 30_000);
});
