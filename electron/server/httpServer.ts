import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENT_NAMES } from '../../shared/channels';
import type { Envelope } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import type { ApiError, ErrorCode } from '../../shared/schemas';
import type { EngineHandle } from '../engine';
import { checkToken, presentedToken } from './auth';
import { hostAllowed, originAllowed, wrongHostMessage, type HostPolicy } from './hostCheck';
import { internalError } from './internalError';
import { DOWNLOAD_PREFIX, findDownload, sendDownload } from './exportDownload';
import { serveMetrics, type MetricsSource } from './metricsExport';
import { parseRequestTarget } from './requestTarget';
import { limitServer, replyOnSocket, SERVER_LIMITS } from './serverLimits';
import { serveStatic } from './staticFiles';
import { attachSocket } from './wsSession';

export interface ServerOptions {
  host: string;
  port: number;
  token: string;
  /** Folder of the built renderer (index.html and assets/). */
  uiDir: string;
  /** Names besides loopback and `host` that requests may address (`--allow-host`); see hostCheck.ts. */
  allowHosts?: string[];
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
 * Nothing a client sends may throw out of a listener: a malformed request gets a 4xx with a
 * message, a failing handler a logged 500, and the server goes on serving.
 */
export class GreenboardServer {
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  private readonly unsubscribe: (() => void)[] = [];
  private boundPort = 0;
  private readonly metrics: MetricsSource;

  constructor(
    private readonly engine: EngineHandle,
    private readonly opts: ServerOptions,
  ) {
    this.metrics = {
      board: () => engine.api['board:get']({}),
      scrapeToken: async () => (await engine.api['settings:get']({})).metrics.scrapeToken,
    };
    this.http = createServer(SERVER_LIMITS, (req, res) => {
      this.handle(req, res).catch((err: unknown) => this.failed(req, res, err));
    });
    limitServer(this.http);
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      // Node hands the socket over without its own error listener: a reset during the
      // handshake would otherwise be an uncaught 'error' that ends the process.
      socket.on('error', () => socket.destroy());
      try {
        this.upgrade(req, socket, head);
      } catch (err) {
        replyOnSocket(socket, 500, internalError(engine.log, `upgrade ${preview(req.url)}`, err).message);
      }
    });
    for (const event of EVENT_NAMES) {
      if (event === 'notify:host') continue;
      this.unsubscribe.push(
        this.engine.on(event, (payload) => this.broadcast(JSON.stringify({ event, payload }))),
      );
    }
    // Notifications go out here instead, so the alert log can say how many tabs got one: a tab
    // shows it only where its browser allows notifications, which the server cannot see.
    this.unsubscribe.push(
      this.engine.addScreen((payload) => ({
        kind: 'tabs',
        count: this.broadcast(JSON.stringify({ event: 'notify:host', payload })),
      })),
    );
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

  private get policy(): HostPolicy {
    return { port: this.boundPort, bindHost: this.opts.host, allowHosts: this.opts.allowHosts ?? [] };
  }

