import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../engine';
import { assembleEngine, handleOf, type Engine } from '../engine/createEngine';
import { GreenboardServer } from './httpServer';

// A real engine polling this machine, behind the real server on a loopback port.
let dir: string;
let engine: Engine;
let server: GreenboardServer;
let base: string;
const token = 'test-token-0123456789';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gb-server-'));
  const ui = join(dir, 'ui');
  mkdirSync(join(ui, 'assets'), { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Greenboard</title>');
  writeFileSync(join(ui, 'assets', 'app.js'), 'console.log(1)');
  engine = assembleEngine({
    dataDir: join(dir, 'data'),
    mode: 'headless',
    localIntervalMs: 250,
    logger: silentLogger,
  });
  // A trailing slash, as a resolved package root gives: the asset check must not depend on it.
  server = new GreenboardServer(handleOf(engine), { host: '127.0.0.1', port: 0, token, uiDir: `${ui}/` });
  const url = await server.listen();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=test-token-0123456789$/);
  base = `http://127.0.0.1:${server.port}`;
  engine.start();
});

afterAll(async () => {
  await server.close();
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

const call = (
  method: string,
  body: string | undefined,
  headers: Record<string, string> = { authorization: `Bearer ${token}` },
) => fetch(`${base}/api/${method}`, { method: 'POST', headers, body });

function samples(): number {
  return engine.store.countPoints('local');
}

describe('HTTP API', () => {
  it('refuses a call without a token (401) or with a wrong one (403)', async () => {
    const missing = await call('board:get', '{}', {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const wrong = await call('board:get', '{}', { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(403);
    expect((await fetch(`${base}/api/board:get?token=nope`, { method: 'POST' })).status).toBe(403);
  });

  it('accepts the token as a Bearer header or a query parameter', async () => {
    expect((await call('hosts:list', '{}')).status).toBe(200);
    const viaQuery = await fetch(`${base}/api/hosts:list?token=${token}`, { method: 'POST' });
    expect(await viaQuery.json()).toMatchObject({ ok: true, result: [{ id: 'local', kind: 'local' }] });
  });

  it('answers malformed JSON and schema-invalid input with 400 and the reason, and keeps polling', async () => {
    const before = samples();
    const bad = await call('metrics:latest', '{"hostId": ');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringContaining('not valid JSON') },
    });

    const invalid = await call('processes:top', JSON.stringify({ hostId: 'local', limit: 'many' }));
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/^Invalid input for processes:top: limit: .*expected number/);

    expect((await call('nope:nope', '{}')).status).toBe(404);
    expect(
      (await fetch(`${base}/api/board:get`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(405);
    expect((await call('board:get', 'x'.repeat(2 * 1024 * 1024))).status).toBe(413);

    await new Promise((r) => setTimeout(r, 800));
    expect(samples()).toBeGreaterThan(before);
    expect((await call('board:get', '')).status).toBe(200);
  });

  it('returns live data for the local host', async () => {
    const res = (await (await call('board:get', '{}')).json()) as {
      result: { latest: { mem: { totalBytes: number } } }[];
    };
    expect(res.result[0]?.latest.mem.totalBytes).toBeGreaterThan(0);
  });

  it('serves the UI with a CSP and never a file outside its folder', async () => {
    const index = await fetch(`${base}/`);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    const asset = await fetch(`${base}/assets/app.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(await asset.text()).toBe('console.log(1)');
    const escape = await fetch(`${base}/assets/..%2f..%2f..%2f..%2fetc%2fpasswd`);
    expect(escape.status).toBe(400);
    expect(await escape.text()).toMatch(/"\.\." segment/);
    const dotted = await fetch(`${base}/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd`);
    expect(await dotted.text()).not.toMatch(/root:/);
  });
});

function openSocket(opts: { token?: string; origin?: string }): Promise<WebSocket> {
  const q = opts.token === undefined ? '' : `?token=${opts.token}`;
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws${q}`, { origin: opts.origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('WebSocket API', () => {
  it('refuses a socket without a token (401), with a wrong one (403), or from another origin (403)', async () => {
    await expect(openSocket({})).rejects.toThrow('HTTP 401');
    await expect(openSocket({ token: 'wrong' })).rejects.toThrow('HTTP 403');
    await expect(openSocket({ token, origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('answers calls, survives garbage frames and pushes new samples', async () => {
    const ws = await openSocket({ token, origin: base });
    const frames: unknown[] = [];
    ws.on('message', (d: Buffer) => frames.push(JSON.parse(d.toString())));
    ws.send('{not json');
    ws.send(JSON.stringify({ id: 7, method: 'processes:top', input: { hostId: 'local', limit: 0 } }));
    ws.send(JSON.stringify({ id: 8, method: 'board:get', input: {} }));
    await new Promise((r) => setTimeout(r, 900));
    expect(frames).toContainEqual({
      id: -1,
      ok: false,
      error: { code: 'bad_request', message: expect.stringContaining('not valid JSON') },
    });
    expect(frames).toContainEqual({
      id: 7,
      ok: false,
      error: {
        code: 'bad_request',
        message: expect.stringContaining('limit'),
        issues: [{ path: ['limit'], message: expect.any(String) }],
      },
    });
    expect(frames).toContainEqual(expect.objectContaining({ id: 8, ok: true }));
    expect(frames).toContainEqual(
      expect.objectContaining({
        event: 'metrics:sample',
        payload: expect.objectContaining({ hostId: 'local' }),
      }),
    );
    ws.close();
  });
});
