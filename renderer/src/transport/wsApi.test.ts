import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { WsRequest } from '../../../shared/bridge';
import type { AlertEntry } from '../../../shared/alerts';
import { ApiCallError } from './apiCallError';
import { RECONNECTING_MESSAGE, UNAUTHORIZED_MESSAGE, type ConnectionStatus } from './connectionStatus';
import { WsApi, type WsApiOptions } from './wsApi';

/**
 * WsApi against a real WebSocket server (`ws`, on loopback). Node 20 has no WebSocket of its
 * own, so `ws`'s client class is handed in; waits are short and injected, and every test waits
 * on what the server or the client reports, never on a clock.
 */

/** A server that hands out its connections, and each connection's frames, in order. */
class TestServer {
  readonly connections: ServerSocket[] = [];
  private readonly frames = new Map<ServerSocket, WsRequest[]>();
  private waiters: (() => void)[] = [];

  private constructor(readonly wss: WebSocketServer) {
    wss.on('connection', (socket) => {
      const frames: WsRequest[] = [];
      this.frames.set(socket, frames);
      socket.on('message', (data: Buffer) => {
        frames.push(JSON.parse(data.toString()) as WsRequest);
        this.wake();
      });
      this.connections.push(socket);
      this.wake();
    });
  }

  static async start(): Promise<TestServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    return new TestServer(wss);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as { port: number }).port}/api/ws?token=t`;
  }

  /** The n-th connection (from 1), once it is open on the server's side. */
  async connection(n: number): Promise<ServerSocket> {
    await this.until(() => this.connections.length >= n);
    return this.connections[n - 1]!;
  }

  /** The n-th frame (from 1) the client sent on `socket`. */
  async frame(socket: ServerSocket, n = 1): Promise<WsRequest> {
    const frames = this.frames.get(socket)!;
    await this.until(() => frames.length >= n);
    return frames[n - 1]!;
  }

  framesOn(socket: ServerSocket): readonly WsRequest[] {
    return this.frames.get(socket) ?? [];
  }

  async stop(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private until(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (done()) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }
}

const reply = (socket: ServerSocket, id: number, result: unknown): void =>
  socket.send(JSON.stringify({ id, ok: true, result }));

const alertEntry = (id: number): AlertEntry =>
  ({ id, hostId: 'db-1', probeId: null, signal: 'cpu', kind: 'host', to: 'red' }) as unknown as AlertEntry;

let server: TestServer;
const clients: WsApi[] = [];

function client(options: WsApiOptions = {}): WsApi {
  const api = new WsApi(server.url, {
    WebSocket: NodeWebSocket as unknown as typeof WebSocket,
    minBackoffMs: 5,
    maxBackoffMs: 20,
    ...options,
  });
  clients.push(api);
  return api;
}

/** Resolves with the first status `api` reports that passes `test`. */
function status(api: WsApi, test: (s: ConnectionStatus) => boolean): Promise<ConnectionStatus> {
  return new Promise((resolve) => {
    const off = api.subscribe((s) => {
      if (!test(s)) return;
      queueMicrotask(() => off());
      resolve(s);
    });
  });
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.stop();
});

describe('WsApi', () => {
  it('sends a call as a frame and settles it with the answer or the refusal', async () => {
    server = await TestServer.start();
    const api = client();
    const info = api.call('app:info', {});
    const conn = await server.connection(1);
    const frame = await server.frame(conn);
    expect(frame).toMatchObject({ method: 'app:info', input: {} });
    reply(conn, frame.id, { mode: 'headless' });
    await expect(info).resolves.toEqual({ mode: 'headless' });

    const refused = api.call('incidents:get', { id: 'nope' });
    const second = await server.frame(conn, 2);
    conn.send(
      JSON.stringify({
        id: second.id,
        ok: false,
        error: { code: 'not_found', message: 'No incident nope.' },
      }),
    );
    await expect(refused).rejects.toEqual(new ApiCallError('not_found', 'No incident nope.'));
  });

  it('reconnects after the socket closes, saying so in its status', async () => {
    server = await TestServer.start();
    const api = client();
    const seen: ConnectionStatus['state'][] = [];
    api.subscribe((s) => seen.push(s.state));
    const first = await server.connection(1);
    await status(api, (s) => s.state === 'open');

    const closed = status(api, (s) => s.state === 'closed');
    first.close(1001, 'going away');
    expect(await closed).toEqual({ state: 'closed', message: RECONNECTING_MESSAGE, problem: null });
    await server.connection(2);
    await status(api, (s) => s.state === 'open');
    expect(seen).toEqual(['connecting', 'open', 'closed', 'connecting', 'open']);
  });

  it('queues a call made while disconnected and sends it once reconnected', async () => {
    server = await TestServer.start();
    const api = client({ minBackoffMs: 50 });
    const first = await Promise.all([server.connection(1), status(api, (s) => s.state === 'open')]).then(
      ([c]) => c,
    );

    // Asked the moment the socket is known to be gone, before the reconnect.
    // (Wrapped: a promise resolved with a promise would wait for the answer itself.)
    const queued = new Promise<{ answer: Promise<unknown> }>((resolve) => {
      const off = api.subscribe((s) => {
        if (s.state !== 'closed') return;
        queueMicrotask(() => off());
        resolve({ answer: api.call('board:get', {}) });
      });
    });
    first.close();
    const { answer } = await queued;

    const second = await server.connection(2);
    const frame = await server.frame(second);
    expect(frame).toMatchObject({ method: 'board:get' });
    expect(server.framesOn(first)).toEqual([]);
    reply(second, frame.id, []);
    await expect(answer).resolves.toEqual([]);
  });

  it('fails a call already on the wire when the socket drops, since its answer is lost', async () => {
    server = await TestServer.start();
    const api = client();
    const lost = api.call('processes:top', { hostId: 'local', by: 'cpu', limit: 5 });
    const conn = await server.connection(1);
    await server.frame(conn);
    conn.terminate();
    await expect(lost).rejects.toMatchObject({
      code: 'disconnected',
      message: 'Lost the connection to Greenboard during processes:top.',
    });
  });

  it('times out a call nobody answers, and ignores a late answer', async () => {
    server = await TestServer.start();
    const api = client({ callTimeoutMs: 40 });
    const unanswered = api.call('app:info', {});
    const conn = await server.connection(1);
    const frame = await server.frame(conn);
    await expect(unanswered).rejects.toEqual(
      new ApiCallError('timeout', 'Greenboard did not answer app:info within 0.04 s.'),
    );

    // The late answer finds no call waiting; the next call still gets its own.
    reply(conn, frame.id, { late: true });
    const next = api.call('app:info', {});
    const nextFrame = await server.frame(conn, 2);
    reply(conn, nextFrame.id, { late: false });
    await expect(next).resolves.toEqual({ late: false });
  });

  it('keeps event subscriptions across reconnects, and drops them when unsubscribed', async () => {
    server = await TestServer.start();
    const api = client();
    const got: number[] = [];
    let delivered: () => void = () => {};
    const off = api.on('alerts:changed', (entry) => {
      got.push(entry.id);
      delivered();
    });
    const next = (): Promise<void> => new Promise((resolve) => (delivered = resolve));

    const first = await server.connection(1);
    let arrived = next();
    first.send(JSON.stringify({ event: 'not-an-event', payload: {} }));
    first.send(JSON.stringify({ event: 'alerts:changed', payload: alertEntry(1) }));
    await arrived;

    first.close();
    const second = await server.connection(2);
    arrived = next();
    second.send(JSON.stringify({ event: 'alerts:changed', payload: alertEntry(2) }));
    await arrived;
    expect(got).toEqual([1, 2]);

    // After unsubscribing, the event is not delivered; a call answered after it proves it came through.
    off();
    second.send(JSON.stringify({ event: 'alerts:changed', payload: alertEntry(3) }));
    const probe = api.call('app:info', {});
    const frame = await server.frame(second);
    reply(second, frame.id, {});
    await probe;
    expect(got).toEqual([1, 2]);
  });

  it('stops retrying when the server refuses the token, and fails what waits', async () => {
    server = await TestServer.start();
    const api = client();
    const waiting = api.call('app:info', {});
    const conn = await server.connection(1);
    await server.frame(conn);
    const refused = status(api, (s) => s.problem !== null);
    conn.close(4401, 'unauthorized');
    expect(await refused).toEqual({
      state: 'closed',
      message: UNAUTHORIZED_MESSAGE,
      problem: 'unauthorized',
    });
    // On the wire when the socket went: lost with it, before the refusal was known.
    await expect(waiting).rejects.toMatchObject({ code: 'disconnected' });
    await expect(api.call('app:info', {})).rejects.toEqual(
      new ApiCallError('unauthorized', UNAUTHORIZED_MESSAGE),
    );
  });
});
