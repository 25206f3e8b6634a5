// A Redis poll through a tunnel, with ioredis over the stream: INFO, timed PINGs, SLOWLOG GET,
// printed as the peer script prints them (redis/command.ts: @@info, @@latency "min max avg
// count" in ms, @@slowlog as redis-cli --json, @@end), so redis/parse.ts reads both.
//
// Why ioredis: node-redis (`redis`) only opens its own net/tls sockets and waits for their
// 'connect' (no stream option, no socket factory in its public options); ioredis takes a
// `Connector`, a public option (its Sentinel support is one), whose connect() may return any
// stream. Both are maintained; ioredis is the one that runs over a given stream without a
// loopback listener in between. Imported on the first tunnel poll only.
import type { Duplex } from 'node:stream';
import type { ServiceConfig } from '../../../../shared/services';
import type { RunOutput } from '../../collectors/types';
import { SLOWLOG_FETCH } from '../redis/command';
import { ServiceProblemError } from '../types';
import { socketLike } from './socketLike';

/** PINGs per poll, one after another on the poll's connection (what redis-cli --latency samples in 50 ms). */
const PINGS = 5;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 200);

export async function readRedis(
  cfg: ServiceConfig,
  stream: Duplex,
  password: string | null,
  secretHow: string,
): Promise<RunOutput> {
  const { default: Redis, AbstractConnector } = await import('ioredis');
  class StreamConnector extends AbstractConnector {
    connect(): Promise<ReturnType<typeof socketLike> & import('node:net').Socket> {
      this.connecting = true;
      this.stream = socketLike(stream) as unknown as import('node:net').Socket;
      return Promise.resolve(this.stream as ReturnType<typeof socketLike> & import('node:net').Socket);
    }
  }
  const redis = new Redis({
    Connector: class extends StreamConnector {
      constructor() {
        super(1_000);
      }
    },
    lazyConnect: true,
    // RESP2 with nothing sent on connect (no HELLO, CLIENT SETINFO or maintenance registration),
    // as redis-cli talks: the login is ours to send, so its refusal comes back in its own words.
    protocol: 2,
    disableClientInfo: true,
    maintNotifications: 'disabled',
    // One answer or a problem: no reconnects, no retries, no INFO of its own first.
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableReadyCheck: false,
  });
  redis.on('error', () => undefined);
  const stdout: string[] = [];
  const stderr: string[] = [];
  try {
    await redis.connect();
    if (password !== null) {
      try {
        await (cfg.dbUser ? redis.auth(cfg.dbUser, password) : redis.auth(password));
      } catch (err) {
        // Only the server's answer is a refusal; a connection lost during AUTH (the server gone
        // mid-poll) is thrown on as it is, and reads as unreachable like any other point of the poll.
        if (!(err instanceof Error && err.name === 'ReplyError')) throw err;
        throw new ServiceProblemError(
          'refused',
          `Redis refused ${cfg.dbUser ? `user ${cfg.dbUser}'s` : 'the'} password (${message(err).split(' ')[0]}); set it again with ${secretHow}.`,
        );
      }
    }
    stdout.push('@@info');
    try {
      stdout.push(await redis.info());
    } catch (err) {
      if (/^NOAUTH\b/.test(message(err)))
        throw new ServiceProblemError('setup', `This Redis wants a password: set it with ${secretHow}.`);
      if (redis.status === 'end' || stream.destroyed) throw err;
      stdout.push(message(err)); // NOPERM and the like: the parse says what to allow
    }
    const times: number[] = [];
    for (let i = 0; i < PINGS; i++) {
      const t0 = performance.now();
      await redis.ping();
      times.push(performance.now() - t0);
    }
    const avg = times.reduce((a, b) => a + b, 0) / times.length;
    stdout.push(
      '@@latency',
      `${Math.min(...times).toFixed(2)} ${Math.max(...times).toFixed(2)} ${avg.toFixed(2)} ${times.length}`,
    );
    stdout.push('@@slowlog');
    try {
      stdout.push(JSON.stringify(await redis.call('SLOWLOG', 'GET', String(SLOWLOG_FETCH))));
    } catch (err) {
      if (redis.status === 'end' || stream.destroyed) throw err;
      stdout.push('@@slowlog-failed 1');
      stderr.push(message(err));
    }
    stdout.push('@@end');
  } catch (err) {
    redis.disconnect();
    if (err instanceof ServiceProblemError) throw err;
    throw new ServiceProblemError(
      'unreachable',
      `Redis on port ${cfg.port} went away during the poll (${message(err)}).`,
    );
  }
  redis.disconnect();
  return { exitCode: 0, stdout: `${stdout.join('\n')}\n`, stderr: stderr.join('\n'), truncated: false };
}
