// Targets, contract checks, crash recovery and review mode: the real service and SQLite file in
// a temp data dir (review mode, the engine's read-only guard, on a whole engine). Nothing here
// sends load (see loadTestService.test.ts for runs).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeZodError, methods } from '../../../shared/contract';
import type { Host } from '../../../shared/schemas';
import { promised } from '../api';
import { silentLogger, systemClock } from '../clock';
import { assembleEngine, type Engine } from '../createEngine';
import { testContext } from '../testing/testContext';
import { loadTestHandlers } from './handlers';
import { LoadStore } from './loadStore';
import { matchHost, slugOf, uniqueId } from './loadTargets';
import { LoadTestService, STOPPED_DURING_RUN } from './loadTestService';

const DB_1: Host = {
  id: 'db-1',
  name: 'db-1',
  kind: 'ssh',
  intervalMs: 5000,
  tags: [],
  ssh: { user: 'ops', host: '10.0.0.7', port: 22 },
};
const LOCAL: Host = { id: 'local', name: 'here', kind: 'local', intervalMs: 1000, tags: [] };

describe('target ids and host matching', () => {
  it('makes a slug id from the name, unique among the taken ones', () => {
    expect(slugOf('Checkout API (prod)')).toBe('checkout-api-prod');
    expect(slugOf('Crème brûlée')).toBe('creme-brulee');
    expect(slugOf('???')).toBe('target');
    expect(slugOf('x'.repeat(200)).length).toBeLessThanOrEqual(60);
    const taken = new Set(['shop', 'shop-2']);
    expect(uniqueId('Shop', (id) => taken.has(id))).toBe('shop-3');
    expect(uniqueId('Blog', (id) => taken.has(id))).toBe('blog');
  });

  it('matches loopback to this machine and an SSH host by its exact address', () => {
    const hosts = [LOCAL, DB_1];
    expect(matchHost('http://127.0.0.1:8080/health', hosts)).toBe('local');
    expect(matchHost('http://localhost/', hosts)).toBe('local');
    expect(matchHost('http://[::1]:3000/', hosts)).toBe('local');
    expect(matchHost('https://10.0.0.7/api', hosts)).toBe('db-1');
    expect(matchHost('https://10.0.0.70/api', hosts)).toBeNull();
    expect(matchHost('https://example.com/', hosts)).toBeNull();
    // Two hosts at one address: which one serves the URL cannot be told.
    expect(matchHost('https://10.0.0.7/', [DB_1, { ...DB_1, id: 'db-2' }])).toBeNull();
  });
});

/** The service on a context with this machine on the board, and its API slice. */
function service() {
  mkdirSync(join(dir, 'data'), { recursive: true });
  const ctx = testContext({ dataDir: join(dir, 'data'), clock: systemClock, local: true });
  const loadTests = new LoadTestService(ctx);
  return {
    api: promised(loadTestHandlers({ loadTests })),
    hosts: ctx.hosts,
    store: ctx.store,
    loadTests,
    stop: async (): Promise<void> => {
      await loadTests.stop();
      await ctx.close();
    },
  };
}

