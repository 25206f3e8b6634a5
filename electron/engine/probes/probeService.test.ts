import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../shared/contract';
import { ProbeInputSchema, type ProbeInput } from '../../../shared/probes';
import { promised } from '../api';
import { silentLogger, systemClock, type Clock } from '../clock';
import type { EngineContext } from '../core/context';
import { assembleEngine, type Engine } from '../createEngine';
import { FakeClock } from '../testing/fakes';
import { nginxAvailable, startNginx, type TestNginx } from '../testing/nginx';
import { testAlerting, testContext } from '../testing/testContext';
import { probeHandlers } from './handlers';
import { ProbeService } from './probeService';

// A real nginx (its test CA trusted through ProbeService.runOptions), the real service with real
// alerting over a temp data dir, the real store. The fake clock only where a test needs time to
// pass without waiting. Reviewing a saved history is the engine's (its read-only guard), so
// that test opens the file with a whole engine.
let nginx: TestNginx;
let dir: string;
const rigs: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  if (!nginxAvailable()) return;
  nginx = await startNginx();
  ProbeService.runOptions = { ca: nginx.caPem };
}, 30_000);
afterAll(async () => {
  ProbeService.runOptions = {};
  await nginx?.stop();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-probes-'));
});
afterEach(async () => {
  await Promise.all(rigs.splice(0).map((e) => e.stop()));
  rmSync(dir, { recursive: true, force: true });
});

/** The probe service on a context with this machine on the board, and its API slice. */
function engine(opts: { clock?: Clock; start?: boolean } = {}) {
  const ctx = testContext({
    dataDir: dir,
    local: true,
    ...(opts.clock ? { clock: opts.clock } : { clock: systemClock }),
  });
  const alerting = testAlerting(ctx);
  const probes = new ProbeService({ ...ctx, alerting });
  const rig = {
    api: promised(probeHandlers({ probes })),
    on: ((event, listener) => ctx.on(event, listener)) as EngineContext['on'],
    store: ctx.store,
    start: (): void => {
      alerting.start();
      probes.start();
    },
    stop: async (): Promise<void> => {
      await probes.stop();
      await alerting.stop();
      await ctx.close();
    },
  };
  rigs.push(rig);
  if (opts.start !== false) rig.start();
  return rig;
}
type Rig = ReturnType<typeof engine>;

/** A saved history opened for review by a whole engine, as the app opens one. */
function reviewEngine(history: string, clock: Clock): Engine {
  const e = assembleEngine({
    dataDir: join(dir, 'review'),
    mode: 'headless',
    logger: silentLogger,
    clock,
    history,
  });
  rigs.push(e);
  return e;
}

/** Stops a service before the test ends (afterEach stops the rest). */
async function stop(e: Rig): Promise<void> {
  rigs.splice(rigs.indexOf(e), 1);
  await e.stop();
}

const input = (over: Partial<ProbeInput>) =>
  ProbeInputSchema.parse({ name: 'API health', url: nginx.url('gzip', '/health'), ...over });

const rows = (e: Rig, sql: string): unknown[] => e.store.db.prepare(sql).all();

