import { STATUS_CODES, type Server, type ServerOptions } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Answers on a bare socket (a refused WebSocket upgrade, a request line Node could not parse)
 * and closes it. There is no ServerResponse there, so the status line is written by hand; a
 * socket the client already closed is left alone instead of throwing.
 */
export function replyOnSocket(
  socket: Duplex,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${message}\n`;
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'content-type: text/plain; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'cache-control: no-store',
    'connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

// Limits on what a client may hold open. Greenboard serves a few tabs (each at most six HTTP
// connections and one WebSocket) and a scraper or two, on loopback or a LAN, where a request
// arrives in milliseconds. Node's defaults (60 s for headers, 5 min for a request, no cap) let
// a page or a script hold sockets open slowly until the process runs out of descriptors, which
// the database and the SSH sessions need too. https://nodejs.org/api/http.html#class-httpserver
/** Headers must arrive within 10 s of connecting (a slow-headers client is a stall or an attack). */
const HEADERS_TIMEOUT_MS = 10_000;
/** The whole request, a 1 MiB body included, within 30 s: seconds even on a slow link. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Idle keep-alive sockets count against the cap, so they are let go after 5 s (Node's default). */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** Node enforces the two timeouts above only when it sweeps (30 s by default); sweep often enough to mean them. */
const TIMEOUT_SWEEP_MS = 2_000;
/** Dozens of tabs' worth; past this a flood is refused at accept() instead of exhausting descriptors. */
const MAX_CONNECTIONS = 256;

/** Options for `createServer`: the timeouts above. */
export const SERVER_LIMITS: ServerOptions = {
  headersTimeout: HEADERS_TIMEOUT_MS,
  requestTimeout: REQUEST_TIMEOUT_MS,
  connectionsCheckingInterval: TIMEOUT_SWEEP_MS,
};

/** Sets the limits that are properties rather than options, and answers what never reaches a handler. */
export function limitServer(http: Server): void {
  http.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  http.maxConnections = MAX_CONNECTIONS;
  http.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => clientError(err, socket));
  http.on('connect', (_req: unknown, socket: Duplex) => {
    // Like an upgrade, a CONNECT socket comes without Node's error listener.
    socket.on('error', () => socket.destroy());
    replyOnSocket(socket, 405, 'Greenboard is not a proxy: CONNECT is refused.', {
      allow: 'GET, HEAD, POST',
    });
  });
}

/**
 * A request Node's parser refused (a bad request line, header garbage, headers over 16 KiB,
 * a timeout). Node's default answer has no body; this one says what was wrong.
 */
function clientError(err: NodeJS.ErrnoException & { reason?: string }, socket: Duplex): void {
  // Node's own check (lib/_http_server.js socketOnError): once a response has begun on this
  // socket, a second status line would corrupt it; the socket can only be closed.
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) return void socket.destroy();
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return replyOnSocket(
        socket,
        431,
        'The request line and headers are larger than 16 KiB; send fewer or shorter headers.',
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return replyOnSocket(
        socket,
        408,
        `The request did not arrive in time (headers within ${HEADERS_TIMEOUT_MS / 1000} s, the whole request within ${REQUEST_TIMEOUT_MS / 1000} s).`,
      );
    default:
      return replyOnSocket(
        socket,
        400,
        `The request is not valid HTTP/1.1 (${err.code ?? 'parse error'}${err.reason ? `: ${err.reason}` : ''}). Send a request line such as "GET / HTTP/1.1" and well-formed headers.`,
      );
  }
}