let dir: string;
// The service, or for the review test a whole engine over the saved file.
let engine: ReturnType<typeof service> | Engine;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-loadtargets-'));
  engine = service();
});
afterEach(async () => {
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

const input = (name: string, targetUrl: string, hostId: string | null = null) =>
  methods['loadtests:saveTarget'].input.parse({ name, spec: { targetUrl, durationSec: 1 }, hostId });

describe('load-test targets', () => {
  it('saves targets with unique ids, matched hosts and the spec defaults filled in', async () => {
    engine.hosts.mount(DB_1); // never started: no SSH connection is made
    const a = await engine.api['loadtests:saveTarget'](input('Shop API', 'http://127.0.0.1:9/'));
    const b = await engine.api['loadtests:saveTarget'](input('Shop API', 'http://10.0.0.7/'));
    const c = await engine.api['loadtests:saveTarget'](input('Elsewhere', 'https://example.com/'));
    expect([a.id, a.hostId]).toEqual(['shop-api', 'local']);
    expect([b.id, b.hostId]).toEqual(['shop-api-2', 'db-1']);
    expect([c.id, c.hostId]).toEqual(['elsewhere', null]);
    expect(a.spec).toMatchObject({ method: 'GET', connections: 10, durationSec: 1, thresholds: [] });

    // With an id: replaced in place, created time kept; a chosen host wins over matching.
    const edited = await engine.api['loadtests:saveTarget']({
      ...input('Shop API (edited)', 'http://127.0.0.1:9/', 'db-1'),
      id: 'shop-api',
    });
    expect(edited).toMatchObject({ id: 'shop-api', name: 'Shop API (edited)', hostId: 'db-1' });
    expect(edited.createdAt).toBe(a.createdAt);
    expect(await engine.api['loadtests:targets']({})).toEqual([edited, b, c]);
  });

  it('refuses an unknown host, an unknown id, and a spec over a cap', async () => {
    await expect(
      engine.api['loadtests:saveTarget'](input('x', 'http://127.0.0.1:9/', 'nope')),
    ).rejects.toMatchObject({
      code: 'bad_request',
      message: 'No host "nope" in the fleet. Pick one from the host list, or leave the host empty.',
    });
    await expect(
      engine.api['loadtests:saveTarget']({ ...input('x', 'http://127.0.0.1:9/'), id: 'ghost' }),
    ).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('Leave the id out') });

    const over = methods['loadtests:saveTarget'].input.safeParse({
      name: 'flood',
      spec: { targetUrl: 'http://127.0.0.1:9/', connections: 500 },
    });
    expect(over.success).toBe(false);
    expect(describeZodError(over.error!)).toBe(
      'spec.connections: connections is capped at 200 so a load test cannot flood its target',
    );
    expect(await engine.api['loadtests:targets']({})).toEqual([]);
  });

  it('starts only saved targets, and only once confirmed', async () => {
    const unconfirmed = methods['loadtests:start'].input.safeParse({ targetId: 'x', confirmed: false });
    expect(describeZodError(unconfirmed.error!)).toBe(
      'confirmed: confirm the load test first: it sends real traffic',
    );
    expect(methods['loadtests:start'].input.safeParse({ targetId: 'x' }).success).toBe(false);
    await expect(engine.api['loadtests:start']({ targetId: 'x', confirmed: true })).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('save it as a target first'),
    });
  });

  it('marks a run left running by a stopped process failed, and removes runs with their target', async () => {
    const t = await engine.api['loadtests:saveTarget'](input('Shop', 'http://127.0.0.1:9/'));
    // The row a process that died mid-run leaves behind.
    const runId = new LoadStore(engine.store.db).insertRun(t, Date.now());
    await engine.stop();

    engine = service();
    const [run] = await engine.api['loadtests:runs']({ targetId: t.id, limit: 50 });
    expect(run).toMatchObject({ id: runId, status: 'failed', error: STOPPED_DURING_RUN, result: null });
    expect(run?.comparison).toBeNull();
    await expect(engine.api['loadtests:setBaseline']({ runId })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('it failed'),
    });
    await expect(engine.api['loadtests:cancel']({ runId })).rejects.toMatchObject({ code: 'conflict' });

    expect(await engine.api['loadtests:removeTarget']({ targetId: t.id })).toEqual({ removed: t.id });
    expect(engine.store.db.prepare('SELECT COUNT(*) FROM load_runs').pluck().get()).toBe(0);
    expect(await engine.api['loadtests:targets']({})).toEqual([]);
  });

  it('shows a reviewed history its targets and runs as saved, and runs nothing', async () => {
    const t = await engine.api['loadtests:saveTarget'](input('Shop', 'http://127.0.0.1:9/'));
    const runId = new LoadStore(engine.store.db).insertRun(t, Date.now());
    const file = engine.store.path;
    await engine.stop();

    engine = assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger, history: file });
    expect(await engine.api['loadtests:targets']({})).toEqual([t]);
    // Still 'running': a reviewed history is shown as it was saved, never rewritten.
    expect(await engine.api['loadtests:runs']({ targetId: t.id, limit: 50 })).toMatchObject([
      { id: runId, status: 'running' },
    ]);
    await expect(engine.api['loadtests:start']({ targetId: t.id, confirmed: true })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(() => engine.loadTests.start(t.id)).toThrow(/read-only/);
  });
});
