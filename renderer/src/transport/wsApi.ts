import type { WsRequest, WsResponse } from '../../../shared/bridge';
import { EVENT_NAMES, type EventName, type MethodName } from '../../../shared/channels';
import type { EventPayload, GreenboardApi, MethodInput, MethodOutput } from '../../../shared/contract';
import { ApiCallError } from './apiCallError';
import {
  RECONNECTING_MESSAGE,
  UNAUTHORIZED_MESSAGE,
  type ConnectionSource,
  type ConnectionStatus,
} from './connectionStatus';

const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 10_000;
/** Long enough for a slow `processes:top`; short enough that a lost reply surfaces as an error. */
const CALL_TIMEOUT_MS = 30_000;
/** `WebSocket.OPEN`, the same number in the browser's and in `ws`'s. */
const OPEN = 1;
/** Close codes a server may use to reject the token (4401 mirrors HTTP 401; 1008 is "policy violation"). */
const UNAUTHORIZED_CLOSE_CODES = new Set([4401, 4001, 4003, 1008]);

interface Pending {
  method: string;
  frame: WsRequest;
  sent: boolean;
  resolve: (result: unknown) => void;
  reject: (err: ApiCallError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** What a page never changes; tests do, to run against `ws` in Node with short waits. */
export interface WsApiOptions {
  /** The WebSocket class; the browser's by default (Node 20 has none of its own). */
  WebSocket?: typeof WebSocket;
  callTimeoutMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * The headless transport: one WebSocket to `greenboard serve`. Calls made while the socket is
 * not open wait in a queue; a dropped socket reconnects with backoff. Nothing connects until
 * the first call, subscription or status listener, so importing this module has no side effects.
 */
export class WsApi implements GreenboardApi, ConnectionSource {
  private socket: WebSocket | null = null;
  private started = false;
  private attempt = 0;
  private nextId = 1;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly Socket: typeof WebSocket;
  private readonly callTimeoutMs: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private status: ConnectionStatus = {
    state: 'connecting',
    message: 'Connecting to Greenboard…',
    problem: null,
  };

  constructor(
    private readonly url: string,
    options: WsApiOptions = {},
  ) {
    this.Socket = options.WebSocket ?? WebSocket;
    this.callTimeoutMs = options.callTimeoutMs ?? CALL_TIMEOUT_MS;
    this.minBackoffMs = options.minBackoffMs ?? MIN_BACKOFF_MS;
    this.maxBackoffMs = options.maxBackoffMs ?? MAX_BACKOFF_MS;
  }

  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    this.start();
    if (this.status.problem) return Promise.reject(new ApiCallError('unauthorized', this.status.message));
    if (this.closed) return Promise.reject(new ApiCallError('disconnected', 'This connection was closed.'));
    return new Promise<MethodOutput<M>>((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new ApiCallError(
            'timeout',
            `Greenboard did not answer ${method} within ${this.callTimeoutMs / 1000} s.`,
          ),
        );
      }, this.callTimeoutMs);
      const entry: Pending = {
        method,
        frame: { id, method, input },
        sent: false,
        resolve: resolve as (result: unknown) => void,
        reject,
        timer,
      };
      this.pending.set(id, entry);
      this.trySend(entry);
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    this.start();
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  get(): ConnectionStatus {
    return this.status;
  }

  subscribe(listener: (status: ConnectionStatus) => void): () => void {
    this.start();
    this.statusListeners.add(listener);
    listener(this.status);
    return () => this.statusListeners.delete(listener);
  }

  /**
   * Closes the socket for good: no reconnect, and every call still waiting fails. A page never
   * needs it (the socket goes with the page); tests and embedders do.
   */
  close(): void {
    this.closed = true;
    this.started = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    for (const [id, entry] of this.pending)
      this.settleWithError(id, entry, 'disconnected', `Closed before Greenboard answered ${entry.method}.`);
    this.socket?.close();
    this.socket = null;
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.connect();
  }

  private connect(): void {
    this.reconnectTimer = null;
    const socket = new this.Socket(this.url);
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.attempt = 0;
      this.setStatus({ state: 'open', message: 'Connected', problem: null });
      for (const entry of this.pending.values()) this.trySend(entry);
    };
    socket.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data === 'string') this.handleFrame(ev.data);
    };
    socket.onclose = (ev: CloseEvent) => {
      if (this.closed) return;
      this.socket = null;
      this.failSentCalls();
      void this.handleClose(ev, opened);
    };
  }

  private async handleClose(ev: CloseEvent, opened: boolean): Promise<void> {
    // By code only: the reason is free text, and this server rejects with a code (or refuses the upgrade).
    const rejected = UNAUTHORIZED_CLOSE_CODES.has(ev.code);
    // A refused upgrade reaches the browser only as code 1006, so ask over plain HTTP why.
    const refused = rejected || (!opened && ev.code === 1006 && (await this.tokenRefused()));
    if (this.closed) return; // closed while asking
    if (refused) {
      this.setStatus({ state: 'closed', message: UNAUTHORIZED_MESSAGE, problem: 'unauthorized' });
      for (const [id, entry] of this.pending)
        this.settleWithError(id, entry, 'unauthorized', UNAUTHORIZED_MESSAGE);
      return;
    }
    this.setStatus({ state: 'closed', message: RECONNECTING_MESSAGE, problem: null });
    const delay = Math.min(this.maxBackoffMs, this.minBackoffMs * 2 ** this.attempt);
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.setStatus({ state: 'connecting', message: RECONNECTING_MESSAGE, problem: null });
      this.connect();
    }, delay);
  }

  private async tokenRefused(): Promise<boolean> {
    try {
      const httpUrl = this.url.replace(/^ws/, 'http');
      const res = await fetch(httpUrl, { cache: 'no-store' });
      return res.status === 401 || res.status === 403;
    } catch {
      return false; // the server is down, not refusing us
    }
  }

  private trySend(entry: Pending): void {
    if (entry.sent || this.socket?.readyState !== OPEN) return;
    this.socket.send(JSON.stringify(entry.frame));
    entry.sent = true;
  }

  /** Calls already on the wire may have been lost with the socket; queued ones wait for the next one. */
  private failSentCalls(): void {
    for (const [id, entry] of this.pending) {
      if (!entry.sent) continue;
      this.settleWithError(
        id,
        entry,
        'disconnected',
        `Lost the connection to Greenboard during ${entry.method}.`,
      );
    }
  }

  private settleWithError(id: number, entry: Pending, code: ApiCallError['code'], message: string): void {
    clearTimeout(entry.timer);
    this.pending.delete(id);
    entry.reject(new ApiCallError(code, message));
  }

  private handleFrame(text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return; // not ours to handle; the server only sends JSON
    }
    if (typeof frame !== 'object' || frame === null) return;
    if ('event' in frame) {
      const { event, payload } = frame as { event: unknown; payload: unknown };
      if (!(EVENT_NAMES as readonly unknown[]).includes(event)) return;
      for (const l of this.listeners.get(event as EventName) ?? []) l(payload);
      return;
    }
    const res = frame as WsResponse;
    const entry = this.pending.get(res.id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(res.id);
    if (res.ok) entry.resolve(res.result);
    else entry.reject(ApiCallError.from(res.error));
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    for (const l of this.statusListeners) l(status);
  }
}
