// The Redis driver's parse and derive on recorded and hostile answers: what a real server
// cannot easily be made to say here (a failed save, a restart, two replicas, an old redis-cli).
import { describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../../../../shared/services';
import type { RunOutput } from '../../collectors/types';
import { ServiceProblemError } from '../types';
import { redisDriver, type RedisSnapshot } from './index';

const cfg: ServiceConfig = {
  id: 'db-1/redis',
  hostId: 'db-1',
  kind: 'redis',
  port: 6379,
  via: 'peer',
  osUser: null,
  socketDir: null,
  database: null,
  dbUser: null,
  intervalMs: 10_000,
  longQuerySec: 30,
  addedAt: 0,
};

function answer(info: string, slowlog = '[]', latency = '0 1 0.40 5'): RunOutput {
  const stdout = `@@info\n${info}\n@@latency\n${latency}\n@@slowlog\n${slowlog}\n@@end\n`;
  return { exitCode: 0, stdout, stderr: '', truncated: false };
}

function info(fields: Record<string, string | number>): string {
  const base: Record<string, string | number> = {
    redis_version: '7.0.15',
    run_id: 'a'.repeat(40),
    total_commands_processed: 1000,
    keyspace_hits: 90,
    keyspace_misses: 10,
    used_memory: 1_000_000,
    maxmemory: 0,
    evicted_keys: 0,
    rejected_connections: 0,
    connected_clients: 3,
    blocked_clients: 0,
    role: 'master',
    master_repl_offset: 0,
    rdb_last_bgsave_status: 'ok',
    aof_enabled: 0,
    aof_last_write_status: 'ok',
    ...fields,
  };
  return `# Server\r\n${Object.entries(base)
    .map(([k, v]) => `${k}:${v}\r`)
    .join('\n')}`;
}

function problem(out: RunOutput): ServiceProblemError {
  try {
    redisDriver.parse(out, cfg);
  } catch (e) {
    if (e instanceof ServiceProblemError) return e;
    throw e;
  }
  throw new Error('parse did not fail');
}

const ctx = { serviceId: cfg.id, ts: 2, elapsedMs: 10_000, pollMs: 80 };
const snap = (o: RunOutput): RedisSnapshot => redisDriver.parse(o, cfg);

describe('Redis parse and derive', () => {
  it('labels each replica of a master with its offset lag (INFO replication recorded from redis 7.0.15)', () => {
    const recorded = [
      '# Replication',
      'role:master',
      'connected_slaves:2',
      'slave0:ip=10.0.0.5,port=6379,state=online,offset=1520,lag=0',
      'slave1:ip=10.0.0.6,port=6379,state=wait_bgsave,offset=0,lag=3',
      'master_failover_state:no-failover',
      'master_repl_offset:1856',
    ].join('\r\n');
    const r = redisDriver.derive(null, snap(answer(`${info({})}\n${recorded}`)), ctx).reading;
    expect(r.labelled).toEqual([
      ['redis.repl_lag_bytes', '10.0.0.5:6379', 336],
      ['redis.repl_lag_bytes', '10.0.0.6:6379', 1856],
    ]);
    expect(r.metrics['redis.repl_lag_bytes']).toBe(1856);
  });

  it('rates over the interval; a restart or a counter going down gives null, never negative', () => {
    const a = snap(answer(info({})));
    const b = snap(answer(info({ total_commands_processed: 1500, keyspace_hits: 150, keyspace_misses: 30 })));
    const m = redisDriver.derive(a, b, ctx).reading.metrics;
    expect(m['redis.ops_ps']).toBe(50);
    expect(m['redis.hit_pct']).toBe(75);
    const restarted = snap(answer(info({ run_id: 'b'.repeat(40), total_commands_processed: 5 })));
    expect(redisDriver.derive(b, restarted, ctx).reading.metrics['redis.ops_ps']).toBeNull();
    const down = snap(answer(info({ total_commands_processed: 10, evicted_keys: 0 })));
    expect(redisDriver.derive(b, down, ctx).reading.metrics['redis.ops_ps']).toBeNull();
    expect(redisDriver.derive(null, b, ctx).reading.metrics['redis.hit_pct']).toBeNull();
  });

  it('memory against maxmemory, and a failed save as persistence_ok 0 with its evidence', () => {
    const r = redisDriver.derive(
      null,
      snap(answer(info({ maxmemory: 4_000_000, rdb_last_bgsave_status: 'err' }))),
      ctx,
    ).reading;
    expect(r.metrics['redis.memory_pct']).toBe(25);
    expect(r.notes.join(' ')).not.toMatch(/maxmemory/);
    expect(r.metrics['redis.persistence_ok']).toBe(0);
    expect(r.advice[0]).toMatchObject({ kind: 'persistence', evidence: 'rdb_last_bgsave_status:err' });
  });

  it('counts new SLOWLOG entries by id, beyond the ones fetched, slowest listed first', () => {
    const entry = (id: number, micros: number): unknown[] => [
      id,
      1_796_000_000,
      micros,
      ['GET', `k${id}`],
      '10.0.0.9:5000',
      '',
    ];
    const a = snap(answer(info({}), JSON.stringify([entry(10, 5)])));
    const b = snap(answer(info({}), JSON.stringify([entry(60, 20_000), entry(59, 90_000), entry(10, 5)])));
    const r = redisDriver.derive(a, b, ctx).reading;
    expect(r.metrics['redis.slowlog_new']).toBe(50);
    expect(r.advice.map((x) => x.message)).toEqual(['GET took 90 ms', 'GET took 20 ms']);
    expect(redisDriver.derive(null, b, ctx).reading.metrics['redis.slowlog_new']).toBeNull();
  });

  it('an old redis-cli without --json: the poll goes on without SLOWLOG, and says why', () => {
    const out = answer(info({}), '@@slowlog-failed 1');
    out.stderr = "Unrecognized option or bad number of args for: '--json'";
    const r = redisDriver.derive(null, snap(out), ctx).reading;
    expect(r.metrics['redis.slowlog_new']).toBeNull();
    expect(r.notes).toContain('SLOWLOG not read: redis-cli on the host is older than 7.0 (no --json).');
  });

  it('hostile answers: garbage is garbage, junk values are null, nothing else is thrown', () => {
    expect(
      problem({ exitCode: 0, stdout: '\u0000\u0001 nonsense', stderr: '', truncated: false }).problem,
    ).toBe('garbage');
    expect(problem({ exitCode: 0, stdout: '', stderr: '', truncated: true }).message).toMatch(/cut short/);
    const junk = snap(
      answer(
        info({ total_commands_processed: 'NaN', used_memory: '1e999', maxmemory: '-x' }),
        '[[1,"x",null,7,{}],5,"a"',
        'a b c',
      ),
    );
    expect(junk.commands).toBeNull();
    expect(junk.usedMemory).toBeNull();
    expect(junk.pingMs).toBeNull();
    expect(junk.slowlog).toBeNull();
    const r = redisDriver.derive(junk, junk, ctx).reading;
    expect(r.metrics['redis.ops_ps']).toBeNull();
    const odd = snap(answer(info({}), JSON.stringify([[1, 1e300, 5, [{}, null], 7, ''], 'x', [null]])));
    expect(() => redisDriver.derive(null, odd, ctx)).not.toThrow();
  });

  it('reads the one-invocation answer (@@both), and the separate sections when it is junk or an error', () => {
    const entry = [9, 1_700_000_000, 250, ['GET', 'k'], '10.0.0.5:4242', ''];
    const both = JSON.stringify([info({ total_commands_processed: 77 }).replace(/\r\n/g, '\r\n'), [entry]]);
    const stdout = `@@both\n${both}\n@@latency\n0 1 0.40 5\n@@end\n`;
    const one = snap({ exitCode: 0, stdout, stderr: '', truncated: false });
    expect(one.commands).toBe(77);
    expect(one.slowlog).toEqual([
      { id: 9, ts: 1_700_000_000, micros: 250, args: ['GET', 'k'], client: '10.0.0.5:4242' },
    ]);
    // Refused (the error went to stderr), or an answer that is not [text, list]: the sections after it count.
    for (const junk of ['', '["x"]', '[1, []]', '["a", {}]', '[not json', 'NOPERM no eval']) {
      const s = snap({
        exitCode: 0,
        stdout: `@@both\n${junk}\n${answer(info({ total_commands_processed: 5 })).stdout}`,
        stderr: "NOPERM this user has no permissions to run the 'eval' command",
        truncated: false,
      });
      expect([junk, s.commands, s.slowlog]).toEqual([junk, 5, []]);
    }
  });

  it('the run envelope: a missing redis-cli is setup, a poll out of time is timeout', () => {
    expect(
      problem({ exitCode: 127, stdout: '@@info\n', stderr: 'sh: 1: redis-cli: not found', truncated: false })
        .problem,
    ).toBe('setup');
    expect(
      problem({ exitCode: null, stdout: '', stderr: '\n(stopped after 10 s)', truncated: false }).problem,
    ).toBe('timeout');
  });
});
