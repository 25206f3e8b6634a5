// The Redis driver against a real private redis-server (and a real replica of it), polled with
// the same argv the SSH runner would run, here through runLocal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../../../../shared/services';
import { runLocal } from '../../diagnostics/runLocal';
import { waitFor } from '../../ssh/testing/waitFor';
import { redisMissingReason, startRedis, type TestRedis } from '../testing/redisServer';
import { ServiceProblemError } from '../types';
import { redisDriver, type RedisSnapshot } from './index';

const missing = redisMissingReason();
const ASK = { textsFor: [], longQuerySec: 60 };

function cfgFor(port: number, osUser: string | null = null): ServiceConfig {
  return {
    id: `local/redis-${port}`,
    hostId: 'local',
    kind: 'redis',
    port,
    via: 'peer',
    osUser,
    socketDir: null,
    database: null,
    dbUser: null,
    intervalMs: 10_000,
    longQuerySec: 30,
    addedAt: 0,
  };
}

/** One poll as the watch runs it: the argv, its wall time, the parse. */
async function poll(cfg: ServiceConfig): Promise<{ snap: RedisSnapshot; ms: number; at: number }> {
  const t0 = performance.now();
  const out = await runLocal(redisDriver.command(cfg, ASK), 10_000, { maxBytes: 4 << 20 });
  const ms = performance.now() - t0;
  return { snap: redisDriver.parse(out, cfg), ms, at: t0 };
}

async function problemOf(cfg: ServiceConfig): Promise<ServiceProblemError> {
  const err = await poll(cfg).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ServiceProblemError);
  return err as ServiceProblemError;
}

