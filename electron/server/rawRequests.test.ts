import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { rawRequest, startTestServer, type TestServer } from './testing/testServer';

// Requests no well-behaved client sends, written byte for byte on a socket: each must get a
// 4xx with a message that says what was wrong, and the server must go on answering.
// The tables below are built before the server starts, so they name it by placeholders.
let t: TestServer;
const host = '{HOST}';

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t.close();
});

const get = (target: string, headers = '') =>
  `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${headers}Connection: close\r\n\r\n`;
const post = (target: string, body = '{}') =>
  `POST ${target} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer {TOKEN}\r\n` +
  `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
const upgrade = (target: string, extra = '') =>
  `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
  `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`;

/** Sends a request from the tables with the placeholders filled in. */
function send(request: string | Buffer) {
  const filled =
    typeof request === 'string'
      ? request.replaceAll('{HOST}', `127.0.0.1:${t.server.port}`).replaceAll('{TOKEN}', t.token)
      : request;
  return rawRequest(t.server.port, filled);
}

/** The server still answers a normal page and a normal API call. */
async function stillServing(): Promise<void> {
  expect((await send(get('/'))).status).toBe(200);
  const api = await send(post('/api/app:info'));
  expect(api.status).toBe(200);
  expect(JSON.parse(api.body)).toMatchObject({ ok: true });
}

