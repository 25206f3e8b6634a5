import { performance } from 'node:perf_hooks';
import type autocannon from 'autocannon';

/**
 * The two changes loadTest.ts makes to each autocannon Client, through its `setupClient` hook.
 * Both reach into the Client's internals, read from autocannon 9.0.0's lib/httpClient.js (the
 * version package.json pins): re-read that file before moving to another version.
 */

/** The internals of autocannon's Client touched here. */
interface ClientInternals {
  conn?: unknown;
  destroyed: boolean;
  _connect(): void;
  _destroyConnection(): void;
  _doRequest(): void;
  pipelinedRequests: { pendingRequests: Array<{ startTime: [number, number] }> };
  timeoutTicker: { reschedule(ms: number): void };
}

const internals = (c: autocannon.Client): ClientInternals => c as unknown as ClientInternals;

/**
 * When the server closes a keep-alive connection (nginx does after 1000 requests, by default)
 * autocannon reconnects on 'end' without dropping the request it had just written to the dying
 * socket. That request never gets an answer, yet stays first in the queue that pairs responses
 * with send times, so every later response on the connection is timed from the request before
 * its own: a 2 ms server read 14 ms at p50 after a few closes (see loadTest.test.ts). And the
 * old socket keeps its listeners, so a late EPIPE on it counts as an error and opens a second
 * connection. Here a reconnect first tears the old connection down as autocannon's own timeout
 * path does: the lost request is dropped (the new connection sends a fresh one), not counted.
 */
export function reconnectCleanly(c: autocannon.Client): void {
  const client = internals(c);
  const connect = client._connect.bind(client);
  client._connect = () => {
    if (client.conn) client._destroyConnection();
    connect();
  };
}

/** Moves a pending request's start back by `lagMs`, so autocannon times it from its schedule. */
function backdate(start: [number, number], lagMs: number): [number, number] {
  const ns = BigInt(start[0]) * 1_000_000_000n + BigInt(start[1]) - BigInt(Math.round(lagMs * 1e6));
  return [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
}

/**
 * Paces clients on a fixed schedule, as wrk2 does: of `connections` clients sharing `rate`
 * requests/s from `t0` (performance.now()), client i sends its j-th request at
 * t0 + (i + j·connections) / rate, and autocannon times the request from then, not from the
 * send. A request that could not go out on time (its connection was still waiting on a slow
 * answer) goes as soon as it can and is charged the wait. No slot at or after `endAt` is sent:
 * autocannon's own end timer can fire late behind a stalled event loop, and the run would then
 * send more than rate × duration requests. `clear` cancels pending sends.
 */
export function pacer(rate: number, connections: number, t0: number, timeoutMs: number, endAt: number) {
  const intervalMs = (1000 * connections) / rate;
  const timers = new Set<NodeJS.Timeout>();
  let index = 0;
  const setup = (c: autocannon.Client): void => {
    const client = internals(c);
    const send = client._doRequest.bind(client);
    let next = t0 + (index++ * 1000) / rate;
    let waiting: NodeJS.Timeout | undefined;
    const fire = (): void => {
      const intended = next;
      next += intervalMs;
      send();
      const req = client.pipelinedRequests.pendingRequests.at(-1);
      const lag = performance.now() - intended;
      if (req && lag > 0) req.startTime = backdate(req.startTime, lag);
    };
    // Called by autocannon on connect and after each response: send now if the slot has come
    // (or passed, behind a stall), else wait for it.
    client._doRequest = () => {
      if (waiting || client.destroyed || next >= endAt) return;
      const wait = next - performance.now();
      if (wait <= 0) return fire();
      // The idle wait must not count against the request timeout, which runs from the last send.
      client.timeoutTicker.reschedule(wait + timeoutMs);
      waiting = setTimeout(() => {
        if (waiting) timers.delete(waiting);
        waiting = undefined;
        if (!client.destroyed) fire();
      }, wait);
      timers.add(waiting);
    };
  };
  return { setup, clear: () => timers.forEach((t) => clearTimeout(t)) };
}
