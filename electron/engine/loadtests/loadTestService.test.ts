// Integration tests: load tests through their API slice against a real nginx on 127.0.0.1
// (electron/engine/testing/nginx.ts), with the real service, this machine's real collector and
// a SQLite file in a temp data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  LoadProgressSchema,
  LoadRunSchema,
  type LoadProgress,
  type LoadRun,
} from '../../../shared/loadTests';
import { promised } from '../api';
import { systemClock } from '../clock';
import { realLocalCollector, testContext, type TestContext } from '../testing/testContext';
import { nginxAvailable, startNginx, type TestNginx, nginxSkipNote } from '../testing/nginx';
import { loadTestHandlers } from './handlers';
import { LoadTestService } from './loadTestService';

let nginx: TestNginx;
beforeAll(async () => {
  if (nginxAvailable()) nginx = await startNginx();
}, 30_000);
afterAll(async () => {
  await nginx?.stop();
});

let dir: string;
let ctx: TestContext;
let loadTests: LoadTestService;
let api: ReturnType<typeof boot>;
/** The service on this machine's board, as the engine runs it, and its API slice. */
function boot() {
  ctx = testContext({ dataDir: dir, clock: systemClock, local: true, createCollector: realLocalCollector });
  loadTests = new LoadTestService(ctx);
  return promised(loadTestHandlers({ loadTests }));
}
async function stop(): Promise<void> {
  await loadTests.stop();
  await ctx.close();
}
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-loadtests-'));
  api = boot();
});
afterEach(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The next 'loadtests:changed' of the run that matches `done`. */
function changed(runId: number, done: (r: LoadRun) => boolean): Promise<LoadRun> {
  return new Promise((resolve) => {
    const off = ctx.on('loadtests:changed', (r) => {
      if (r.id === runId && done(r)) {
        off();
        resolve(r);
      }
    });
  });
}
const ended = (runId: number): Promise<LoadRun> => changed(runId, (r) => r.status !== 'running');

async function saveTarget(durationSec: number, name = 'nginx health'): Promise<string> {
  const target = await api['loadtests:saveTarget']({
    name,
    // 127.0.0.1: the target is matched to this machine, so its CPU and memory are recorded.
    spec: { ...spec(), targetUrl: nginx.url('plain', '/health'), durationSec },
    hostId: null,
  });
  return target.id;
}
const spec = () => ({
  targetUrl: '',
  method: 'GET' as const,
  headers: {},
  connections: 4,
  durationSec: 1,
  timeoutSec: 5,
  thresholds: ['p95<5s'],
});

describe.skipIf(!nginxAvailable())(`load tests${nginxSkipNote()}`, () => {
  it('runs a saved target, reports progress with the host, keeps the result as the baseline', async () => {
    const targetId = await saveTarget(2);
    expect((await api['loadtests:targets']({}))[0]).toMatchObject({ id: targetId, hostId: 'local' });
    const progress: LoadProgress[] = [];
    ctx.on('loadtests:progress', (p) => progress.push(p));

    const started = await api['loadtests:start']({ targetId, confirmed: true });
    expect(started).toMatchObject({ status: 'running', result: null, baseline: false, hostId: 'local' });
    const end = await ended(started.id);

    expect(LoadRunSchema.parse(end)).toEqual(end);
    expect(end).toMatchObject({ status: 'done', error: null, baseline: true, comparison: null });
    expect(end.result?.requests).toBeGreaterThan(0);
    expect(end.result?.thresholds).toEqual([{ expr: 'p95<5s', ok: true, actual: expect.any(Number) }]);
    // About every 250 ms for 2 s; the host's usage once its first sample is in.
    expect(progress.length).toBeGreaterThanOrEqual(4);
    for (const p of progress) expect(LoadProgressSchema.parse(p)).toEqual(p);
    expect(progress.at(-1)).toMatchObject({ runId: started.id, targetId, totalMs: 2000 });
    expect(progress.some((p) => p.host !== null && p.host.memPct !== null)).toBe(true);
    // One timeline point a second; host points about a second apart, with numbers in them.
    expect(end.timeline.length).toBeGreaterThanOrEqual(2);
    expect(end.timeline.length).toBeLessThanOrEqual(3);
    expect(end.timeline.every((t) => t.rps >= 0)).toBe(true);
    expect(end.hostUsage.length).toBeGreaterThanOrEqual(2);
    expect(end.hostUsage.some((h) => typeof h.cpuPct === 'number')).toBe(true);
    expect(end.hostUsage.every((h) => typeof h.memPct === 'number')).toBe(true);

    expect(await api['loadtests:runs']({ targetId, limit: 50 })).toEqual([end]);
  }, 20_000);

  it('runs one at a time, compares with the baseline, and moves the baseline', async () => {
    const targetId = await saveTarget(1);
    const first = await api['loadtests:start']({ targetId, confirmed: true });
    await expect(api['loadtests:start']({ targetId, confirmed: true })).rejects.toMatchObject({
      code: 'conflict',
      message: 'A load test of nginx health is running; wait for it or cancel it.',
    });
    await expect(api['loadtests:removeTarget']({ targetId })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(api['loadtests:setBaseline']({ runId: first.id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('still running'),
    });
    await ended(first.id);

    const second = await api['loadtests:start']({ targetId, confirmed: true });
    const secondEnd = await ended(second.id);
    expect(secondEnd).toMatchObject({ status: 'done', baseline: false });
    expect(secondEnd.comparison?.verdict).toMatch(/^(better|same|regression)$/);
    expect(secondEnd.comparison?.summary).toMatch(/baseline/);
    expect(secondEnd.comparison?.comparisons.map((c) => c.metric)).toEqual([
      'p50',
      'p95',
      'p99',
      'rps',
      'errors',
    ]);

    const moved = changed(second.id, (r) => r.baseline);
    expect(await api['loadtests:setBaseline']({ runId: second.id })).toMatchObject({
      id: second.id,
      baseline: true,
      comparison: null,
    });
    await moved;
    const [newest, oldest] = await api['loadtests:runs']({ targetId, limit: 50 });
    expect(newest).toMatchObject({ id: second.id, baseline: true, comparison: null });
    expect(oldest).toMatchObject({ id: first.id, baseline: false });
    expect(oldest?.comparison?.baselineStartedAt).toBe(secondEnd.result?.startedAt);

    expect(await api['loadtests:removeTarget']({ targetId })).toEqual({ removed: targetId });
    expect(ctx.store.db.prepare('SELECT COUNT(*) FROM load_runs').pluck().get()).toBe(0);
    await expect(api['loadtests:runs']({ targetId, limit: 50 })).rejects.toMatchObject({
      code: 'not_found',
    });
  }, 20_000);

  it('cancels a run mid-way and keeps it with its partial numbers', async () => {
    const targetId = await saveTarget(30);
    const run = await api['loadtests:start']({ targetId, confirmed: true });
    await new Promise((r) => setTimeout(r, 700));
    const t0 = Date.now();
    const cancelled = await api['loadtests:cancel']({ runId: run.id });
    expect(Date.now() - t0).toBeLessThan(3000);

    expect(cancelled).toMatchObject({ id: run.id, status: 'cancelled', baseline: false, error: null });
    expect(cancelled.result?.cancelled).toBe(true);
    expect(cancelled.result?.requests).toBeGreaterThan(0);
    expect(cancelled.result?.durationMs).toBeLessThan(5000);
    expect(await api['loadtests:runs']({ targetId, limit: 50 })).toEqual([cancelled]);

    await expect(api['loadtests:cancel']({ runId: run.id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('already ended (cancelled)'),
    });
    await expect(api['loadtests:setBaseline']({ runId: run.id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('cancelled'),
    });
  }, 20_000);

  it('stores a cancelled run when the engine stops mid-run', async () => {
    const targetId = await saveTarget(30);
    const run = await api['loadtests:start']({ targetId, confirmed: true });
    await new Promise((r) => setTimeout(r, 500));
    await stop();

    api = boot();
    const [kept] = await api['loadtests:runs']({ targetId, limit: 50 });
    expect(kept).toMatchObject({ id: run.id, status: 'cancelled', result: { cancelled: true } });
  }, 20_000);
});
