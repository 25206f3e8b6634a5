// Integration tests: load tests through the engine API against a real nginx on 127.0.0.1
// (electron/engine/testing/nginx.ts), with a real engine and SQLite file in a temp data dir.
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
import { silentLogger } from '../clock';
import { assembleEngine, type Engine } from '../createEngine';
import { nginxAvailable, startNginx, type TestNginx, nginxSkipNote } from '../testing/nginx';

let nginx: TestNginx;
beforeAll(async () => {
  if (nginxAvailable()) nginx = await startNginx();
}, 30_000);
afterAll(async () => {
  await nginx?.stop();
});

let dir: string;
let engine: Engine;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-loadtests-'));
  engine = assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger });
});
afterEach(async () => {
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The next 'loadtests:changed' of the run that matches `done`. */
function changed(runId: number, done: (r: LoadRun) => boolean): Promise<LoadRun> {
  return new Promise((resolve) => {
    const off = engine.on('loadtests:changed', (r) => {
      if (r.id === runId && done(r)) {
        off();
        resolve(r);
      }
    });
  });
}
const ended = (runId: number): Promise<LoadRun> => changed(runId, (r) => r.status !== 'running');

async function saveTarget(durationSec: number, name = 'nginx health'): Promise<string> {
  const target = await engine.api['loadtests:saveTarget']({
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
    expect((await engine.api['loadtests:targets']({}))[0]).toMatchObject({ id: targetId, hostId: 'local' });
    const progress: LoadProgress[] = [];
    engine.on('loadtests:progress', (p) => progress.push(p));

    const started = await engine.api['loadtests:start']({ targetId, confirmed: true });
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

    expect(await engine.api['loadtests:runs']({ targetId, limit: 50 })).toEqual([end]);
  }, 20_000);

  it('runs one at a time, compares with the baseline, and moves the baseline', async () => {
    const targetId = await saveTarget(1);
    const first = await engine.api['loadtests:start']({ targetId, confirmed: true });
    await expect(engine.api['loadtests:start']({ targetId, confirmed: true })).rejects.toMatchObject({
      code: 'conflict',
      message: 'A load test of nginx health is running; wait for it or cancel it.',
    });
    await expect(engine.api['loadtests:removeTarget']({ targetId })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(engine.api['loadtests:setBaseline']({ runId: first.id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('still running'),
    });
    await ended(first.id);

    const second = await engine.api['loadtests:start']({ targetId, confirmed: true });
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
    expect(await engine.api['loadtests:setBaseline']({ runId: second.id })).toMatchObject({
      id: second.id,
      baseline: true,
      comparison: null,
    });
    await moved;
    const [newest, oldest] = await engine.api['loadtests:runs']({ targetId, limit: 50 });
    expect(newest).toMatchObject({ id: second.id, baseline: true, comparison: null });
    expect(oldest).toMatchObject({ id: first.id, baseline: false });
    expect(oldest?.comparison?.baselineStartedAt).toBe(secondEnd.result?.startedAt);

    expect(await engine.api['loadtests:removeTarget']({ targetId })).toEqual({ removed: targetId });
    expect(engine.store.db.prepare('SELECT COUNT(*) FROM load_runs').pluck().get()).toBe(0);
    await expect(engine.api['loadtests:runs']({ targetId, limit: 50 })).rejects.toMatchObject({
      code: 'not_found',
    });
  }, 20_000);

  it('cancels a run mid-way and keeps it with its partial numbers', async () => {
    const targetId = await saveTarget(30);
    const run = await engine.api['loadtests:start']({ targetId, confirmed: true });
    await new Promise((r) => setTimeout(r, 700));
    const t0 = Date.now();
    const cancelled = await engine.api['loadtests:cancel']({ runId: run.id });
    expect(Date.now() - t0).toBeLessThan(3000);

    expect(cancelled).toMatchObject({ id: run.id, status: 'cancelled', baseline: false, error: null });
    expect(cancelled.result?.cancelled).toBe(true);
    expect(cancelled.result?.requests).toBeGreaterThan(0);
    expect(cancelled.result?.durationMs).toBeLessThan(5000);
    expect(await engine.api['loadtests:runs']({ targetId, limit: 50 })).toEqual([cancelled]);

    await expect(engine.api['loadtests:cancel']({ runId: run.id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('already ended (cancelled)'),
    });
    await expect(engine.api['loadtests:setBaseline']({ runId: run.id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('cancelled'),
    });
  }, 20_000);

  it('stores a cancelled run when the engine stops mid-run', async () => {
    const targetId = await saveTarget(30);
    const run = await engine.api['loadtests:start']({ targetId, confirmed: true });
    await new Promise((r) => setTimeout(r, 500));
    await engine.stop();

    engine = assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger });
    const [kept] = await engine.api['loadtests:runs']({ targetId, limit: 50 });
    expect(kept).toMatchObject({ id: run.id, status: 'cancelled', result: { cancelled: true } });
  }, 20_000);
});