  /** Sends a frame to every open tab; returns how many it went to. */
  private broadcast(frame: string): number {
    let sent = 0;
    for (const client of this.wss.clients) {
      // A stalled tab must not make the server buffer without bound: it misses live frames.
      if (client.readyState === client.OPEN && client.bufferedAmount < MAX_BODY_BYTES) {
        client.send(frame);
        sent++;
      }
    }
    return sent;
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = parseRequestTarget(req.url);
    if (!target.ok) return replyOnSocket(socket, target.status, target.message);
    if (!hostAllowed(req.headers.host, this.policy)) {
      return replyOnSocket(socket, 421, wrongHostMessage(req.headers.host));
    }
    if (target.path !== '/api/ws') return replyOnSocket(socket, 404, 'No WebSocket here; use /api/ws.');
    const auth = checkToken(this.opts.token, presentedToken(req, target.url));
    if (auth === 'missing') return replyOnSocket(socket, 401, `Missing token. ${TOKEN_HINT}`);
    if (auth === 'wrong') return replyOnSocket(socket, 403, `Wrong token. ${TOKEN_HINT}`);
    if (!originAllowed(req.headers.origin, this.policy)) {
      return replyOnSocket(socket, 403, originMessage(req.headers.origin));
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => attachSocket(ws, this.engine));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = parseRequestTarget(req.url);
    // Refusals under /api/ keep the JSON envelope API clients parse; elsewhere they are text.
    const json = req.url?.startsWith('/api/') ?? false;
    if (!target.ok) return refuse(res, json, target.status, 'bad_request', target.message);
    if (!hostAllowed(req.headers.host, this.policy)) {
      // 421 Misdirected Request: this server is not the one that name should reach.
      return refuse(res, json, 421, 'forbidden', wrongHostMessage(req.headers.host));
    }
    const { url, path } = target;
    // Before the static files: a Prometheus scrapes here with its own token (see metricsExport.ts).
    if (path === '/metrics') return serveMetrics(req, res, url, this.metrics, this.opts.token);
    if (!path.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return refuse(
          res,
          false,
          405,
          'bad_request',
          `${req.method} is not allowed here: the UI is served with GET or HEAD.`,
          {
            allow: 'GET, HEAD',
          },
        );
      }
      return serveStatic(this.opts.uiDir, path, res, req.headers['accept-encoding']);
    }
    const auth = checkToken(this.opts.token, presentedToken(req, url));
    if (auth === 'missing') return sendError(res, 'unauthorized', `Missing token. ${TOKEN_HINT}`);
    if (auth === 'wrong') return sendError(res, 'forbidden', `Wrong token. ${TOKEN_HINT}`);
    if (path.startsWith(DOWNLOAD_PREFIX)) return this.download(req, res, path.slice(DOWNLOAD_PREFIX.length));

    const method = path.slice('/api/'.length);
    if (req.method !== 'POST') {
      return sendError(
        res,
        'bad_request',
        `${req.method} is not allowed here: call API methods with POST /api/<method> and a JSON body, e.g. POST /api/board:get {}.`,
        405,
        { allow: 'POST' },
      );
    }
    // A page on another site may POST here (a form or fetch needs no preflight); only our own may.
    if (!originAllowed(req.headers.origin, this.policy)) {
      return sendError(res, 'forbidden', originMessage(req.headers.origin));
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
    const envelope = await dispatch(this.engine.api, method, input, this.engine.dispatchOptions);
    sendJson(res, envelope.ok ? 200 : STATUS[envelope.error.code], envelope);
  }

  /**
   * `GET /api/download/<name>`: a file `history:export` wrote, as an attachment, so an export
   * made in a browser lands in that browser's downloads rather than only on this server's disk.
   * A plain GET with the token in the query is what an `<a download>` sends; nothing changes.
   */
  private download(req: IncomingMessage, res: ServerResponse, name: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, 'bad_request', `${req.method} is not allowed here: download with GET.`, 405, {
        allow: 'GET, HEAD',
      });
    }
    const found = findDownload(this.engine.exportsDir, name);
    if (!found.ok) return sendError(res, found.code, found.message);
    sendDownload(res, found, req.method === 'HEAD');
  }

  /** A request whose handling threw: logged with its stack, answered 500, the server goes on. */
  private failed(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    const error = internalError(this.engine.log, `${req.method ?? '?'} ${preview(req.url)}`, err);
    if (res.headersSent) return void res.destroy();
    sendJson(res, 500, { ok: false, error });
  }

  async close(): Promise<void> {
    for (const u of this.unsubscribe) u();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

function originMessage(origin: string | undefined): string {
  return (
    `A page at ${preview(origin)} may not call this Greenboard; open it from the URL "greenboard serve" printed. ` +
    'If you reach it through another name, start it with --allow-host NAME.'
  );
}

function refuse(
  res: ServerResponse,
  json: boolean,
  status: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (json) return sendError(res, code, message, status, headers);
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(`${message}\n`);
}

/** Enough of a client-supplied string to recognise it in a log or a message. */
function preview(s: string | undefined): string {
  const printable = (s ?? '').replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 120 ? `${printable.slice(0, 120)}…` : printable;
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

function sendJson(
  res: ServerResponse,
  status: number,
  body: Envelope<unknown>,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return void res.end();
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function sendError(
  res: ServerResponse,
  code: ErrorCode,
  message: string,
  status = STATUS[code],
  headers: Record<string, string> = {},
): void {
  const error: ApiError = { code, message };
  sendJson(res, status, { ok: false, error }, headers);
}

export type { WebSocket };
