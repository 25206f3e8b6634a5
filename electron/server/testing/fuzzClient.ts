import WebSocket from 'ws';

/**
 * The client side of the contract fuzz test: calls over HTTP and over a WebSocket with raw
 * JSON text, and the check every answer must pass.
 */

const REPLY_MS = 15_000;
/** Closes a socket may end with: normal, going away, message too big (over maxPayload). */
const CLEAN_CLOSE = new Set([1000, 1001, 1009]);
/** A line of a JavaScript stack trace. */
const STACK = /\n\s+at .+:\d+:\d+/;

export interface Answer {
  /** HTTP status; absent over the WebSocket. */
  status?: number;
  body: unknown;
}

/** What is wrong with an answer, or null. Truncated: a message may echo a 200 KB input. */
export function problemWith(answer: Answer): string | null {
  const { status, body } = answer;
  const shown = JSON.stringify(body)?.slice(0, 600) ?? String(body);
  if (status !== undefined && (status >= 500 || status < 200)) return `HTTP ${status}: ${shown}`;
  // Node's parser refuses an over-long request line or headers before any route runs; the
  // server answers those in plain text.
  if ((status === 414 || status === 431) && typeof body === 'string')
    return body.trim() !== '' && !STACK.test(body) ? null : `unreadable ${status}: ${shown}`;
  if (typeof body !== 'object' || body === null || typeof (body as { ok?: unknown }).ok !== 'boolean')
    return `not an envelope: ${shown}`;
  const env = body as { ok: boolean; error?: { code?: unknown; message?: unknown } };
  if (env.ok) return status !== undefined && status >= 300 ? `ok with HTTP ${status}` : null;
  if (status !== undefined && status < 400) return `error with HTTP ${status}: ${shown}`;
  const { code, message } = env.error ?? {};
  if (code === 'internal') return `internal error: ${shown}`;
  if (typeof code !== 'string') return `error without a code: ${shown}`;
  if (typeof message !== 'string' || message.trim() === '') return `error without a message: ${shown}`;
  if (message.includes('[object Object]')) return `unreadable message: ${shown}`;
  if (STACK.test(message)) return `stack trace in the message: ${shown}`;
  return null;
}

/** The server under test: its loopback port and token. */
export interface Endpoint {
  port: number;
  token: string;
}

/** `POST /api/<path>` with the token and a raw body; the answer parsed as JSON when it is. */
export async function httpCall(ep: Endpoint, path: string, body: string): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${ep.port}/api/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ep.token}`, 'content-type': 'application/json' },
    body,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // kept as text: problemWith reports it
  }
  return { status: res.status, body: parsed };
}

/** A path segment from any string: its UTF-8 bytes percent-encoded, so any name can be sent. */
export function pathSegment(name: string): string {
  return [...Buffer.from(name, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

/** One test's socket: calls by id, and how it closed if it did. */
export class FuzzSocket {
  /** Waiters by call id; 'next' takes the next reply, whatever its id (for raw frames). */
  private pending = new Map<number | 'next', (a: Answer | { closed: number }) => void>();
  private nextId = 1;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString('utf8')) as { id?: number; event?: string };
      if (msg.event !== undefined) return;
      const key = msg.id !== undefined && this.pending.has(msg.id) ? msg.id : 'next';
      const waiter = this.pending.get(key);
      if (waiter) {
        this.pending.delete(key);
        waiter({ body: msg });
      }
    });
    ws.on('close', (code) => {
      for (const w of this.pending.values()) w({ closed: code });
      this.pending.clear();
    });
  }

  static open(ep: Endpoint): Promise<FuzzSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${ep.port}/api/ws?token=${ep.token}`, {
      origin: `http://127.0.0.1:${ep.port}`,
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new FuzzSocket(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a raw frame and waits for the reply with `id` (or the next reply, for a frame with none). */
  send(frame: string, id: number | 'next'): Promise<Answer | { closed: number } | { timeout: true }> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ timeout: true });
      }, REPLY_MS);
      this.pending.set(id, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
      this.ws.send(frame);
    });
  }

  call(method: string, input: string | null): ReturnType<FuzzSocket['send']> {
    const id = this.nextId++;
    const frame = `{"id":${id},"method":${JSON.stringify(method)}${input === null ? '' : `,"input":${input}`}}`;
    return this.send(frame, id);
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close(1000);
    });
  }
}

/** Sends over a socket, reopening it after a clean close; returns what is wrong, or null. */
export async function wsProblem(
  ep: Endpoint,
  holder: { socket: FuzzSocket },
  send: (s: FuzzSocket) => ReturnType<FuzzSocket['send']>,
): Promise<string | null> {
  if (!holder.socket.open) holder.socket = await FuzzSocket.open(ep);
  const got = await send(holder.socket);
  if ('timeout' in got) return `no reply within ${REPLY_MS} ms`;
  if ('closed' in got) {
    return CLEAN_CLOSE.has(got.closed) ? null : `the server closed the socket with code ${got.closed}`;
  }
  return problemWith(got);
}
