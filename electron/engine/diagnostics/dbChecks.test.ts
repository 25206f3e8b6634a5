import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisMissingReason, startRedis, type TestRedis } from '../services/testing/redisServer';
import { BUILTIN_CHECKS } from './checks';
import { DB_CHECKS, shapeRedisInfo } from './dbChecks';

describe('database diagnostics', () => {
  it('are built-in checks', () => {
    const ids = BUILTIN_CHECKS.map((c) => c.id);
    for (const c of DB_CHECKS) expect(ids).toContain(c.id);
  });

  it('run fixed SQL as postgres without prompting, in a read-only session with a timeout', () => {
    for (const c of DB_CHECKS.filter((x) => x.id.startsWith('pg-'))) {
      const argv = c.argv();
      expect(argv.slice(0, 5)).toEqual(['sudo', '-n', '-u', 'postgres', 'psql']);
      const sql = argv.filter((_, i) => argv[i - 1] === '-c');
      expect(sql.slice(0, 2)).toEqual([
        'SET default_transaction_read_only = on',
        "SET statement_timeout = '5s'",
      ]);
      expect(sql[2]).toMatch(/^SELECT /);
      expect(sql).toHaveLength(3);
    }
  });

  it('keeps what the cache thrashes by from INFO, and shows an error as it is', () => {
    const info =
      '# Stats\r\nkeyspace_hits:850\r\nkeyspace_misses:150\r\nevicted_keys:12\r\ntotal_connections_received:9\r\n';
    expect(shapeRedisInfo(info).split('\n')).toEqual([
      'keyspace_hits              850',
      'keyspace_misses            150',
      'evicted_keys               12',
      'hit_ratio                  85.0 %',
    ]);
    expect(shapeRedisInfo('NOAUTH Authentication required.')).toBe('NOAUTH Authentication required.');
    expect(shapeRedisInfo('')).toBe('');
  });
});

const missing = redisMissingReason();
describe.skipIf(missing !== null)(
  `redis-info on a real Redis${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let redis: TestRedis;
    beforeAll(async () => {
      redis = await startRedis();
    }, 20_000);
    afterAll(async () => {
      await redis?.stop();
    });

    it('shapes a real INFO answer', async () => {
      await redis.run('SET', 'k', 'v');
      await redis.run('GET', 'k');
      await redis.run('GET', 'nope');
      const out = shapeRedisInfo((await redis.run('INFO')).stdout);
      expect(out).toMatch(/^maxmemory_policy +\S+$/m);
      expect(out).toMatch(/^hit_ratio +50\.0 %$/m);
    });
  },
);
