import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/dispatch';
import { ProbeDefSchema } from '../../../shared/probes';
import { systemClock, type Logger } from '../clock';
import { sliceApi, testAlerting, testContext, type TestContext } from '../testing/testContext';
import { probeHandlers } from './handlers';
import { ProbeService } from './probeService';

// Stored probes that no longer validate, on the real probe service over a test context in a
// temp folder, probing a real HTTP server on loopback that counts what it is sent.
let dir: string;
let server: Server;
let hits: number;
let url: string;
const warnings: string[] = [];
const logger: Logger = { info: () => {}, warn: (m) => warnings.push(m), error: () => {} };
let e: ReturnType<typeof probeService>;

/** The probe service with real alerting on a context, its API slice, and its life. */
function probeService(ctx: TestContext) {
  const alerting = testAlerting(ctx);
  const probes = new ProbeService({ ...ctx, alerting });
  return {
    api: sliceApi(probeHandlers({ probes })),
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
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gb-stored-probes-'));
  hits = 0;
  warnings.length = 0;
  server = createServer((_req, res) => {
    hits++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  e = probeService(testContext({ dataDir: dir, clock: systemClock, logger, local: true }));
});
afterEach(async () => {
  await e.stop();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a probe row as a crafted file or an older version would have it. */
function storeRaw(id: string, def: Record<string, unknown>): void {
  e.store.db
    .prepare('INSERT INTO probes (id, def, created_ts) VALUES (?, ?, ?)')
    .run(id, JSON.stringify({ ...ProbeDefSchema.parse({ id, name: id, url }), ...def }), Date.now());
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('stored probes that no longer validate', () => {
  it('a probe stored with a 3,000,000,000 ms interval is disabled, not run in a 1 ms loop', async () => {
    storeRaw('huge', { intervalMs: 3_000_000_000 });
    e.start();
    await sleep(700);
    expect(hits).toBe(0);
    expect(warnings.join('\n')).toMatch(
      /Probe "huge" is disabled: its stored definition no longer validates \(intervalMs: must be at most a day/,
    );
  });

  it('one bad probe leaves the others listed and running; it can be fixed or removed', async () => {
    storeRaw('good', {});
    storeRaw('bad', { url: 'file:///etc/passwd' });
    e.start();
    const list = await dispatch(e.api, 'probes:list', {});
    expect(list.ok && (list.result as { def: { id: string } }[]).map((p) => p.def.id)).toEqual(['good']);
    expect(await dispatch(e.api, 'probes:run', { probeId: 'bad' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/^Probe "bad" is disabled: .*url/) },
    });
    const fixed = await dispatch(
      e.api,
      'probes:update',
      ProbeDefSchema.parse({ id: 'bad', name: 'bad', url }),
    );
    expect(fixed).toMatchObject({ ok: true, result: { def: { id: 'bad', url } } });
    storeRaw('worse', { intervalMs: -1 });
    expect(await dispatch(e.api, 'probes:remove', { probeId: 'good' })).toMatchObject({ ok: true });
    expect(e.store.db.prepare('SELECT id FROM probes ORDER BY id').pluck().all()).toEqual(['bad', 'worse']);
  });

  it('probes:add refuses an interval over a day, naming the field', async () => {
    e.start();
    expect(await dispatch(e.api, 'probes:add', { name: 'x', url, intervalMs: 3_000_000_000 })).toEqual({
      ok: false,
      error: {
        code: 'bad_request',
        message: 'Invalid input for probes:add: intervalMs: must be at most a day (86400000 ms)',
        issues: [{ path: ['intervalMs'], message: 'must be at most a day (86400000 ms)' }],
      },
    });
    expect(hits).toBe(0);
  });
});
