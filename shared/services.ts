import { z } from 'zod';
import { HostNameSchema } from './schemas';
import { safeString } from './safeText';

/**
 * Databases and caches on a host (PostgreSQL, MySQL/MariaDB, Redis), read through the host's
 * SSH session with nothing installed on it. One shape for all kinds: a service's config, one
 * poll's reading (gauges and per-second rates by metric name, and the lists a person reads),
 * and its state on the board.
 */
export const SERVICE_KINDS = ['postgres', 'mysql', 'redis'] as const;
export const ServiceKindSchema = z.enum(SERVICE_KINDS);
export type ServiceKind = z.infer<typeof ServiceKindSchema>;

export const SERVICE_LABELS: Record<ServiceKind, string> = {
  postgres: 'PostgreSQL',
  mysql: 'MySQL/MariaDB',
  redis: 'Redis',
};

export const DEFAULT_SERVICE_PORTS: Record<ServiceKind, number> = {
  postgres: 5432,
  mysql: 3306,
  redis: 6379,
};

/**
 * How a poll reaches the service. `peer`: the service's own client on the host, run through
 * the SSH session (as the service's OS user with `sudo -n -u` where it takes one: peer or
 * unix-socket authentication, no password anywhere). `tunnel`: a driver in Greenboard through a
 * forwarded port, with a password kept like the other secrets.
 */
export const ServiceAccessSchema = z.enum(['peer', 'tunnel']);
export type ServiceAccess = z.infer<typeof ServiceAccessSchema>;

/**
 * The way in per kind unless the user says (why, per kind: electron/engine/services/serviceDefaults.ts):
 * databases through their client as their OS user (no password), Redis through a tunnel (no
 * process on the host; loopback Redis takes no password by default).
 */
export const DEFAULT_SERVICE_VIA: Record<ServiceKind, ServiceAccess> = {
  postgres: 'peer',
  mysql: 'peer',
  redis: 'tunnel',
};

/** A name for the OS user (sudo -u) or the database user: no spaces, quotes or shell characters. */
const AccountSchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_.-]{0,62}$/,
    'letters, digits, "_", "." or "-" (up to 63), starting with a letter or "_"',
  );

/** An absolute path on the host (a socket directory): no shell characters, no "..". */
const HostPathSchema = z
  .string()
  .max(200)
  .regex(/^\/[A-Za-z0-9_./-]*$/, 'an absolute path of letters, digits, "_", ".", "/" and "-"')
  .refine((p) => !p.split('/').includes('..'), 'no ".." in the path');

/** What the user says when adding a service: the rest has defaults per kind. */
export const ServiceInputSchema = z
  .object({
    hostId: HostNameSchema,
    kind: ServiceKindSchema,
    port: z.number().int().min(1).max(65_535).optional(),
    via: ServiceAccessSchema.optional(),
    /** peer: the OS user the client runs as (postgres: "postgres"; mysql: "root"; redis: the login user). */
    osUser: AccountSchema.nullable().optional(),
    /** peer, postgres: the socket directory (default /var/run/postgresql); mysql: the socket file's directory. */
    socketDir: HostPathSchema.nullable().optional(),
    /** postgres: the database to connect to (pg_stat_statements lives in one); default "postgres". */
    database: AccountSchema.nullable().optional(),
    /** tunnel: the database user. */
    dbUser: AccountSchema.nullable().optional(),
    intervalMs: z.number().int().min(5_000).max(3_600_000).optional(),
    /** Sessions running longer than this are listed with their text (default 30 s). */
    longQuerySec: z.number().int().min(1).max(86_400).optional(),
  })
  .strict()
  .refine((s) => s.via !== 'tunnel' || s.kind === 'redis' || Boolean(s.dbUser), {
    message: 'a tunnel logs in as a database user: give the DB user (--db-user)',
    path: ['dbUser'],
  });
export type ServiceInput = z.infer<typeof ServiceInputSchema>;

export const ServiceConfigSchema = z.object({
  /** `${hostId}/${kind}`, or `${hostId}/${kind}-${port}` off the default port. */
  id: z.string(),
  hostId: z.string(),
  kind: ServiceKindSchema,
  port: z.number().int(),
  via: ServiceAccessSchema,
  osUser: z.string().nullable(),
  socketDir: z.string().nullable(),
  database: z.string().nullable(),
  dbUser: z.string().nullable(),
  intervalMs: z.number().int(),
  longQuerySec: z.number().int(),
  addedAt: z.number(),
});
export type ServiceConfig = z.infer<typeof ServiceConfigSchema>;

