import type Database from 'better-sqlite3';
import type { ProbeStatus } from '../../shared/probes';
import type { PastBoard } from '../../shared/timeTravel';
import type { EngineContext } from './core/context';
import { ProbeState, RECENT_RUNS, sortStatuses } from './probes/probeState';
import { ProbeStore } from './probes/probeStore';

/** What this part of the engine uses of it. */
type Deps = Pick<EngineContext, 'hosts' | 'store'>;

/**
 * Each probe as it was at `at`, judged on its stored runs up to then exactly as it is live
 * (same window, same rules); a probe added after `at` is absent.
 */
export function probesAt(engine: Deps, at: number): ProbeStatus[] {
  const db = engine.store.db;
  const store = new ProbeStore(db);
  const created = new Map(
    db
      .prepare<[], { id: string; created_ts: number }>('SELECT id, created_ts FROM probes')
      .all()
      .map((r) => [r.id, r.created_ts]),
  );
  const name = (id: string): string => engine.hosts.list().find((h) => h.host.id === id)?.host.name ?? id;
  const list: ProbeStatus[] = [];
  for (const def of store.defs()) {
    const q = { to: at, source: 'local' as const };
    const recent = store.results(def.id, { ...q, limit: RECENT_RUNS });
    // A probe exists from when it was saved (or its first run, in a file that says otherwise).
    const since = Math.min(created.get(def.id) ?? Infinity, recent[0]?.ts ?? Infinity);
    if (!(since <= at)) continue;
    const window = store.results(def.id, { ...q, from: at - def.slo.windowMs, limit: 10_000 });
    const state = new ProbeState(
      def,
      {
        window: window.length > 0 ? window : recent.slice(-1),
        recent,
        lastRemote: store.results(def.id, { to: at, source: 'remote', limit: 1 })[0] ?? null,
      },
      at,
      name,
    );
    list.push(state.status());
  }
  return sortStatuses(list);
}

/** The incidents declared by `at` and not resolved by then. */
export function incidentsOpenAt(db: Database.Database, at: number): PastBoard['incidents'] {
  return db
    .prepare<[number, number], { id: string; title: string | null }>(
      `SELECT id, json_extract(doc, '$.title') AS title FROM incidents
       WHERE declared_at <= ? AND (resolved_at IS NULL OR resolved_at > ?) AND json_valid(doc)
       ORDER BY seq`,
    )
    .all(at, at)
    .map((r) => ({ id: r.id, title: typeof r.title === 'string' ? r.title : r.id }));
}
