// A Redis reading from two snapshots: gauges from the current one, rates and the hit ratio over
// the interval, SLOWLOG entries new since the last poll. A restart (run_id changed, a counter went
// down) gives null rates for that interval, never negative ones.
import type { ServiceAdvice, ServiceReading } from '../../../../shared/services';
import { delta, rate } from '../clientProblems';
import type { DeriveContext, Derived } from '../types';
import type { RedisSlowEntry, RedisSnapshot } from './parse';

/** New SLOWLOG entries listed per poll, the slowest first (the count covers all of them). */
const SLOW_LISTED = 10;

function slowest(list: RedisSlowEntry[]): RedisSlowEntry[] {
  return [...list].sort((a, b) => b.micros - a.micros || b.id - a.id).slice(0, SLOW_LISTED);
}

function sameRun(prev: RedisSnapshot | null, cur: RedisSnapshot): prev is RedisSnapshot {
  return prev !== null && prev.runId === cur.runId;
}

function newestSlowId(s: RedisSnapshot): number | null {
  return s.slowlog?.[0]?.id ?? null;
}

/** Entries new since prev, and how many there were (ids are sequential, so beyond the fetched ones too). */
function newSlow(
  prev: RedisSnapshot | null,
  cur: RedisSnapshot,
): { count: number | null; list: RedisSlowEntry[] } {
  if (!cur.slowlog || prev === null) return { count: null, list: [] };
  if (!sameRun(prev, cur)) return { count: cur.slowlog.length, list: cur.slowlog };
  const before = newestSlowId(prev);
  const now = newestSlowId(cur);
  if (before === null)
    return prev.slowlog ? { count: cur.slowlog.length, list: cur.slowlog } : { count: null, list: [] };
  const list = cur.slowlog.filter((e) => e.id > before);
  return { count: now !== null && now >= before ? Math.max(now - before, list.length) : list.length, list };
}

/** A hostile timestamp (NaN, out of range) must not throw out of derive. */
function isoOrUnknown(sec: number): string {
  const d = new Date(sec * 1000);
  return Number.isFinite(d.getTime()) ? d.toISOString() : 'an unknown time';
}

function slowAdvice(e: RedisSlowEntry): ServiceAdvice {
  const ms = e.micros / 1000;
  return {
    kind: 'slowlog',
    subject: (e.args[0] ?? '?').toUpperCase(),
    message: `${(e.args[0] ?? '?').toUpperCase()} took ${ms >= 10 ? ms.toFixed(0) : ms.toFixed(2)} ms`,
    evidence: `SLOWLOG #${e.id} at ${isoOrUnknown(e.ts)} from ${e.client || '?'}: ${e.args.join(' ')}`,
  };
}

function persistence(cur: RedisSnapshot): { ok: number | null; advice: ServiceAdvice[] } {
  if (cur.rdbStatus === null && cur.aofWriteStatus === null) return { ok: null, advice: [] };
  const bad: string[] = [];
  if (cur.rdbStatus !== null && cur.rdbStatus !== 'ok') bad.push(`rdb_last_bgsave_status:${cur.rdbStatus}`);
  if (cur.aofEnabled && cur.aofWriteStatus !== null && cur.aofWriteStatus !== 'ok')
    bad.push(`aof_last_write_status:${cur.aofWriteStatus}`);
  if (cur.aofEnabled && cur.aofRewriteStatus !== null && cur.aofRewriteStatus !== 'ok')
    bad.push(`aof_last_bgrewrite_status:${cur.aofRewriteStatus}`);
  if (bad.length === 0) return { ok: 1, advice: [] };
  return {
    ok: 0,
    advice: [
      {
        kind: 'persistence',
        subject: 'persistence',
        message:
          'The last save to disk failed: a restart would lose the writes since the last good one. Check the disk space and the Redis log.',
        evidence: bad.join(', '),
      },
    ],
  };
}

export function deriveRedis(prev: RedisSnapshot | null, cur: RedisSnapshot, ctx: DeriveContext): Derived {
  const p = sameRun(prev, cur) ? prev : null;
  const ms = ctx.elapsedMs;
  const dHits = delta(p?.hits, cur.hits);
  const dMisses = delta(p?.misses, cur.misses);
  const lookups = dHits !== null && dMisses !== null ? dHits + dMisses : 0;
  const maxmem = cur.maxmemory !== null && cur.maxmemory > 0 ? cur.maxmemory : null;
  const notes: string[] = [];
  if (cur.maxmemory === 0)
    notes.push(
      'No maxmemory set: Redis can grow until the OS kills it. Set maxmemory and an eviction policy.',
    );
  if (cur.slowlogNote) notes.push(cur.slowlogNote);
  if (cur.role === 'slave' && cur.masterLinkStatus !== 'up')
    notes.push(`This replica's link to its master is ${cur.masterLinkStatus ?? 'unknown'}.`);

  const labelled: [string, string, number][] = [];
  if (cur.masterReplOffset !== null)
    for (const r of cur.replicas)
      if (r.offset !== null)
        labelled.push(['redis.repl_lag_bytes', r.name, Math.max(0, cur.masterReplOffset - r.offset)]);
  const lags = labelled.map((l) => l[2]);

  const slow = newSlow(prev, cur);
  const saved = persistence(cur);
  const reading: ServiceReading = {
    serviceId: ctx.serviceId,
    ts: ctx.ts,
    pollMs: ctx.pollMs,
    metrics: {
      // Greenboard's own poll adds about ten commands (HELLO, INFO, the PINGs, SLOWLOG) per interval.
      'redis.ops_ps': rate(p?.commands, cur.commands, ms),
      'redis.hit_pct': lookups > 0 && dHits !== null ? (dHits / lookups) * 100 : null,
      'redis.used_memory_bytes': cur.usedMemory,
      'redis.maxmemory_bytes': maxmem,
      'redis.memory_pct': maxmem !== null && cur.usedMemory !== null ? (cur.usedMemory / maxmem) * 100 : null,
      'redis.evictions_ps': rate(p?.evicted, cur.evicted, ms),
      'redis.clients_connected': cur.clientsConnected,
      'redis.clients_blocked': cur.clientsBlocked,
      'redis.rejected_ps': rate(p?.rejected, cur.rejected, ms),
      'redis.repl_lag_bytes': lags.length > 0 ? Math.max(...lags) : null,
      'redis.persistence_ok': saved.ok,
      'redis.ping_ms': cur.pingMs,
      'redis.slowlog_new': slow.count,
      'svc.poll_ms': ctx.pollMs,
      'svc.up': 1,
    },
    labelled,
    sessions: [],
    advice: [...saved.advice, ...slowest(slow.list).map(slowAdvice)],
    topQueries: [],
    notes,
  };
  return { reading, texts: new Map() };
}
