// A run that fails to run. A saved spec always passes runLoadTest's own checks and autocannon
// reports unreachable servers as errors, not failures, so no real target makes it throw: this
// file replaces runLoadTest with a FAKE that rejects, and keeps the real service and store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { LoadRun } from '../../../shared/loadTests';
import { promised } from '../api';
import { systemClock } from '../clock';
import { testContext, type TestContext } from '../testing/testContext';
import { loadTestHandlers } from './handlers';
import { LoadTestService } from './loadTestService';

vi.mock('../checks/loadTest', async (importOriginal) => {
  const real = await importOriginal<typeof import('../checks/loadTest')>();
  return {
    ...real,
    runLoadTest: () => Promise.reject(new real.LoadTestError('invalid', 'the fake load generator refused')),
  };
});

let dir: string;
let ctx: TestContext;
let loadTests: LoadTestService;
let api: ReturnType<typeof loadTestApi>;
const loadTestApi = (service: LoadTestService) => promised(loadTestHandlers({ loadTests: service }));
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-loadfail-'));
  ctx = testContext({ dataDir: dir, clock: systemClock, local: true });
  loadTests = new LoadTestService(ctx);
  api = loadTestApi(loadTests);
});
afterEach(async () => {
  await loadTests.stop();
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

it('keeps a run that failed, with its error, as no baseline, and frees the slot', async () => {
  const t = await api['loadtests:saveTarget']({
    name: 'Nowhere',
    spec: {
      targetUrl: 'http://example.invalid/',
      method: 'GET',
      headers: {},
      connections: 1,
      durationSec: 1,
      timeoutSec: 1,
      thresholds: [],
    },
    hostId: null,
  });
  const seen: LoadRun[] = [];
  ctx.on('loadtests:changed', (r) => seen.push(r));
  const run = await api['loadtests:start']({ targetId: t.id, confirmed: true });
  await vi.waitFor(() => expect(seen.at(-1)?.status).toBe('failed'));

  expect(seen.map((r) => r.status)).toEqual(['running', 'failed']);
  expect(seen[1]).toMatchObject({
    id: run.id,
    error: 'the fake load generator refused',
    result: null,
    baseline: false,
    comparison: null,
  });
  expect(await api['loadtests:runs']({ targetId: t.id, limit: 50 })).toEqual([seen[1]]);
  // The slot is free again: the next start is accepted (and fails the same way).
  const next = await api['loadtests:start']({ targetId: t.id, confirmed: true });
  expect(next.status).toBe('running');
  await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ id: next.id, status: 'failed' }));
});
