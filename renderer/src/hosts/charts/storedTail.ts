import type { Sample } from '../../../../shared/schemas';
import { memUsedPct } from '../../../../shared/metrics';
import type { TrendPoint } from '../../../../shared/trends';
import type { ChartColumns } from './chartData';

/** A card's sparkline values, oldest first. */
export interface TrendValues {
  cpu: (number | null)[];
  mem: (number | null)[];
}

/**
 * The last `slots` polls of a host for its sparklines: the stored tail read when the page opened
 * with the samples received since, one value per poll in time order. Both lists are oldest
 * first; a poll in both (the board's latest sample is also the tail's newest) counts once, as
 * received; a stored poll between live ones (missed while the connection was down) fills the gap.
 */
export function mergeTrend(
  stored: readonly TrendPoint[],
  live: readonly Sample[],
  slots: number,
): TrendValues {
  const cpu: (number | null)[] = [];
  const mem: (number | null)[] = [];
  let i = stored.length - 1;
  let j = live.length - 1;
  // From the newest back, so only what is shown is looked at.
  while (cpu.length < slots && (i >= 0 || j >= 0)) {
    const s = i >= 0 ? stored[i]! : null;
    const l = j >= 0 ? live[j]! : null;
    if (l && (!s || l.ts >= s[0])) {
      if (s && s[0] === l.ts) i--;
      j--;
      cpu.push(l.cpu.busyPct);
      mem.push(memUsedPct(l));
    } else if (s) {
      i--;
      cpu.push(s[1]);
      mem.push(s[2]);
    }
  }
  return { cpu: cpu.reverse(), mem: mem.reverse() };
}

/**
 * A live chart's columns: the stored buckets that end before the first sample received, then
 * the samples, cut to the last `windowMs`. A stored bucket starts at or before the poll it holds
 * (its time is the bucket's start), so one that ends after the first live sample may hold that
 * very poll: it is dropped rather than drawn twice or out of order.
 */
export function withStoredTail(
  stored: ChartColumns | null,
  bucketMs: number,
  live: ChartColumns,
  windowMs: number,
): ChartColumns {
  const firstLive = live.ts[0];
  const keep =
    stored === null
      ? 0
      : firstLive === undefined
        ? stored.ts.length
        : countWhile(stored.ts, (t) => t + bucketMs / 1000 <= firstLive);
  const newest = live.ts.at(-1) ?? (keep > 0 ? stored!.ts[keep - 1]! : undefined);
  const from = newest === undefined ? -Infinity : newest - windowMs / 1000;
  const start = stored === null ? 0 : countWhile(stored.ts.slice(0, keep), (t) => t < from);
  const liveStart = countWhile(live.ts, (t) => t < from);
  const join = <T>(a: readonly T[] | undefined, b: readonly T[]): T[] => [
    ...(a ?? []).slice(start, keep),
    ...b.slice(liveStart),
  ];
  return {
    ts: join(stored?.ts, live.ts),
    mean: live.mean.map((col, k) => join(stored?.mean[k], col)),
    min: live.min.map((col, k) => join(stored?.min[k], col)),
    max: live.max.map((col, k) => join(stored?.max[k], col)),
  };
}

/** How many leading items pass `test` (the lists are in time order). */
function countWhile(xs: readonly number[], test: (x: number) => boolean): number {
  let n = 0;
  while (n < xs.length && test(xs[n]!)) n++;
  return n;
}