describe('malformed request targets', () => {
  it.each([
    ['GET //', get('//'), /empty segment/],
    ['GET /a//b', get('/assets//app.js'), /empty segment/],
    ['GET /%', get('/%'), /percent-encoding/],
    ['GET /%ZZ', get('/%ZZ'), /percent-encoding/],
    ['GET with invalid UTF-8', get('/%C0%AF'), /percent-encoding/],
    ['GET with an encoded NUL', get('/index.html%00.js'), /control character/],
    ['GET with an encoded ../', get('/assets/..%2f..%2f..%2fetc%2fpasswd'), /"\.\." segment/],
    ['GET absolute-form', get(`http://${host}/`), /must be a path/],
    ['OPTIONS *', `OPTIONS * HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, /must be a path/],
    ['POST /api/% (token given)', post('/api/%'), /percent-encoding/],
    ['POST /api/%ZZ (token given)', post('/api/%ZZ'), /percent-encoding/],
    ['POST /api//board:get (token given)', post('/api//board:get'), /empty segment/],
    ['POST /api/.. (token given)', post('/api/..'), /\.\.\\?" segment/],
    ['POST /api/%2e%2e (token given)', post('/api/%2e%2e'), /\.\.\\?" segment/],
    [
      'POST /api/% (no token)',
      `POST /api/% HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      /percent/,
    ],
  ])('%s: 400 with a message', async (_name, request, message) => {
    const r = await send(request);
    expect(r.status).toBe(400);
    expect(r.body).toMatch(message);
    if (request.includes('/api/'))
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('refuses an absurdly long target with 414 and a far longer request line with 431', async () => {
    const long = await send(get(`/${'a'.repeat(5000)}`));
    expect(long.status).toBe(414);
    expect(long.body).toMatch(/limit is 4096/);
    const huge = await send(get(`/${'a'.repeat(20_000)}`));
    expect(huge.status).toBe(431);
    expect(huge.body).toMatch(/larger than 16 KiB/);
    await stillServing();
  });

  it('still serves after every one of them', stillServing);
});

describe('requests Node cannot parse', () => {
  it.each([
    ['a garbage request line', 'GARBAGE\r\n\r\n'],
    ['an unknown method', `BREW / HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
    ['an unknown HTTP version', `GET / HTTP/7.0\r\nHost: ${host}\r\n\r\n`],
    ['a header without a colon', `GET / HTTP/1.1\r\nHost: ${host}\r\nnot a header\r\n\r\n`],
    ['a NUL in a header', `GET / HTTP/1.1\r\nHost: ${host}\r\nX-A: a\u0000b\r\n\r\n`],
    ['a space in a header name', `GET / HTTP/1.1\r\nHost: ${host}\r\nX A: b\r\n\r\n`],
    ['a bad content-length', `POST /api/app:info HTTP/1.1\r\nHost: ${host}\r\nContent-Length: -1\r\n\r\n`],
    [
      'two content-lengths',
      `POST /api/app:info HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n{}`,
    ],
    ['binary noise', Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03])],
  ])('%s: 400 with a message', async (_name, request) => {
    const r = await send(request);
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/not valid HTTP\/1\.1 \(HPE_\w+/);
  });

  it('answers headers over 16 KiB with 431 and a message', async () => {
    const r = await send(get('/', `X-Big: ${'b'.repeat(20_000)}\r\n`));
    expect(r.status).toBe(431);
    expect(r.body).toMatch(/larger than 16 KiB/);
  });

  it('refuses CONNECT: Greenboard is not a proxy', async () => {
    const r = await rawRequest(
      t.server.port,
      `CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n`,
    );
    expect(r.status).toBe(405);
    expect(r.body).toMatch(/not a proxy/);
  });

  it('still serves after every one of them', stillServing);
});

describe('WebSocket upgrades to odd paths', () => {
  it.each([
    ['//', upgrade('//'), 400, /empty segment/],
    ['// with the token', upgrade('//?token={TOKEN}'), 400, /empty segment/],
    ['/api/ws/%', upgrade('/api/ws/%?token={TOKEN}'), 400, /percent-encoding/],
    ['/%ZZ', upgrade('/%ZZ'), 400, /percent-encoding/],
    ['absolute-form', upgrade(`ws://${host}/api/ws`), 400, /must be a path/],
    ['/api/ws/../api/ws encoded', upgrade('/api/ws/..%2fws?token={TOKEN}'), 400, /"\.\." segment/],
    ['/nowhere', upgrade('/nowhere?token={TOKEN}'), 404, /use \/api\/ws/],
    ['/api/ws without a token', upgrade('/api/ws'), 401, /Missing token/],
    ['/api/ws with a wrong token', upgrade('/api/ws?token=nope'), 403, /Wrong token/],
  ])('%s: %i with a message', async (_name, request, status, message) => {
    const r = await send(request);
    expect(r.status).toBe(status);
    expect(r.body).toMatch(message);
  });

  it('answers a handshake that is not a WebSocket one with 400', async () => {
    const r = await send(
      `GET /api/ws?token={TOKEN} HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`,
    );
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/Sec-WebSocket-Key/);
  });

  it('survives a client that resets during the handshake', async () => {
    const { connect } = await import('node:net');
    await new Promise<void>((resolve) => {
      const s = connect(t.server.port, '127.0.0.1', () => {
        s.write(upgrade('//').replaceAll('{HOST}', `127.0.0.1:${t.server.port}`));
        s.resetAndDestroy();
        resolve();
      });
    });
    await stillServing();
  });

  it('a ws client opening ws://127.0.0.1:PORT// is refused, and the server goes on', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${t.server.port}//`);
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => reject(new Error('opened')));
      ws.once('error', reject);
    });
    expect(status).toBe(400);
    await stillServing();
  });
});

// The finding itself: the same upgrade against the real CLI process, which it used to end.
describe('greenboard serve', () => {
  let child: ChildProcess;
  let dataDir: string;
  let port = 0;
  let stderr = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gb-serve-'));
    child = spawn(process.execPath, ['bin/greenboard.js', 'serve', '--port', '0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /running at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
        if (m?.[1]) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
  }, 30_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is not killed by a WebSocket to ws://127.0.0.1:PORT//', async () => {
    const refused = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}//`);
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => reject(new Error('opened')));
      // Before the fix the process died mid-handshake: the socket closed with no answer.
      ws.once('error', reject);
    });
    expect(refused).toBe(400);
    const after = await rawRequest(
      port,
      `GET /api/ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    );
    expect(after.status).toBe(401);
    expect(child.exitCode).toBeNull();
    expect(stderr).not.toMatch(/TypeError|Invalid URL/);
  });
});