describe.skipIf(missing !== null)(
  `Redis driver on a real redis-server${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let redis: TestRedis;
    let replica: TestRedis | null = null;

    beforeAll(async () => {
      // Every command in the SLOWLOG; a replica's full sync at once (7.0 waits 5 s for more replicas).
      redis = await startRedis({
        extra: ['--slowlog-log-slower-than', '0', '--repl-diskless-sync-delay', '0'],
      });
    });
    afterAll(async () => {
      await replica?.stop();
      await redis?.stop();
    });

    it('reads ops, hit ratio, memory, ping and the new SLOWLOG entries over an interval', async () => {
      const cfg = cfgFor(redis.port);
      const first = await poll(cfg);
      await redis.run('SET', 'greenboard:k', 'y');
      await redis.run('-r', '30', 'GET', 'greenboard:k');
      await redis.run('-r', '10', 'GET', 'greenboard:none');
      // Last, so it is among the 32 newest SLOWLOG entries the poll fetches.
      await redis.run('SET', 'greenboard:k', 'x'.repeat(500));
      const second = await poll(cfg);
      const ctx = { serviceId: cfg.id, ts: 2, elapsedMs: second.at - first.at, pollMs: second.ms };
      const { reading } = redisDriver.derive(first.snap, second.snap, ctx);
      const m = reading.metrics;
      console.log(`redis poll wall time: ${first.ms.toFixed(0)} ms, ${second.ms.toFixed(0)} ms; metrics`, m);
      expect(m['redis.hit_pct']).toBeCloseTo(75, 5);
      expect(m['redis.ops_ps']).toBeGreaterThan(0);
      expect(m['redis.used_memory_bytes']).toBeGreaterThan(100_000);
      expect(m['redis.memory_pct']).toBeNull();
      expect(reading.notes.join(' ')).toMatch(/No maxmemory set: Redis can grow until the OS kills it/);
      expect(m['redis.ping_ms']).not.toBeNull();
      expect(m['redis.persistence_ok']).toBe(1);
      expect(m['redis.clients_connected']).toBeGreaterThanOrEqual(1);
      expect(m['redis.slowlog_new']).toBeGreaterThanOrEqual(42);
      const set = second.snap.slowlog?.find((e) => e.args[0] === 'SET');
      expect(set?.args).toEqual(['SET', 'greenboard:k', `${'x'.repeat(64)}…`]);
      expect(reading.advice.filter((a) => a.kind === 'slowlog')).toHaveLength(10);
      // The poll's own INFO runs inside its script, whose client SLOWLOG shows as "?:0".
      expect(reading.advice.map((a) => a.evidence)).toContainEqual(
        expect.stringMatching(/^SLOWLOG #\d+ at 20\d\d-.* from 127\.0\.0\.1:\d+: \w+/),
      );
    });

    it('reads INFO and SLOWLOG in one redis-cli (EVAL, no COMMAND DOCS); where EVAL is refused, in two', async () => {
      const cfg = cfgFor(redis.port);
      const stats = async (): Promise<string> => (await redis.run('INFO', 'commandstats')).stdout;
      await redis.run('CONFIG', 'RESETSTAT');
      const one = await poll(cfg);
      expect(one.snap.slowlog?.length).toBeGreaterThan(0);
      const after = await stats();
      expect(after).toMatch(/^cmdstat_eval:calls=1,/m);
      expect(after).not.toMatch(/command\|docs/);
      expect(after).toMatch(/^cmdstat_slowlog\|get:calls=1,/m);

      await redis.run('ACL', 'SETUSER', 'default', '-eval');
      try {
        await redis.run('CONFIG', 'RESETSTAT');
        const two = await poll(cfg);
        expect(two.snap.version).toBe(one.snap.version);
        expect(two.snap.slowlog?.length).toBeGreaterThan(0);
        expect(two.snap.slowlogNote).toBeNull();
        const fallback = await stats();
        expect(fallback).toMatch(/^cmdstat_eval:calls=0,.*rejected_calls=1/m);
        expect(fallback).toMatch(/^cmdstat_slowlog\|get:calls=1,/m);
      } finally {
        await redis.run('ACL', 'SETUSER', 'default', '+eval');
      }
    });

    it('sees evictions and memory against maxmemory', async () => {
      const cfg = cfgFor(redis.port);
      await redis.run('CONFIG', 'SET', 'maxmemory', '3mb');
      await redis.run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
      const first = await poll(cfg);
      const fill = "for i=1,30000 do redis.call('SET','fill:'..i,string.rep('x',100)) end return 1";
      expect((await redis.run('EVAL', fill, '0')).stdout).toMatch(/1/);
      const second = await poll(cfg);
      const ctx = { serviceId: cfg.id, ts: 2, elapsedMs: second.at - first.at, pollMs: second.ms };
      const m = redisDriver.derive(first.snap, second.snap, ctx).reading.metrics;
      expect(m['redis.maxmemory_bytes']).toBe(3 * 1024 * 1024);
      expect(m['redis.memory_pct']).toBeGreaterThan(50);
      expect(m['redis.evictions_ps']).toBeGreaterThan(0);
      await redis.run('FLUSHALL');
      await redis.run('CONFIG', 'SET', 'maxmemory', '0');
    });

    it('labels each replica with its offset lag', async () => {
      replica = await startRedis({ replicaOf: redis.port });
      const r = replica;
      await waitFor(
        async () => /slave0:.*state=online/.test((await redis.run('INFO', 'replication')).stdout),
        'replica online',
      );
      await redis.run('SET', 'greenboard:repl', '1');
      const cfg = cfgFor(redis.port);
      const { snap, ms } = await poll(cfg);
      const reading = redisDriver.derive(null, snap, {
        serviceId: cfg.id,
        ts: 1,
        elapsedMs: 0,
        pollMs: ms,
      }).reading;
      expect(reading.labelled).toEqual([['redis.repl_lag_bytes', `127.0.0.1:${r.port}`, expect.any(Number)]]);
      expect(reading.metrics['redis.repl_lag_bytes']).toBeGreaterThanOrEqual(0);
      const fromReplica = await poll(cfgFor(r.port));
      expect(fromReplica.snap.role).toBe('slave');
      expect(fromReplica.snap.masterLinkStatus).toBe('up');
    });

    it('a Redis with a password is refused, with the way in', async () => {
      await redis.run('CONFIG', 'SET', 'requirepass', 'sekrit');
      try {
        const p = await problemOf(cfgFor(redis.port));
        expect(p.problem).toBe('refused');
        expect(p.message).toMatch(/this Redis needs a password: add the service again with --via tunnel/i);
        expect(p.message).toMatch(/--password-stdin/);
      } finally {
        await redis.run('-a', 'sekrit', '--no-auth-warning', 'CONFIG', 'SET', 'requirepass', '');
      }
    });

    it('runs redis-cli through sudo -n when an OS user is set', async () => {
      const { snap } = await poll(cfgFor(redis.port, 'root'));
      expect(snap.version).toMatch(/^\d+\.\d+/);
    });

    it('sudo refusing to run redis-cli is refused, naming the sudoers line', async () => {
      const cfg = cfgFor(redis.port, 'root');
      // The same argv, run as an unprivileged user that sudo does not allow.
      const out = await runLocal(['runuser', '-u', 'nobody', '--', ...redisDriver.command(cfg, ASK)], 10_000);
      expect(out.stderr).toMatch(/sudo: a password is required/);
      const err = (() => {
        try {
          redisDriver.parse(out, cfg);
          return null;
        } catch (e) {
          return e as ServiceProblemError;
        }
      })();
      expect(err?.problem).toBe('refused');
      expect(err?.message).toMatch(/NOPASSWD: \/usr\/bin\/redis-cli/);
    });

    it('a server killed before the poll is unreachable', async () => {
      const gone = await startRedis();
      await gone.kill();
      const p = await problemOf(cfgFor(gone.port));
      await gone.stop();
      expect(p.problem).toBe('unreachable');
      expect(p.message).toMatch(/does not answer on 127\.0\.0\.1:\d+ .*Connection refused/);
    });
  },
);
