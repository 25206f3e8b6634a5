import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENT_NAMES } from '../../shared/channels';
import type { Envelope } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import type { ApiError, ErrorCode } from '../../shared/schemas';
import type { Greenboard } from '../engine';
import { checkToken, originAllowed, presentedToken } from './auth';
import { serveMetrics } from './metricsExport';
import { serveStatic } from './staticFiles';
import { attachSocket } from './wsSession';

export interface ServerOptions {
  host: string;
  port: number;
  token: string;
  /** Folder of the built renderer (index.html and assets/). */
  uiDir: string;
}

const MAX_BODY_BYTES = 1024 * 1024;

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_method: 404,
  conflict: 409,
  internal: 500,
};

const TOKEN_HINT = 'Open the URL that "greenboard serve" printed, or send "Authorization: Bearer TOKEN".';

/**
 * Headless Greenboard: the built UI, the API over HTTP (`POST /api/<method>`) and a WebSocket
 * (`/api/ws`) carrying calls and pushed events. Both go through the same `dispatch` as IPC.
 */
export class GreenboardServer {
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  private readonly unsubscribe: (() => void)[] = [];
  private boundPort = 0;

  constructor(
    private readonly engine: Greenboard,
    private readonly opts: ServerOptions,
  ) {
    this.http = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        sendJson(res, 500, { ok: false, error: { code: 'internal', message: String(err) } });
      });
    });
    this.http.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const reject = (status: number, message: string): void => {
        socket.end(
          `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found'}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${message}\n`,
        );
      };
      if (url.pathname !== '/api/ws') return reject(404, 'No WebSocket here; use /api/ws.');
      const auth = checkToken(this.opts.token, presentedToken(req, url));
      if (auth === 'missing') return reject(401, `Missing token. ${TOKEN_HINT}`);
      if (auth === 'wrong') return reject(403, `Wrong token. ${TOKEN_HINT}`);
      if (!originAllowed(req.headers.origin, this.boundPort, this.opts.host)) {
        return reject(403, `Origin ${req.headers.origin ?? ''} may not connect to this Greenboard.`);
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => attachSocket(ws, this.engine.api));
    });
    for (const event of EVENT_NAMES) {
      this.unsubscribe.push(
        this.engine.on(event, (payload) => this.broadcast(JSON.stringify({ event, payload }))),
      );
    }
  }

  /** Starts listening; resolves with the URL to print (token included). */
  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.opts.port, this.opts.host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (this.http.address() as AddressInfo).port;
    const host = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host;
    return `http://${host}:${this.boundPort}/?token=${this.opts.token}`;
  }

  get port(): number {
    return this.boundPort;
  }

  private broadcast(frame: string): void {
    for (const client of this.wss.clients) {
      // A stalled tab must not make the server buffer without bound: it misses live frames.
      if (client.readyState === client.OPEN && client.bufferedAmount < MAX_BODY_BYTES) client.send(frame);
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    // Before the static files: a Prometheus scrapes here with its own token (see metricsExport.ts).
    if (url.pathname === '/metrics') return serveMetrics(req, res, url, this.engine, this.opts.token);
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendError(res, 'bad_request', 'Only GET is served here.', 405);
      return serveStatic(this.opts.uiDir, url.pathname, res);
    }
    const auth = checkToken(this.opts.token, presentedToken(req, url));
    if (auth === 'missing') return sendError(res, 'unauthorized', `Missing token. ${TOKEN_HINT}`);
    if (auth === 'wrong') return sendError(res, 'forbidden', `Wrong token. ${TOKEN_HINT}`);

    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    if (req.method !== 'POST') {
      return sendError(
        res,
        'bad_request',
        `Call API methods with POST /api/<method> and a JSON body, e.g. POST /api/board:get {}.`,
        405,
      );
    }
    let body: string;
    try {
      body = await readBody(req);
    } catch (err) {
      return sendError(res, 'bad_request', (err as Error).message, 413);
    }
    let input: unknown = {};
    if (body.trim() !== '') {
      try {
        input = JSON.parse(body);
      } catch (err) {
        return sendError(res, 'bad_request', `Request body is not valid JSON: ${(err as Error).message}`);
      }
    }
    const envelope = await dispatch(this.engine.api, method, input);
    sendJson(res, envelope.ok ? 200 : STATUS[envelope.error.code], envelope);
  }

  async close(): Promise<void> {
    for (const u of this.unsubscribe) u();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  const tooBig = new Error(`Request body is larger than ${MAX_BODY_BYTES} bytes.`);
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
    req.resume(); // drain and discard, so the 413 reaches the client instead of a reset
    return Promise.reject(tooBig);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.resume();
        reject(tooBig);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: Envelope<unknown>): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, code: ErrorCode, message: string, status = STATUS[code]): void {
  const error: ApiError = { code, message };
  sendJson(res, status, { ok: false, error });
}

export type { WebSocket };
