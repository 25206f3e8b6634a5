// A reading from two PostgreSQL snapshots: gauges from the current one, rates and top-query
// deltas over the interval. A counter that went backwards (a restart, a stats reset) gives no
// rate for that interval, never a negative one; the first poll has gauges only.
import type { ServiceAdvice, ServiceReading, TopQuery } from '../../../../shared/services';
import type { DeriveContext, Derived } from '../types';
import type { PgSnapshot, PgStatement, PgTable } from './pgParse';

const TOP_N = 20;
/** Dead tuples worth a word: this many and this share of the live ones. */
const DEAD_MIN = 10_000;
const DEAD_SHARE = 0.2;

/** Compact counts for sentences: 1,204 / 48M / 120k. */
export function humanCount(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${+(n / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (a >= 1e5) return `${Math.round(n / 1e3)}k`;
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function humanBytes(b: number): string {
  if (b >= 1024 ** 3) return `${+(b / 1024 ** 3).toFixed(1)} GB`;
  if (b >= 1024 ** 2) return `${+(b / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.round(b / 1024)} kB`;
}

function humanAge(sec: number): string {
  if (sec >= 86_400) return `${Math.round(sec / 86_400)} days`;
  if (sec >= 3_600) return `${Math.round(sec / 3_600)} hours`;
  return `${Math.round(sec / 60)} minutes`;
}

/** Per-second rate of a counter, or null on a reset (went backwards) or a zero interval. */
function rate(prev: number | undefined, cur: number | undefined, sec: number): number | null {
  if (prev === undefined || cur === undefined || sec <= 0) return null;
  const d = cur - prev;
  return d >= 0 && Number.isFinite(d) ? d / sec : null;
}

function advice(cur: PgSnapshot): ServiceAdvice[] {
  const out: ServiceAdvice[] = [];
  for (const t of cur.tables) out.push(...tableAdvice(t));
  for (const ix of cur.unusedIndexes) {
    out.push({
      kind: 'unused-index',
      subject: ix.index,
      message: `${ix.index} on ${ix.table} has never been used since statistics were reset: dropping it saves ${humanBytes(ix.bytes)} and write time`,
      evidence: `0 index scans, ${humanBytes(ix.bytes)}, not unique, not a primary key`,
    });
  }
  return out;
}

function tableAdvice(t: PgTable): ServiceAdvice[] {
  const out: ServiceAdvice[] = [];
  // Heavy: read whole ten times over, and most rows it gave came from sequential scans, not indexes.
  if (t.seqScan >= 10 && t.seqTupRead >= 10 * Math.max(t.live, 1) && t.seqTupRead > t.idxTupFetch) {
    out.push({
      kind: 'seq-scan',
      subject: t.name,
      message: `${t.name}: ${humanCount(t.seqScan)} sequential scans read ${humanCount(t.seqTupRead)} rows, ${humanCount(t.idxScan)} index scans: an index on the filtered columns may help`,
      evidence: `${humanBytes(t.bytes)}, ${humanCount(t.live)} live rows, seq_scan ${t.seqScan}, seq_tup_read ${t.seqTupRead}, idx_scan ${t.idxScan}, idx_tup_fetch ${t.idxTupFetch}`,
    });
  }
  if (t.dead >= DEAD_MIN && t.dead >= DEAD_SHARE * Math.max(t.live, 1)) {
    const last = t.vacuumAgeSec === null ? 'never vacuumed' : `last vacuumed ${humanAge(t.vacuumAgeSec)} ago`;
    out.push({
      kind: 'vacuum',
      subject: t.name,
      message: `${t.name}: ${humanCount(t.dead)} dead rows (${Math.round((100 * t.dead) / Math.max(t.live, 1))} % of live), ${last}: autovacuum is not keeping up`,
      evidence: `n_dead_tup ${t.dead}, n_live_tup ${t.live}, ${humanBytes(t.bytes)}`,
    });
  }
  return out;
}

function notes(cur: PgSnapshot): string[] {
  const out: string[] = [];
  if (cur.statements === null) {
    if (cur.versionNum > 0 && cur.versionNum < 130000) {
      out.push('Top queries need PostgreSQL 13 or later (pg_stat_statements on 12 has no total_exec_time).');
    } else if (!cur.extPreloaded) {
      out.push(
        `pg_stat_statements is not enabled: add pg_stat_statements to shared_preload_libraries, restart, then CREATE EXTENSION pg_stat_statements in ${cur.database}.`,
      );
    } else if (!cur.extInstalled) {
      out.push(
        `pg_stat_statements is preloaded but not created in ${cur.database}: run CREATE EXTENSION pg_stat_statements in ${cur.database}.`,
      );
    } else {
      out.push(
        `pg_stat_statements could not be read${cur.statementsError ? `: ${cur.statementsError}` : ''}.`,
      );
    }
  }
  if (cur.truncated) out.push('The answer was cut at the output limit: some sections may be missing.');
  return out;
}

function topQueries(prev: PgSnapshot | null, cur: PgSnapshot): TopQuery[] {
  // The first poll (or the first with the extension) has no interval: no deltas yet.
  if (!prev?.statements || !cur.statements) return [];
  const zero: PgStatement = { calls: 0, totalMs: 0, rows: 0, blocks: 0 };
  const out: TopQuery[] = [];
  for (const [queryId, c] of cur.statements) {
    const p = prev.statements.get(queryId) ?? zero;
    const calls = c.calls - p.calls;
    const totalMs = c.totalMs - p.totalMs;
    // Reset or evicted and back: this interval's share is unknown, so it is left out.
    if (calls <= 0 || totalMs < 0 || c.rows < p.rows || c.blocks < p.blocks) continue;
    out.push({
      queryId,
      calls,
      totalMs,
      meanMs: totalMs / calls,
      rows: c.rows - p.rows,
      blocks: c.blocks - p.blocks,
    });
  }
  out.sort((a, b) => b.totalMs - a.totalMs);
  return out.slice(0, TOP_N);
}

/** The reading of one poll against the one before (null on the first). */
export function derivePg(prev: PgSnapshot | null, cur: PgSnapshot, ctx: DeriveContext): Derived {
  const sec = ctx.elapsedMs / 1000;
  const conn = Object.values(cur.conn).reduce((a, b) => a + b, 0);
  const p = prev?.db;
  const c = cur.db;
  const commits = rate(p?.commits, c?.commits, sec);
  const rollbacks = rate(p?.rollbacks, c?.rollbacks, sec);
  const dHit = rate(p?.blksHit, c?.blksHit, sec);
  const dRead = rate(p?.blksRead, c?.blksRead, sec);
  const lagBytes = cur.replicas.map((r) => r.lagBytes).filter((v): v is number => v !== null);
  const lagSec = cur.replicas.map((r) => r.lagSec).filter((v): v is number => v !== null);
  const metrics: Record<string, number | null> = {
    'pg.connections': conn,
    'pg.max_connections': cur.maxConnections,
    'pg.connections_pct': cur.maxConnections > 0 ? (100 * conn) / cur.maxConnections : null,
    'pg.conn_active': cur.conn.active ?? 0,
    'pg.conn_idle': cur.conn.idle ?? 0,
    'pg.conn_idle_in_tx':
      (cur.conn['idle in transaction'] ?? 0) + (cur.conn['idle in transaction (aborted)'] ?? 0),
    'pg.tps': commits !== null && rollbacks !== null ? commits + rollbacks : null,
    'pg.rollbacks_ps': rollbacks,
    'pg.cache_hit_pct':
      dHit !== null && dRead !== null && dHit + dRead > 0 ? (100 * dHit) / (dHit + dRead) : null,
    'pg.deadlocks_ps': rate(p?.deadlocks, c?.deadlocks, sec),
    'pg.temp_bytes_ps': rate(p?.tempBytes, c?.tempBytes, sec),
    'pg.replication_lag_bytes': lagBytes.length > 0 ? Math.max(...lagBytes) : null,
    'pg.replication_lag_sec': lagSec.length > 0 ? Math.max(...lagSec) : null,
    'pg.long_running': cur.sessions.filter((s) => s.long).length,
    'pg.oldest_query_sec': cur.oldestQuerySec,
    'pg.blocked': cur.sessions.filter((s) => s.blockedBy.length > 0).length,
    'pg.statements': cur.statements ? cur.statements.size : null,
    'svc.poll_ms': ctx.pollMs,
    'svc.up': 1,
  };
  const labelled: ServiceReading['labelled'] = [];
  for (const r of cur.replicas) {
    if (r.lagBytes !== null) labelled.push(['pg.replication_lag_bytes', `replica=${r.name}`, r.lagBytes]);
    if (r.lagSec !== null) labelled.push(['pg.replication_lag_sec', `replica=${r.name}`, r.lagSec]);
  }
  for (const t of cur.tables) {
    labelled.push(['pg.table_dead_tuples', `table=${t.name}`, t.dead]);
    if (t.vacuumAgeSec !== null)
      labelled.push(['pg.table_vacuum_age_sec', `table=${t.name}`, t.vacuumAgeSec]);
    if (t.xidAge !== null) labelled.push(['pg.table_xid_age', `table=${t.name}`, t.xidAge]);
  }
  const reading: ServiceReading = {
    serviceId: ctx.serviceId,
    ts: ctx.ts,
    pollMs: ctx.pollMs,
    metrics,
    labelled,
    sessions: cur.sessions.map(({ long: _long, ...s }) => s),
    advice: advice(cur),
    topQueries: topQueries(prev, cur),
    notes: notes(cur),
  };
  return { reading, texts: cur.texts, client: cur.client };
}
