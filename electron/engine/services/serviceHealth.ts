import { formatBytes } from '../../../shared/format';
import type { ServiceConfig, ServiceReading, ServiceState } from '../../../shared/services';

export type ServiceJudge = (config: ServiceConfig, state: ServiceState) => ServiceState['health'];

/** "db-1 postgres": how a service is named in a reason, an alert and a notification. */
export function serviceName(config: ServiceConfig): string {
  const port = config.id.endsWith(`/${config.kind}`) ? '' : `:${config.port}`;
  return `${config.hostId} ${config.kind}${port}`;
}

const pct = (x: number): string => `${Math.round(x)} %`;

/**
 * A service's signals as a person reads them, each with the value the default rules judge:
 * connections against the maximum (with who holds them), replication lag, the cache hit
 * ratio, the longest running query and evictions. Null where the reading has no such value.
 */
export function serviceSignals(r: ServiceReading): { id: string; value: number; words: string }[] {
  const m = r.metrics;
  const out: { id: string; value: number; words: string }[] = [];
  const conn = m['pg.connections'] ?? m['mysql.threads_connected'];
  const max = m['pg.max_connections'] ?? m['mysql.max_connections'];
  if (conn != null && max != null && max > 0) {
    const idleTx = m['pg.conn_idle_in_tx'];
    const extra = idleTx ? `, ${idleTx} idle in transaction` : '';
    out.push({
      id: 'connections',
      value: (conn / max) * 100,
      words: `${conn} of ${max} connections (${pct((conn / max) * 100)})${extra}`,
    });
  }
  const lag = m['pg.replication_lag_sec'] ?? m['mysql.replication_lag_sec'];
  if (lag != null)
    out.push({ id: 'replicationLag', value: lag, words: `replication ${Math.round(lag)} s behind` });
  const hit = m['pg.cache_hit_pct'] ?? m['mysql.buffer_pool_hit_pct'] ?? m['redis.hit_pct'];
  if (hit != null) out.push({ id: 'cacheHit', value: hit, words: `cache hit ratio ${pct(hit)}` });
  const oldest = m['pg.oldest_query_sec'] ?? m['mysql.oldest_query_sec'];
  if (oldest != null) {
    const who = r.sessions.find((s) => s.runningSec >= oldest - 1);
    const by = who ? ` (pid ${who.pid}, ${who.user})` : '';
    out.push({
      id: 'longQuery',
      value: oldest,
      words: `a query running ${Math.round(oldest / 60)} min${by}`,
    });
  }
  const ev = m['redis.evictions_ps'];
  if (ev != null) out.push({ id: 'evictions', value: ev, words: `${ev.toFixed(1)} evictions/s` });
  const mem = m['redis.memory_pct'];
  if (mem != null && m['redis.used_memory_bytes'] != null)
    out.push({
      id: 'memory',
      value: mem,
      words: `${formatBytes(m['redis.used_memory_bytes'])} of maxmemory (${pct(mem)})`,
    });
  return out;
}

/** The levels a service is judged by unless the rules say otherwise (the defaults). */
export const SERVICE_LEVELS = {
  connections: { warn: 80, critical: 95, higherIsWorse: true },
  replicationLag: { warn: 30, critical: 300, higherIsWorse: true },
  cacheHit: { warn: 90, critical: 80, higherIsWorse: false },
  longQuery: { warn: 300, critical: 1800, higherIsWorse: true },
  evictions: { warn: 1, critical: 100, higherIsWorse: true },
  memory: { warn: 90, critical: 98, higherIsWorse: true },
} as const;

/**
 * A service's health from its last poll: red when it cannot be read, else the worst of its
 * signals against SERVICE_LEVELS, each reason in words ("db-1 postgres: 182 of 200 connections
 * (91 %), 40 idle in transaction").
 */
export function judgeService(config: ServiceConfig, state: ServiceState): ServiceState['health'] {
  const name = serviceName(config);
  if (state.status === 'pending') return { state: 'unknown', reasons: [] };
  if (state.status === 'failed')
    return { state: 'red', reasons: [`${name}: ${state.message ?? 'not reachable'}`] };
  if (!state.latest) return { state: 'unknown', reasons: [] };
  let level: 'green' | 'amber' | 'red' = 'green';
  const reasons: string[] = [];
  for (const s of serviceSignals(state.latest)) {
    const l = SERVICE_LEVELS[s.id as keyof typeof SERVICE_LEVELS];
    if (!l) continue;
    const over = (t: number): boolean => (l.higherIsWorse ? s.value >= t : s.value < t);
    const here = over(l.critical) ? 'red' : over(l.warn) ? 'amber' : 'green';
    if (here === 'green') continue;
    reasons.push(`${name}: ${s.words}`);
    if (here === 'red' || level === 'green') level = here;
  }
  return { state: level, reasons };
}
