import type { CheckSpec } from './checkSpec';

/**
 * Diagnostics for the "Database slow" and "Cache thrashing" checklists: the questions a
 * responder asks a database or a cache, as fixed argvs. Read-only by construction: the SQL is a
 * constant here (no user text reaches it), each psql session is put in read-only mode with a
 * statement timeout before it runs, and the Redis commands only read. They use the default
 * local socket and peer authentication (`sudo -n -u postgres`, never prompting), as ops reach a
 * Debian/Ubuntu database; a host that needs otherwise says so in the output ("sudo: a password
 * is required", "NOAUTH"), which is the finding.
 */

/** Runs fixed SQL as the postgres OS user in a read-only session that gives up after 5 s. */
function psql(sql: string): string[] {
  return [
    'sudo',
    '-n',
    '-u',
    'postgres',
    'psql',
    '-X',
    '-q',
    '-d',
    'postgres',
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    'SET default_transaction_read_only = on',
    '-c',
    "SET statement_timeout = '5s'",
    '-c',
    sql,
  ];
}

/** Sessions doing something, longest running first, with who blocks them. */
export const PG_ACTIVITY_SQL = `SELECT pid, usename AS user, state,
  wait_event_type || ':' || wait_event AS waiting_on,
  date_trunc('second', now() - coalesce(query_start, xact_start)) AS running,
  pg_blocking_pids(pid) AS blocked_by,
  left(regexp_replace(query, '\\s+', ' ', 'g'), 200) AS query
FROM pg_stat_activity
WHERE state IS DISTINCT FROM 'idle' AND pid <> pg_backend_pid() AND backend_type = 'client backend'
ORDER BY coalesce(query_start, xact_start) NULLS LAST
LIMIT 30`;

/** Connections by state against max_connections. */
export const PG_CONNECTIONS_SQL = `SELECT coalesce(state, '(background)') AS state, count(*) AS connections
FROM pg_stat_activity GROUP BY 1
UNION ALL SELECT 'max_connections', setting::bigint FROM pg_settings WHERE name = 'max_connections'
ORDER BY 2 DESC`;

/** Statements by total time since the statistics were last reset (PostgreSQL 13+ columns). */
export const PG_TOP_QUERIES_SQL = `SELECT queryid, calls, round(total_exec_time::numeric, 1) AS total_ms,
  round(mean_exec_time::numeric, 2) AS mean_ms, rows,
  shared_blks_hit + shared_blks_read AS blocks,
  left(regexp_replace(query, '\\s+', ' ', 'g'), 200) AS query
FROM pg_stat_statements
ORDER BY total_exec_time DESC
LIMIT 20`;

/** The INFO fields that say whether a cache thrashes: hits, misses, evictions, memory, clients. */
const REDIS_FIELDS = new Set([
  'used_memory_human',
  'maxmemory_human',
  'maxmemory_policy',
  'mem_fragmentation_ratio',
  'evicted_keys',
  'expired_keys',
  'keyspace_hits',
  'keyspace_misses',
  'instantaneous_ops_per_sec',
  'connected_clients',
  'blocked_clients',
  'rejected_connections',
]);

/** Keeps the fields above, and adds the hit ratio INFO leaves to the reader. */
export function shapeRedisInfo(out: string): string {
  const kept = new Map<string, string>();
  for (const line of out.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && REDIS_FIELDS.has(line.slice(0, i))) kept.set(line.slice(0, i), line.slice(i + 1));
  }
  if (kept.size === 0) return out; // an error ("NOAUTH …", "Could not connect"): show it as it is
  const hits = Number(kept.get('keyspace_hits'));
  const misses = Number(kept.get('keyspace_misses'));
  if (Number.isFinite(hits) && Number.isFinite(misses) && hits + misses > 0)
    kept.set('hit_ratio', `${((hits / (hits + misses)) * 100).toFixed(1)} %`);
  return [...kept].map(([k, v]) => `${k.padEnd(26)} ${v}`).join('\n');
}

export const DB_CHECKS: CheckSpec[] = [
  {
    id: 'pg-activity',
    title: 'PostgreSQL: long-running and blocked sessions',
    description:
      'Sessions doing something, longest first, with their wait event and who blocks them (pg_stat_activity, as postgres).',
    takesPath: false,
    argv: () => psql(PG_ACTIVITY_SQL),
  },
  {
    id: 'pg-connections',
    title: 'PostgreSQL: connections by state',
    description: 'Connections by state (active, idle, idle in transaction) against max_connections.',
    takesPath: false,
    argv: () => psql(PG_CONNECTIONS_SQL),
  },
  {
    id: 'pg-top-queries',
    title: 'PostgreSQL: top queries by total time',
    description:
      'The 20 statements with the most total time, with calls, mean time and rows (pg_stat_statements).',
    takesPath: false,
    argv: () => psql(PG_TOP_QUERIES_SQL),
  },
  {
    id: 'redis-info',
    title: 'Redis: hit ratio, evictions and memory',
    description: 'Hits, misses, evictions, memory against maxmemory and clients (redis-cli INFO).',
    takesPath: false,
    argv: () => ['redis-cli', 'INFO'],
    shape: shapeRedisInfo,
  },
  {
    id: 'redis-slowlog',
    title: 'Redis: slow commands',
    description: 'The 10 newest entries of the slow log (redis-cli SLOWLOG GET).',
    takesPath: false,
    argv: () => ['redis-cli', 'SLOWLOG', 'GET', '10'],
  },
];
