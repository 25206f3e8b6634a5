// The client's error paths against a stand-in HTTP server (node:http), because a real
// Prometheus cannot be made to answer 401, HTML or hang on demand. The real one is in
// promSource.integration.test.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../testing/nginx';
import { PromClient, type PromClientOptions } from './promClient';

let server: Server;
let base = '';
const seen: { url: string; method: string; auth: string | undefined; body: string }[] = [];

function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
  seen.push({ url: req.url ?? '', method: req.method ?? '', auth: req.headers.authorization, body });
  const json = (status: number, value: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  const path = req.url ?? '';
  if (path.startsWith('/secure') && req.headers.authorization !== 'Bearer s3cret') return json(401, {});
  if (path.startsWith('/html')) {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    return void res.end('<html><body>Sign in</body></html>');
  }
  if (path.startsWith('/hang')) return; // never answers
  if (path.startsWith('/nothing')) return json(404, {});
  if (path.startsWith('/boom')) {
    res.writeHead(503);
    return void res.end('upstream overloaded');
  }
  if (path.endsWith('/api/v1/query')) {
    if (body.includes('broken')) {
      return json(400, { status: 'error', errorType: 'bad_data', error: 'parse error: unexpected "}"' });
    }
    return json(200, { status: 'success', data: { resultType: 'vector', result: [] } });
  }
  if (path.endsWith('/api/v1/alerts')) return json(200, { status: 'success', data: { alerts: [] } });
  json(404, { status: 'error', error: 'not found' });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const client = (path: string, extra: Partial<PromClientOptions> = {}) =>
  new PromClient({ url: base + path, auth: { kind: 'none' }, ...extra });

describe('PromClient', () => {
  it('POSTs instant queries as a form and counts its requests', async () => {
    const c = client('/prom/');
    expect(await c.query('up{job="node"}')).toEqual({ ok: true, data: [] });
    expect(await c.alerts()).toEqual({ ok: true, data: [] });
    expect(c.requests).toBe(2);
    const q = seen.find((s) => s.url === '/prom/api/v1/query');
    expect(q?.method).toBe('POST');
    expect(new URLSearchParams(q?.body).get('query')).toBe('up{job="node"}');
  });

  it('sends a bearer token and says when the credentials are refused', async () => {
    const ok = client('/secure', { auth: { kind: 'bearer' }, secret: 's3cret' });
    expect((await ok.query('up')).ok).toBe(true);
    const bad = await client('/secure', { auth: { kind: 'bearer' }, secret: 'wrong' }).query('up');
    expect(bad).toEqual({
      ok: false,
      error: {
        code: 'auth',
        message: expect.stringMatching(/refused the credentials \(HTTP 401\).*Settings → Data sources/),
      },
    });
    expect(JSON.stringify(bad)).not.toContain('wrong');
  });

  it('sends basic auth as user:password in base64', async () => {
    await client('/basic', { auth: { kind: 'basic', username: 'grafana' }, secret: 'pa:ss' }).alerts();
    expect(seen.at(-1)?.auth).toBe(`Basic ${Buffer.from('grafana:pa:ss').toString('base64')}`);
  });

  it('asks for the secret when auth needs one and none is stored, without sending anything', async () => {
    const c = client('/secure', { auth: { kind: 'basic', username: 'ops' }, secret: null });
    const r = await c.query('up');
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'no_secret', message: expect.stringContaining('ops') },
    });
    expect(c.requests).toBe(0);
  });

  it("passes on Prometheus' own error text", async () => {
    const r = await client('').query('broken}');
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'query_error',
        message: expect.stringContaining('bad_data: parse error: unexpected "}"'),
      },
    });
  });

  it('says when the URL is not Prometheus', async () => {
    expect(await client('/html').query('up')).toMatchObject({
      ok: false,
      error: { code: 'bad_response', message: expect.stringContaining('<html><body>Sign in') },
    });
    expect(await client('/nothing').query('up')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await client('/boom').query('up')).toMatchObject({
      ok: false,
      error: { code: 'http', message: expect.stringContaining('HTTP 503: upstream overloaded') },
    });
  });

  it('gives up after the timeout and says what to check', async () => {
    const r = await client('/hang', { timeoutMs: 300 }).query('up');
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'timeout',
        message: `Prometheus at ${base}/hang did not answer within 0.3 s: is it running? Check the URL in Settings → Data sources.`,
      },
    });
  });

  it('says a closed port is unreachable', async () => {
    const port = await freePort();
    const r = await new PromClient({ url: `http://127.0.0.1:${port}`, auth: { kind: 'none' } }).query('up');
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'unreachable', message: expect.stringMatching(/is unreachable: ECONNREFUSED/) },
    });
  });
});