describe.skipIf(!nginxAvailable())('ProbeService against a real nginx', () => {
  it('adds a probe, runs it at once, keeps the run and reports timings and the certificate', async () => {
    const e = engine();
    const events: EventPayload<'probes:changed'>[] = [];
    e.on('probes:changed', (p) => events.push(p));
    const st = await e.api['probes:add'](input({ url: nginx.url('tlsLong', '/index.html') }));

    expect(st.def.id).toBe('api-health');
    expect(st.last).toMatchObject({ ok: true, status: 200, fromHostId: null, remoteAddress: '127.0.0.1' });
    const t = st.last?.timings;
    expect(t?.dnsMs).toBe(0); // an IP literal is never looked up
    expect(t?.tlsMs).toBeGreaterThan(0);
    expect(t?.ttfbMs).not.toBeNull();
    expect(st.last?.cert).toMatchObject({
      subject: 'localhost',
      issuer: 'Greenboard Test CA',
      trusted: true,
    });
    expect(Math.round(st.last?.cert?.daysLeft ?? 0)).toBe(60);
    expect(st.health).toMatchObject({ state: 'green', reasons: [], samples: 1 });
    expect(st.recentMs).toEqual([t?.totalMs]);
    expect(st.lastRemote).toBeNull();
    expect(events.at(-1)).toEqual({ probeId: 'api-health', removed: false, status: st });

    const again = await e.api['probes:add'](input({ url: nginx.url('plain', '/app.js') }));
    expect(again.def.id).toBe('api-health-2');
    // ~400 KB of uncompressed JavaScript without a cache lifetime.
    expect(again.advice.map((a) => a.id).sort()).toEqual(['cache-missing', 'compression']);

    expect(await e.api['probes:results']({ probeId: 'api-health', limit: 1000 })).toEqual([st.last]);
    expect((await e.api['probes:list']({})).map((s) => s.def.id)).toEqual(['api-health', 'api-health-2']);
    expect(rows(e, "SELECT from_host, ok FROM probe_results WHERE probe_id = 'api-health'")).toEqual([
      { from_host: '', ok: 1 },
    ]);
  });

  it('turns red when the SLO percentile breaches its limit', async () => {
    const e = engine();
    const slo = { percentile: 95, underMs: 100, windowMs: 60_000 };
    const st = await e.api['probes:add'](input({ url: nginx.url('gzip', '/slow?ms=150'), slo }));
    expect(st.health.state).toBe('red');
    expect(st.health.latencyMs).toBeGreaterThanOrEqual(150);
    expect(st.health.reasons).toEqual([expect.stringMatching(/^p95 \d+ ms ≥ 100 ms over 1 min$/)]);
  });

  it('warns of a certificate close to expiry: red within certCritDays, amber within certWarnDays', async () => {
    const e = engine();
    const url = nginx.url('tlsShort', '/health');
    const red = await e.api['probes:add'](input({ name: 'short', url, certCritDays: 3 }));
    expect(red.health.state).toBe('red');
    expect(red.health.reasons).toEqual([expect.stringMatching(/^certificate expires in 2 days \(/)]);
    const amber = await e.api['probes:add'](input({ name: 'short soft', url, certCritDays: 1 }));
    expect(amber.health.state).toBe('amber');
    expect((await e.api['probes:list']({})).map((s) => s.health.state)).toEqual(['red', 'amber']);
  });

  it('goes grey on time when runs stop coming back, then red when the run times out', async () => {
    const clock = new FakeClock(Date.now());
    const e = engine({ clock });
    const events: EventPayload<'probes:changed'>[] = [];
    e.on('probes:changed', (p) => events.push(p));
    const st = await e.api['probes:add'](input({ intervalMs: 1000 }));
    expect(st.health.state).toBe('green');

    // The next run hangs on /stall (real time) while the fake clock moves four intervals on.
    const stall = await e.api['probes:update']({
      ...st.def,
      url: nginx.url('gzip', '/stall'),
      timeoutMs: 1500,
    });
    expect(stall.def.url).toMatch(/\/stall$/);
    await clock.advance(4000);
    const grey = (await e.api['probes:list']({}))[0];
    // Judged on the 1 s tick: more than three intervals silent at the fourth.
    expect(grey?.health).toMatchObject({ state: 'grey', since: st.last!.ts + 4000 });
    expect(grey?.health.reasons).toEqual(['no result for 4 s (one every 1 s expected)']);
    expect(events.some((x) => x.status?.health.state === 'grey')).toBe(true);

    const red = await e.api['probes:run']({ probeId: st.def.id }); // waits for the hanging run
    expect(red.health.state).toBe('red');
    expect(red.last?.error).toMatch(/^timed out after 1.5 s waiting for the response headers/);
    expect(red.recentMs).toEqual([st.last?.timings.totalMs, null]);
  });

  it('answers results in a range oldest first, the newest `limit` when more match', async () => {
    const clock = new FakeClock(Date.now());
    const e = engine({ clock, start: false });
    const { def } = await e.api['probes:add'](input({}));
    const t0 = clock.now();
    for (let i = 0; i < 3; i++) {
      await clock.advance(1000);
      await e.api['probes:run']({ probeId: def.id });
    }
    // A row that no longer parses is skipped, not shown.
    e.store.db
      .prepare('INSERT INTO probe_results (probe_id, ts, ok, result) VALUES (?, ?, 1, \'{"bad":1}\')')
      .run(def.id, t0 + 1500);
    const ts = async (q: { from?: number; to?: number; limit?: number }) =>
      (await e.api['probes:results']({ probeId: def.id, limit: 1000, ...q })).map((r) => r.ts - t0);
    expect(await ts({})).toEqual([0, 1000, 2000, 3000]);
    expect(await ts({ from: t0 + 1000, to: t0 + 2000 })).toEqual([1000, 2000]);
    expect(await ts({ limit: 2 })).toEqual([2000, 3000]);
    await expect(e.api['probes:results']({ probeId: 'nope', limit: 10 })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('updates and removes a probe with its results', async () => {
    const e = engine();
    const events: EventPayload<'probes:changed'>[] = [];
    e.on('probes:changed', (p) => events.push(p));
    const { def } = await e.api['probes:add'](input({}));
    await expect(e.api['probes:update']({ ...def, id: 'nope' })).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/probes:list/),
    });
    await expect(e.api['probes:update']({ ...def, fromHostId: 'ghost' })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/No host with id "ghost"/),
    });
    const renamed = await e.api['probes:update']({ ...def, name: 'Renamed' });
    expect(renamed.def.name).toBe('Renamed');
    expect(renamed.last).not.toBeNull(); // its kept results stay

    expect(await e.api['probes:remove']({ probeId: def.id })).toEqual({ removed: def.id });
    expect(events.at(-1)).toEqual({ probeId: def.id, removed: true, status: null });
    expect(await e.api['probes:list']({})).toEqual([]);
    await expect(e.api['probes:run']({ probeId: def.id })).rejects.toMatchObject({ code: 'not_found' });
    expect(rows(e, 'SELECT id FROM probes')).toEqual([]);
    expect(rows(e, 'SELECT id FROM probe_results')).toEqual([]);
  });

  it('keeps probes, results and health across a restart, and prunes results past 90 days', async () => {
    const first = engine();
    const st = await first.api['probes:add'](input({ url: nginx.url('plain', '/app.js') }));
    await stop(first);

    const second = engine({ start: false });
    const [again] = await second.api['probes:list']({});
    expect(again).toMatchObject({ def: st.def, last: st.last, recentMs: st.recentMs });
    expect(again?.health).toMatchObject({ state: 'green', samples: 1 });
    expect(again?.advice).toEqual([]); // the body is not kept: advice returns with the next run
    const old = { ...st.last!, ts: Date.now() - 91 * 86_400_000 };
    second.store.db
      .prepare('INSERT INTO probe_results (probe_id, ts, ok, result) VALUES (?, ?, 1, ?)')
      .run(st.def.id, old.ts, JSON.stringify(old));
    expect(await second.api['probes:results']({ probeId: st.def.id, limit: 10 })).toHaveLength(2);
    second.start();
    expect(await second.api['probes:results']({ probeId: st.def.id, limit: 10 })).toEqual([st.last]);
  });

  it('lists a reviewed history as of its last result and runs nothing', async () => {
    const live = engine();
    const st = await live.api['probes:add'](input({}));
    const file = live.store.path;
    await stop(live);

    const review = reviewEngine(file, new FakeClock(Date.now() + 10 * 86_400_000));
    const [shown] = await review.api['probes:list']({});
    expect(shown).toMatchObject({ def: st.def, last: st.last, health: { state: 'green' } });
    await expect(review.api['probes:run']({ probeId: st.def.id })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await review.api['probes:results']({ probeId: st.def.id, limit: 10 })).toEqual([st.last]);
  });
});
