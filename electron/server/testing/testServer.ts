import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Logger } from '../../engine';
import { assembleEngine, handleOf, type Engine } from '../../engine/createEngine';
import { GreenboardServer, type ServerOptions } from '../httpServer';

/** One line the engine logged, kept for assertions. */
export interface LoggedLine {
  level: 'info' | 'warn' | 'error';
  msg: string;
  extra?: Record<string, unknown>;
}

export interface TestServer {
  engine: Engine;
  server: GreenboardServer;
  /** `http://127.0.0.1:PORT` */
  base: string;
  token: string;
  /** Everything the engine logged since it started. */
  logged: LoggedLine[];
  close(): Promise<void>;
}

/**
 * A real engine in a temporary data folder (no polling: these tests are about the transport)
 * behind the real server on a free loopback port, with a small built UI to serve.
 */
export async function startTestServer(extra: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'gb-transport-'));
  const ui = join(dir, 'ui');
  mkdirSync(join(ui, 'assets'), { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Greenboard</title>');
  writeFileSync(join(ui, 'assets', 'app.js'), 'console.log(1)');
  const logged: LoggedLine[] = [];
  const logger: Logger = {
    info: (msg, e) => logged.push({ level: 'info', msg, extra: e }),
    warn: (msg, e) => logged.push({ level: 'warn', msg, extra: e }),
    error: (msg, e) => logged.push({ level: 'error', msg, extra: e }),
  };
  const engine = assembleEngine({ dataDir: join(dir, 'data'), mode: 'headless', logger });
  const token = 'transport-token-0123456789';
  const server = new GreenboardServer(handleOf(engine), {
    host: '127.0.0.1',
    port: 0,
    token,
    uiDir: ui,
    ...extra,
  });
  await server.listen();
  return {
    engine,
    server,
    base: `http://127.0.0.1:${server.port}`,
    token,
    logged,
    close: async () => {
      await server.close();
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What came back on a raw socket: the status (0 if the socket closed without one) and the text. */
export interface RawReply {
  status: number;
  head: string;
  body: string;
}

/**
 * Sends bytes exactly as given on a fresh TCP connection and reads until the server closes it,
 * so that requests no HTTP client would send (bad request lines, odd targets) can be tried.
 * Requests that expect a normal answer should carry `Connection: close`.
 */
export function rawRequest(port: number, bytes: string | Buffer): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // A reset after the reply was read still counts as the reply.
      if (err.code === 'ECONNRESET' && chunks.length > 0) return;
      reject(err);
    });
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      const rest = split < 0 ? '' : text.slice(split + 4);
      const body = /^transfer-encoding: chunked$/im.test(head) ? unchunk(rest) : rest;
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, head, body });
    });
    // write, not end: a half-closed client makes Node drop a response still being prepared.
    socket.write(bytes);
  });
}

/** Decodes a chunked body (enough for tests: sizes in hex, no extensions or trailers). */
function unchunk(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const eol = text.indexOf('\r\n', at);
    const size = parseInt(text.slice(at, eol), 16);
    if (eol < 0 || !size) return out;
    out += text.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}
