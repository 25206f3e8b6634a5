import type { Incident } from '../../../shared/incidents';
import type { EngineContext } from '../core/context';
import type { MetricTable } from './postmortem';

/** What this part of the engine uses of it. */
type Deps = Pick<EngineContext, 'log' | 'store' | 'writer'>;

const MIN = 60_000;
/** Enough rows to see the shape around an incident, few enough to read in a document. */
const ROWS = 24;
/** Disks beyond this many make the table too wide to read; the fullest come first. */
const MAX_DISKS = 3;

/**
 * The affected hosts' key metrics (CPU, memory, disk use) from 30 min before the declaration
 * to 15 min after the resolution (or now), as tables for the postmortem.
 */
export function metricTables(engine: Deps, inc: Incident, now: number): MetricTable[] {
  engine.writer?.flush();
  const from = inc.declaredAt - 30 * MIN;
  const to = (inc.resolvedAt ?? now) + 15 * MIN;
  return inc.hostIds.map((hostId) => {
    const snap = inc.snapshot.find((s) => s.hostId === hostId);
    const mounts = [...(snap?.disks ?? [])]
      .sort((a, b) => b.usedPct - a.usedPct)
      .slice(0, MAX_DISKS)
      .map((d) => d.mount);
    const columns = ['CPU busy %', 'Memory used %', ...mounts.map((m) => `Disk ${m} used %`)];
    const series = [
      { metric: 'cpu.busy_pct', labels: '' },
      { metric: 'mem.used_pct', labels: '' },
      ...mounts.map((m) => ({ metric: 'disk.used_pct', labels: `mount=${m}` })),
    ];
    const byTs = new Map<number, (number | null)[]>();
    try {
      const r = engine.store.range(hostId, series, from, to, ROWS);
      r.series.forEach((points, i) => {
        for (const [ts, mean] of points) {
          const row = byTs.get(ts) ?? series.map(() => null);
          row[i] = mean;
          byTs.set(ts, row);
        }
      });
    } catch (err) {
      // A host removed since: the postmortem still renders, saying there is no data.
      engine.log.warn(`No metrics for ${hostId} in the postmortem: ${(err as Error).message}`);
    }
    const rows = [...byTs.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([ts, vals]) => [ts, ...vals] as [number, ...(number | null)[]]);
    return { hostName: snap?.hostName ?? hostId, columns, rows };
  });
}