export const ServiceIdSchema = safeString().min(3).max(200);

/** A session the user should look at: running long, blocked, or blocking others. */
export const ServiceSessionSchema = z.object({
  pid: z.number(),
  user: z.string(),
  state: z.string(),
  /** Seconds the current query (or transaction) has been running. */
  runningSec: z.number(),
  waitEvent: z.string().nullable(),
  query: z.string(),
  /** pids this session waits on (blocked by). */
  blockedBy: z.array(z.number()),
});
export type ServiceSession = z.infer<typeof ServiceSessionSchema>;

/** A finding with its evidence, in words: index advice, autovacuum, persistence. */
export const ServiceAdviceSchema = z.object({
  kind: z.string(),
  subject: z.string(),
  message: z.string(),
  evidence: z.string(),
});
export type ServiceAdvice = z.infer<typeof ServiceAdviceSchema>;

/** A statement's activity over one interval (deltas), from pg_stat_statements or performance_schema. */
export const TopQuerySchema = z.object({
  queryId: z.string(),
  calls: z.number(),
  totalMs: z.number(),
  meanMs: z.number(),
  rows: z.number(),
  /** Blocks (PostgreSQL: shared hit + read) or rows examined (MySQL). */
  blocks: z.number(),
});
export type TopQuery = z.infer<typeof TopQuerySchema>;

/** One poll of a service. Metrics are by stored metric name (see SERVICE_METRICS); null = not given. */
export const ServiceReadingSchema = z.object({
  serviceId: z.string(),
  ts: z.number(),
  /** Wall time of the poll's round trip, ms. */
  pollMs: z.number(),
  metrics: z.record(z.string(), z.number().nullable()),
  /** Per-replica lag and other labelled values: metric, label, value. */
  labelled: z.array(z.tuple([z.string(), z.string(), z.number()])),
  sessions: z.array(ServiceSessionSchema),
  advice: z.array(ServiceAdviceSchema),
  /** The top statements of this interval by total time (at most 20). */
  topQueries: z.array(TopQuerySchema),
  /** Notes in words for the card: "pg_stat_statements is not enabled: …". */
  notes: z.array(z.string()),
});
export type ServiceReading = z.infer<typeof ServiceReadingSchema>;

/**
 * Why a service could not be read, as the card shows it: unreachable (stopped, refused),
 * refused (sudo or authentication said no), setup (something to enable), garbage (the client's
 * answer made no sense), timeout.
 */
export const ServiceProblemSchema = z.enum([
  'unreachable',
  'refused',
  'setup',
  'garbage',
  'timeout',
  'host-down',
]);
export type ServiceProblem = z.infer<typeof ServiceProblemSchema>;

export const ServiceStateSchema = z.object({
  config: ServiceConfigSchema,
  status: z.enum(['pending', 'ok', 'failed']),
  problem: ServiceProblemSchema.nullable(),
  /** What went wrong and what to do, in words (never a secret). */
  message: z.string().nullable(),
  latest: ServiceReadingSchema.nullable(),
  lastOkTs: z.number().nullable(),
  health: z.object({ state: z.enum(['green', 'amber', 'red', 'unknown']), reasons: z.array(z.string()) }),
  /** tunnel: whether a password is kept for it (the password itself never leaves the engine's store). */
  secretKept: z.boolean().optional(),
});
export type ServiceState = z.infer<typeof ServiceStateSchema>;

/** A service a poll saw on a host (a listening port and a process name), for the user to confirm. */
export const ServiceSuggestionSchema = z.object({
  hostId: z.string(),
  kind: ServiceKindSchema,
  port: z.number(),
  /** The kind's default way in (DEFAULT_SERVICE_VIA), which a one-click add uses. */
  via: ServiceAccessSchema,
  evidence: z.string(),
});
export type ServiceSuggestion = z.infer<typeof ServiceSuggestionSchema>;

/** Every kind's poll interval unless the user says: statement statistics move slower than CPU. */
export const DEFAULT_SERVICE_INTERVAL_MS = 15_000;
export const DEFAULT_LONG_QUERY_SEC = 30;

