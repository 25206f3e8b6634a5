import type { QueryCompareRow, QueryTotalsView } from '../../../shared/serviceMethods';
import type { Slice } from '../core/slices';
import type { QueryTotals } from '../store/serviceStore';
import { suggestServices } from './suggest';
import type { ServiceWatch } from './serviceWatch';

const view = (t: QueryTotals): QueryTotalsView => ({
  ...t,
  meanMs: t.calls > 0 ? t.totalMs / t.calls : null,
});

/** Change from a to b in percent; null when there is nothing to compare against. */
function change(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || a === 0) return null;
  return ((b - a) / a) * 100;
}

/**
 * Top statements over a range, or each statement in two ranges side by side ("before" is
 * `compare`, "after" is `range`), most total time (after) first.
 */
export function compareTopQueries(
  after: readonly QueryTotals[],
  before: readonly QueryTotals[] | null,
  limit: number,
): QueryCompareRow[] {
  const b = new Map((before ?? []).map((t) => [t.queryId, view(t)]));
  const rows: QueryCompareRow[] = after.map((t) => {
    const a = view(t);
    const was = b.get(t.queryId) ?? null;
    b.delete(t.queryId);
    return {
      queryId: t.queryId,
      text: t.text ?? was?.text ?? null,
      before: was,
      after: a,
      meanChangePct: change(was?.meanMs, a.meanMs),
      callsChangePct: change(was?.calls, a.calls),
      rowsChangePct: change(was?.rows, a.rows),
    };
  });
  // Statements that ran before and not at all after (the ones an index or a cache removed).
  if (before) {
    for (const was of b.values())
      rows.push({
        queryId: was.queryId,
        text: was.text,
        before: was,
        after: null,
        meanChangePct: null,
        callsChangePct: -100,
        rowsChangePct: null,
      });
  }
  return rows.slice(0, limit);
}

export function serviceHandlers(watch: ServiceWatch): Slice<'services'> {
  return {
    'services:list': ({ hostId }) => watch.list(hostId),
    'services:add': (input) => watch.add(input),
    'services:remove': ({ serviceId }) => watch.remove(serviceId),
    'services:poll': ({ serviceId, windowMs }) => watch.pollNow(serviceId, windowMs),
    'services:secret': ({ serviceId, secret }) => watch.setSecret(serviceId, secret),
    'services:suggest': ({ hostId }) => suggestServices(watch, hostId),
    'services:topQueries': ({ serviceId, range, compare, limit }) => {
      const w = watch.get(serviceId);
      const after = watch.store.totals(serviceId, range.fromTs, range.toTs, limit * 2);
      const before = compare ? watch.store.totals(serviceId, compare.fromTs, compare.toTs, limit * 2) : null;
      const note = w.state.latest?.notes.find((n) => /pg_stat_statements|performance_schema/.test(n)) ?? null;
      return { rows: compareTopQueries(after, before, limit), note };
    },
    'services:range': ({ serviceId, series, from, to, maxPoints }) => {
      watch.get(serviceId);
      return watch.range(serviceId, series, from, to, maxPoints);
    },
    'services:query': ({ serviceId, queryId, range }) => {
      watch.get(serviceId);
      return {
        text: watch.store.text(serviceId, queryId),
        points: watch.store
          .series(serviceId, queryId, range.fromTs, range.toTs)
          .map((p) => ({ ts: p.ts, calls: p.calls, meanMs: p.calls > 0 ? p.totalMs / p.calls : null })),
      };
    },
  };
}
