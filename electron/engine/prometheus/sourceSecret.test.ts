import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../clock';
import { assembleEngine } from '../createEngine';

let dir: string;
let server: Server;
let seen: (string | undefined)[];
let url: string;

// A stand-in Prometheus API on loopback that records how it was signed in to and answers
// every query with an empty vector (named as such: the real one is in promFleet.test.ts).
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gb-prom-secret-'));
  seen = [];
  server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    res.setHeader('content-type', 'application/json');
    const data = req.url?.startsWith('/api/v1/alerts')
      ? { alerts: [] }
      : req.url?.startsWith('/api/v1/targets')
        ? { activeTargets: [] }
        : { resultType: 'vector', result: [] };
    res.end(JSON.stringify({ status: 'success', data }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('datasources:secret', () => {
  it('keeps the token out of greenboard.json and signs the source in with it', async () => {
    writeFileSync(
      join(dir, 'greenboard.json'),
      JSON.stringify({ prometheus: [{ id: 'prom', url, auth: { kind: 'bearer' }, refreshMs: 60_000 }] }),
    );
    const engine = assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger });
    try {
      engine.start();
      // With no secret yet, nothing is sent: the source says what it lacks.
      await expect.poll(() => engine.promFleet.lastRefresh('prom')).not.toBeNull();
      expect(engine.promFleet.lastRefresh('prom')).toMatchObject({ ok: false });
      expect(seen).toEqual([]);

      await expect(engine.api['datasources:secret']({ sourceId: 'nope', secret: 'x' })).rejects.toMatchObject(
        {
          code: 'not_found',
        },
      );
      expect(await engine.api['datasources:secret']({ sourceId: 'prom', secret: 's3cret' })).toEqual({
        sourceId: 'prom',
        stored: true,
      });
      // Signed in again at once, not only at the next refresh a minute later.
      await expect.poll(() => seen.at(-1)).toBe('Bearer s3cret');
      expect(JSON.stringify(engine.settings)).not.toContain('s3cret');
    } finally {
      await engine.stop();
    }
  });
});
