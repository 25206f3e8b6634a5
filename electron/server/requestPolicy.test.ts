import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiHandlers } from '../../shared/contract';
import { rawRequest, startTestServer, type TestServer } from './testing/testServer';

// Who may talk to the server (Host, Origin, token) and how it answers what it does not serve.
let t: TestServer;
let lan: TestServer;

beforeAll(async () => {
  t = await startTestServer();
  lan = await startTestServer({ allowHosts: ['greenboard.lan', 'proxy.example:8443'] });
});

afterAll(async () => {
  await t.close();
  await lan.close();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTP request with any headers, Host included (fetch may not set Host). */
function call(
  server: TestServer,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.server.port,
        method,
        path,
        headers: { connection: 'close', ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const bearer = (s: TestServer) => ({ authorization: `Bearer ${s.token}` });

function upgradeStatus(server: TestServer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.server.port}/api/ws?token=${server.token}`, {
      headers,
    });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

describe('Host header (DNS rebinding)', () => {
  it('refuses a name the server was not given, on the UI, the API, /metrics and the WebSocket', async () => {
    const evil = { host: `rebind.evil.example:${t.server.port}` };
    const page = await call(t, 'GET', '/', evil);
    expect(page.status).toBe(421);
    expect(page.body).toMatch(
      /does not answer to the name "rebind\.evil\.example".*--allow-host rebind\.evil\.example/,
    );
    const api = await call(t, 'POST', '/api/board:get', { ...evil, ...bearer(t) }, '{}');
    expect(api.status).toBe(421);
    expect(JSON.parse(api.body)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: /--allow-host/ },
    });
    expect((await call(t, 'GET', '/metrics', { ...evil, ...bearer(t) })).status).toBe(421);
    expect(await upgradeStatus(t, evil)).toBe(421);
  });

  it('refuses a loopback name on another port, a missing Host and one with credentials in it', async () => {
    expect((await call(t, 'GET', '/', { host: `127.0.0.1:${t.server.port + 1}` })).status).toBe(421);
    expect((await call(t, 'GET', '/', { host: `evil@127.0.0.1:${t.server.port}` })).status).toBe(421);
    // HTTP/1.0 allows a request without Host; Node's client always adds one, so it is written by hand.
    const none = await rawRequest(t.server.port, 'GET / HTTP/1.0\r\n\r\n');
    expect(none.status).toBe(421);
    expect(none.body).toMatch(/no Host header/);
  });

  it('answers the loopback names with its port', async () => {
    for (const name of ['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]']) {
      expect((await call(t, 'GET', '/', { host: `${name}:${t.server.port}` })).status, name).toBe(200);
    }
  });

  it('answers names given with --allow-host, on any port or the one named', async () => {
    expect((await call(lan, 'GET', '/', { host: 'greenboard.lan' })).status).toBe(200);
    expect((await call(lan, 'GET', '/', { host: `greenboard.lan:${lan.server.port}` })).status).toBe(200);
    expect((await call(lan, 'GET', '/', { host: 'proxy.example:8443' })).status).toBe(200);
    expect((await call(lan, 'GET', '/', { host: 'proxy.example:9000' })).status).toBe(421);
    expect((await call(t, 'GET', '/', { host: 'greenboard.lan' })).status).toBe(421);
    const host = `greenboard.lan:${lan.server.port}`;
    expect(await upgradeStatus(lan, { host, origin: `http://${host}` })).toBe(101);
    expect(await upgradeStatus(lan, { host, origin: 'https://proxy.example:8443' })).toBe(101);
  });
});

describe('Origin on POST /api/*', () => {
  it('refuses a page on another site, an opaque origin, and accepts our own or none', async () => {
    const post = (origin?: string) =>
      call(t, 'POST', '/api/board:get', { ...bearer(t), ...(origin ? { origin } : {}) }, '{}');
    const evil = await post('http://evil.example');
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: /evil\.example/ },
    });
    expect((await post('null')).status).toBe(403);
    expect((await post(`http://127.0.0.1:${t.server.port + 1}`)).status).toBe(403);
    expect((await post(t.base)).status).toBe(200);
    expect((await post(`http://localhost:${t.server.port}`)).status).toBe(200);
    expect((await post()).status).toBe(200); // curl, scripts: the token alone
  });
});

