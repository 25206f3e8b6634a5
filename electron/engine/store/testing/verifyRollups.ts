import type Database from 'better-sqlite3';
import { decodeRaw, decodeRollup } from '../codec';
import { bucketOf, TIERS } from '../rollups';
import { SeriesIndex } from '../seriesIndex';

/**
 * Test oracle: recomputes every rollup row of every tier straight from the raw rows (not from
 * the tier below) and lists each disagreement: a wrong count, min, max or sum, a row with no raw
 * data under it, or a closed bucket with raw data but no row. Empty means all rollups are right.
 * Only valid while no retention has deleted raw rows.
 */
export function rollupMismatches(db: Database.Database): string[] {
  const index = new SeriesIndex(db);
  const problems: string[] = [];
  const raw = db.prepare('SELECT host, ts, layout, vals FROM raw ORDER BY host, ts').all() as {
    host: number;
    ts: number;
    layout: number;
    vals: Buffer;
  }[];
  for (const tier of TIERS) {
    // Expected aggregates per host/bucket/layout, in quantised integers.
    const expected = new Map<string, { n: number; min: number[]; max: number[]; sum: number[] }>();
    for (const r of raw) {
      const q = decodeRaw(r.vals, index.layout(r.layout)!.metrics.length);
      const key = `${r.host}/${bucketOf(r.ts, tier.stepMs)}/${r.layout}`;
      const e = expected.get(key);
      if (!e) {
        expected.set(key, { n: 1, min: [...q], max: [...q], sum: [...q] });
        continue;
      }
      e.n++;
      q.forEach((v, i) => {
        e.min[i] = Math.min(e.min[i]!, v);
        e.max[i] = Math.max(e.max[i]!, v);
        e.sum[i] = e.sum[i]! + v;
      });
    }
    const rows = db.prepare(`SELECT host, ts, layout, n, vals FROM ${tier.table}`).all() as {
      host: number;
      ts: number;
      layout: number;
      n: number;
      vals: Buffer;
    }[];
    const lastClosed = new Map<number, number>();
    for (const r of rows) {
      lastClosed.set(r.host, Math.max(lastClosed.get(r.host) ?? -Infinity, r.ts));
      const key = `${r.host}/${r.ts}/${r.layout}`;
      const e = expected.get(key);
      if (!e) {
        problems.push(`${tier.name} ${key}: rollup row without raw rows`);
        continue;
      }
      if (e.n !== r.n) problems.push(`${tier.name} ${key}: count ${r.n}, raw has ${e.n}`);
      decodeRollup(r.vals, r.n, e.min.length).forEach((a, i) => {
        if (a.min !== e.min[i] || a.max !== e.max[i] || a.sum !== e.sum[i])
          problems.push(
            `${tier.name} ${key} series ${i}: min/max/sum ${a.min}/${a.max}/${a.sum}, raw ${e.min[i]}/${e.max[i]}/${e.sum[i]}`,
          );
      });
    }
    const have = new Set(rows.map((r) => `${r.host}/${r.ts}/${r.layout}`));
    for (const key of expected.keys()) {
      const [host, bucket] = key.split('/').map(Number) as [number, number];
      if (bucket <= (lastClosed.get(host) ?? -Infinity) && !have.has(key))
        problems.push(`${tier.name} ${key}: closed bucket has raw rows but no rollup`);
    }
  }
  return problems;
}
