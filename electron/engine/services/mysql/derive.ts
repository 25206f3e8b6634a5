// A MySQL/MariaDB reading from two snapshots: gauges from the current one, rates and the buffer
// pool hit ratio over the interval, and the interval's top statement digests (deltas of
// performance_schema's counters). A restart (uptime went down) gives null rates and no top list.
import type { ServiceReading, TopQuery } from '../../../../shared/services';
import { delta, rate } from '../clientProblems';
import type { DeriveContext, Derived } from '../types';
import type { MysqlDigest, MysqlSnapshot } from './parse';

const TOP = 20;
const PS_PER_MS = 1e9;

function sameRun(prev: MysqlSnapshot | null, cur: MysqlSnapshot): prev is MysqlSnapshot {
  if (prev === null) return false;
  return prev.uptimeSec === null || cur.uptimeSec === null || cur.uptimeSec >= prev.uptimeSec;
}

/** Top digests of the interval; one first seen now counts from zero (prev exists, so it ran in between). */
function topOf(prev: MysqlDigest[] | null, cur: MysqlDigest[] | null): TopQuery[] {
  if (!prev || !cur) return [];
  const before = new Map(prev.map((d) => [d.id, d]));
  const out: TopQuery[] = [];
  for (const d of cur) {
    const b = before.get(d.id);
    const calls = d.calls - (b?.calls ?? 0);
    const ps = d.ps - (b?.ps ?? 0);
    // A count that went down: the table was truncated mid-interval; this interval is unknowable.
    if (calls <= 0 || ps < 0) continue;
    const totalMs = ps / PS_PER_MS;
    out.push({
      queryId: d.id,
      calls,
      totalMs,
      meanMs: totalMs / calls,
      rows: Math.max(0, d.rowsSent - (b?.rowsSent ?? 0)),
      blocks: Math.max(0, d.rowsExamined - (b?.rowsExamined ?? 0)),
    });
  }
  return out.sort((a, b) => b.totalMs - a.totalMs).slice(0, TOP);
}

function notesOf(cur: MysqlSnapshot): string[] {
  const notes: string[] = [];
  if (cur.performanceSchema === false)
    notes.push(
      'performance_schema is off, so there are no top statements: add "performance_schema = ON" under [mysqld] in the server config and restart (it cannot be turned on while running).',
    );
  for (const r of cur.replicas)
    if (r.lagSec === null)
      notes.push(
        `Replication from ${r.name} is not running (IO ${r.io || '?'}, SQL ${r.sql || '?'})${r.lastError ? `: ${r.lastError}` : ''}.`,
      );
  // SHOW REPLICA STATUS is asked for old servers' sake; their syntax error is expected.
  // MySQL 8 has no information_schema lock views (the lock section fails there alone).
  for (const e of cur.errors)
    if (!/near 'REPLICA|INNODB_LOCK_WAITS|INNODB_TRX/i.test(e))
      notes.push(`The server refused part of the poll: ${e}`);
  return notes;
}

export function deriveMysql(prev: MysqlSnapshot | null, cur: MysqlSnapshot, ctx: DeriveContext): Derived {
  const p = sameRun(prev, cur) ? prev : null;
  const ms = ctx.elapsedMs;
  const dReq = delta(p?.bpReadRequests, cur.bpReadRequests);
  const dReads = delta(p?.bpReads, cur.bpReads);
  const labelled: [string, string, number][] = cur.replicas.flatMap((r) =>
    r.lagSec === null ? [] : [['mysql.replication_lag_sec', r.name, r.lagSec] as [string, string, number]],
  );
  const lags = labelled.map((l) => l[2]);
  const maxConn = cur.maxConnections !== null && cur.maxConnections > 0 ? cur.maxConnections : null;
  const texts = new Map(cur.texts);
  const reading: ServiceReading = {
    serviceId: ctx.serviceId,
    ts: ctx.ts,
    pollMs: ctx.pollMs,
    metrics: {
      // The poll's own connection is one of these, and its dozen statements are in the queries.
      'mysql.threads_connected': cur.threadsConnected,
      'mysql.threads_running': cur.threadsRunning,
      'mysql.max_connections': cur.maxConnections,
      'mysql.connections_pct':
        maxConn !== null && cur.threadsConnected !== null ? (cur.threadsConnected / maxConn) * 100 : null,
      'mysql.qps': rate(p?.questions, cur.questions, ms),
      'mysql.slow_queries_ps': rate(p?.slowQueries, cur.slowQueries, ms),
      'mysql.buffer_pool_hit_pct':
        dReq !== null && dReads !== null && dReq > 0 ? Math.max(0, (1 - dReads / dReq) * 100) : null,
      'mysql.replication_lag_sec': lags.length > 0 ? Math.max(...lags) : null,
      'mysql.oldest_query_sec': cur.oldestSec,
      'svc.poll_ms': ctx.pollMs,
      'svc.up': 1,
    },
    labelled,
    sessions: cur.sessions,
    advice: [],
    topQueries: topOf(p?.digests ?? null, cur.digests),
    notes: notesOf(cur),
  };
  return { reading, texts };
}
