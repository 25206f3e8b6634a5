import { SERVICE_METRICS, type ServiceKind, type ServiceMetricName } from '../../../shared/services';
import type { ChartDef, ChartLine } from '../hosts/charts/hostCharts';
import type { ChartUnit } from '../charts/chartUnits';

const PALETTE = ['--series-1', '--series-2', '--series-3', '--series-4'];

function line(metric: ServiceMetricName, i: number): ChartLine {
  return {
    key: metric,
    label: SERVICE_METRICS[metric].label,
    color: PALETTE[i % PALETTE.length]!,
    refs: [{ metric, labels: '' }],
    combine: 'one',
    // A service's charts always read the store (services:range): there is no live sample to draw.
    live: () => null,
  };
}

function chart(id: string, title: string, unit: ChartUnit, metrics: ServiceMetricName[]): ChartDef {
  return { id, title, unit, fullScale: unit === 'pct', lines: metrics.map(line) };
}

/**
 * A service's charts per kind, in reading order: the numbers the health rules judge (connections
 * against the maximum, hit ratios, memory) first, then throughput, then the poll's own cost.
 * Declarative like the host's (hostCharts.ts), drawn by the same chart component.
 */
export function serviceChartDefs(kind: ServiceKind): ChartDef[] {
  const poll = chart('poll', 'Poll time', 'ms', ['svc.poll_ms']);
  switch (kind) {
    case 'postgres':
      return [
        chart('conns', 'Connections', 'count', [
          'pg.conn_active',
          'pg.conn_idle',
          'pg.conn_idle_in_tx',
          'pg.max_connections',
        ]),
        chart('tps', 'Transactions', 'perSec', ['pg.tps', 'pg.rollbacks_ps', 'pg.deadlocks_ps']),
        chart('hit', 'Cache hit ratio', 'pct', ['pg.cache_hit_pct']),
        chart('lag', 'Replication lag', 'bytes', ['pg.replication_lag_bytes']),
        chart('temp', 'Temp files written', 'bytesPerSec', ['pg.temp_bytes_ps']),
        chart('blocked', 'Long-running and blocked', 'count', ['pg.long_running', 'pg.blocked']),
        poll,
      ];
    case 'mysql':
      return [
        chart('conns', 'Threads', 'count', [
          'mysql.threads_connected',
          'mysql.threads_running',
          'mysql.max_connections',
        ]),
        chart('qps', 'Queries', 'perSec', ['mysql.qps', 'mysql.slow_queries_ps']),
        chart('hit', 'InnoDB buffer pool hit ratio', 'pct', ['mysql.buffer_pool_hit_pct']),
        poll,
      ];
    case 'redis':
      return [
        chart('ops', 'Operations', 'perSec', ['redis.ops_ps', 'redis.evictions_ps', 'redis.rejected_ps']),
        chart('hit', 'Hit ratio', 'pct', ['redis.hit_pct']),
        chart('mem', 'Memory', 'bytes', ['redis.used_memory_bytes', 'redis.maxmemory_bytes']),
        chart('clients', 'Clients', 'count', ['redis.clients_connected', 'redis.clients_blocked']),
        chart('ping', 'Latency', 'ms', ['redis.ping_ms', 'svc.poll_ms']),
      ];
  }
}