export function serviceIdOf(hostId: string, kind: ServiceKind, port: number): string {
  return port === DEFAULT_SERVICE_PORTS[kind] ? `${hostId}/${kind}` : `${hostId}/${kind}-${port}`;
}

/**
 * The key a service's metrics are stored under in the time series, beside the hosts'. Host ids
 * start with a letter or digit (SSH names; Prometheus "<source>:<instance>"), so "@" never meets one.
 */
export function serviceSeriesKey(serviceId: string): string {
  return `@service:${serviceId}`;
}

/** Every stored service metric, with its unit and label. Rates are per second over the interval. */
export const SERVICE_METRICS = {
  // PostgreSQL
  'pg.connections': { unit: '', label: 'Connections' },
  'pg.max_connections': { unit: '', label: 'Max connections' },
  'pg.connections_pct': { unit: '%', label: 'Connections used' },
  'pg.conn_active': { unit: '', label: 'Active' },
  'pg.conn_idle': { unit: '', label: 'Idle' },
  'pg.conn_idle_in_tx': { unit: '', label: 'Idle in transaction' },
  'pg.tps': { unit: '/s', label: 'Transactions' },
  'pg.rollbacks_ps': { unit: '/s', label: 'Rollbacks' },
  'pg.cache_hit_pct': { unit: '%', label: 'Cache hit ratio' },
  'pg.deadlocks_ps': { unit: '/s', label: 'Deadlocks' },
  'pg.temp_bytes_ps': { unit: 'B/s', label: 'Temp files written' },
  'pg.replication_lag_bytes': { unit: 'B', label: 'Replication lag' },
  'pg.replication_lag_sec': { unit: 's', label: 'Replication lag (time)' },
  'pg.long_running': { unit: '', label: 'Queries over the threshold' },
  'pg.oldest_query_sec': { unit: 's', label: 'Longest running query' },
  'pg.blocked': { unit: '', label: 'Blocked sessions' },
  'pg.statements': { unit: '', label: 'Distinct statements' },
  // Labelled per big table (table=schema.name)
  'pg.table_dead_tuples': { unit: '', label: 'Dead tuples' },
  'pg.table_vacuum_age_sec': { unit: 's', label: 'Since last vacuum' },
  'pg.table_xid_age': { unit: '', label: 'Transaction id age (wraparound)' },
  // MySQL / MariaDB
  'mysql.threads_connected': { unit: '', label: 'Threads connected' },
  'mysql.threads_running': { unit: '', label: 'Threads running' },
  'mysql.max_connections': { unit: '', label: 'Max connections' },
  'mysql.connections_pct': { unit: '%', label: 'Connections used' },
  'mysql.qps': { unit: '/s', label: 'Queries' },
  'mysql.slow_queries_ps': { unit: '/s', label: 'Slow queries' },
  'mysql.buffer_pool_hit_pct': { unit: '%', label: 'InnoDB buffer pool hit ratio' },
  'mysql.replication_lag_sec': { unit: 's', label: 'Replication lag' },
  'mysql.oldest_query_sec': { unit: 's', label: 'Longest running query' },
  // Redis
  'redis.ops_ps': { unit: '/s', label: 'Operations' },
  'redis.hit_pct': { unit: '%', label: 'Hit ratio' },
  'redis.used_memory_bytes': { unit: 'B', label: 'Memory used' },
  'redis.maxmemory_bytes': { unit: 'B', label: 'Max memory' },
  'redis.memory_pct': { unit: '%', label: 'Memory used of maxmemory' },
  'redis.evictions_ps': { unit: '/s', label: 'Evictions' },
  'redis.clients_connected': { unit: '', label: 'Clients' },
  'redis.clients_blocked': { unit: '', label: 'Blocked clients' },
  'redis.rejected_ps': { unit: '/s', label: 'Rejected connections' },
  'redis.repl_lag_bytes': { unit: 'B', label: 'Replica offset lag' },
  'redis.persistence_ok': { unit: '', label: 'Last save ok (1) or failed (0)' },
  'redis.ping_ms': { unit: 'ms', label: 'PING latency' },
  'redis.slowlog_new': { unit: '', label: 'New SLOWLOG entries' },
  // Every kind
  'svc.poll_ms': { unit: 'ms', label: 'Poll time' },
  'svc.up': { unit: '', label: 'Reachable (1) or not (0)' },
} as const;
export type ServiceMetricName = keyof typeof SERVICE_METRICS;