describe('token and methods', () => {
  it('matches the Bearer scheme case-insensitively', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const r = await call(t, 'POST', '/api/board:get', { authorization: `${scheme} ${t.token}` }, '{}');
      expect(r.status, scheme).toBe(200);
    }
    expect((await call(t, 'POST', '/api/board:get', { authorization: 'Basic abc' }, '{}')).status).toBe(401);
  });

  it('answers 405 with an Allow header and a message naming what is allowed', async () => {
    const api = await call(t, 'GET', '/api/board:get', bearer(t));
    expect(api.status).toBe(405);
    expect(api.headers.allow).toBe('POST');
    expect(JSON.parse(api.body)).toMatchObject({
      error: { message: /GET is not allowed.*POST \/api\/<method>/ },
    });
    const page = await call(t, 'DELETE', '/');
    expect(page.status).toBe(405);
    expect(page.headers.allow).toBe('GET, HEAD');
    expect(page.body).toMatch(/DELETE is not allowed.*GET or HEAD/);
    const metrics = await call(t, 'PUT', '/metrics', bearer(t));
    expect(metrics.status).toBe(405);
    expect(metrics.headers.allow).toBe('GET, HEAD');
  });
});

describe('a handler that throws', () => {
  // A bug stands in as a replaced handler: no real method is known to throw, which is the point.
  function breakHandler(result: () => Promise<unknown>): () => void {
    const api = t.engine.api as unknown as Record<string, ApiHandlers['app:info']>;
    const original = api['app:info'];
    api['app:info'] = result as ApiHandlers['app:info'];
    return () => {
      api['app:info'] = original as ApiHandlers['app:info'];
    };
  }

  it('is answered 500 with the envelope, logged with its stack, and the server goes on', async () => {
    const restore = breakHandler(() => Promise.reject(new TypeError('boom in a handler')));
    try {
      const r = await call(t, 'POST', '/api/app:info', bearer(t), '{}');
      expect(r.status).toBe(500);
      expect(JSON.parse(r.body)).toMatchObject({
        ok: false,
        error: { code: 'internal', message: expect.stringContaining('boom in a handler') },
      });
      const line = t.logged.find((l) => l.level === 'error' && l.msg.includes('boom in a handler'));
      expect(line?.extra).toMatchObject({ method: 'app:info' });
      expect(String((line?.extra?.err as Error | undefined)?.stack)).toMatch(
        /TypeError: boom in a handler\n\s+at /,
      );
    } finally {
      restore();
    }
    expect((await call(t, 'POST', '/api/app:info', bearer(t), '{}')).status).toBe(200);
  });

  it('a result that cannot be sent is a logged 500 over HTTP and an error frame over the socket', async () => {
    const restore = breakHandler(() => Promise.resolve({ big: 1n }));
    try {
      const r = await call(t, 'POST', '/api/app:info', bearer(t), '{}');
      expect(r.status).toBe(500);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'internal', message: /BigInt/ } });
      expect(t.logged.some((l) => l.level === 'error' && l.extra?.method === 'POST /api/app:info')).toBe(
        true,
      );

      const ws = new WebSocket(`ws://127.0.0.1:${t.server.port}/api/ws?token=${t.token}`);
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      const reply = new Promise<unknown>((resolve) => {
        ws.on('message', (d: Buffer) => {
          const frame = JSON.parse(d.toString()) as { id?: number };
          if (frame.id !== undefined) resolve(frame);
        });
      });
      ws.send(JSON.stringify({ id: 1, method: 'app:info', input: {} }));
      expect(await reply).toMatchObject({ ok: false, error: { code: 'internal', message: /BigInt/ } });
      expect(t.logged.some((l) => l.level === 'error' && l.extra?.method === 'websocket frame')).toBe(true);
      ws.close();
    } finally {
      restore();
    }
    expect((await call(t, 'POST', '/api/app:info', bearer(t), '{}')).status).toBe(200);
  });
});
