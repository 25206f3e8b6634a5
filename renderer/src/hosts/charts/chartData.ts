import type { Sample } from '../../../../shared/schemas';

/** One stored series, as `metrics:range` names it. */
export interface MetricRef {
  metric: string;
  labels: string;
}

/** One bucket from `metrics:range`: start (ms), mean, min, max. */
export type RangePoint = readonly [t: number, mean: number, min: number, max: number];

/**
 * How a chart line is made from its stored series:
 * - `one`: the first series as it is;
 * - `sum`: the series added up per bucket (network over interfaces);
 * - `ratio`: the first divided by the second's mean (load per core);
 * - `ratioPct`: the same, as a percentage (swap used of swap total).
 */
export type Combine = 'one' | 'sum' | 'ratio' | 'ratioPct';

export interface LineSpec {
  refs: readonly MetricRef[];
  combine: Combine;
}

/** A chart's columns, aligned on `ts` (seconds, as uPlot wants): one mean/min/max per line. */
export interface ChartColumns {
  ts: number[];
  mean: (number | null)[][];
  min: (number | null)[][];
  max: (number | null)[][];
}

export const refKey = (r: MetricRef): string => `${r.metric}{${r.labels}}`;

type Triple = [mean: number, min: number, max: number];

function combineAt(spec: LineSpec, at: (r: MetricRef) => RangePoint | undefined): Triple | null {
  const points = spec.refs.map(at);
  const first = points[0];
  switch (spec.combine) {
    case 'one':
      return first ? [first[1], first[2], first[3]] : null;
    case 'sum': {
      // Bounds are summed too: the band then covers the worst case, which is what it is for.
      let found = false;
      const out: Triple = [0, 0, 0];
      for (const p of points) {
        if (!p) continue;
        found = true;
        out[0] += p[1];
        out[1] += p[2];
        out[2] += p[3];
      }
      return found ? out : null;
    }
    case 'ratio':
    case 'ratioPct': {
      const whole = points[1]?.[1];
      if (!first || whole == null || whole <= 0) return null;
      const k = spec.combine === 'ratioPct' ? 100 / whole : 1 / whole;
      return [first[1] * k, first[2] * k, first[3] * k];
    }
  }
}

/** Lines out of a `metrics:range` answer, keyed by {@link refKey}. */
export function rangeColumns(
  lines: readonly LineSpec[],
  byRef: ReadonlyMap<string, readonly RangePoint[]>,
): ChartColumns {
  const at = new Map<string, Map<number, RangePoint>>();
  const times = new Set<number>();
  for (const line of lines) {
    for (const r of line.refs) {
      const key = refKey(r);
      if (at.has(key)) continue;
      const points = byRef.get(key) ?? [];
      at.set(key, new Map(points.map((p) => [p[0], p])));
    }
    // Only the first series decides where a line has points; a divisor alone makes none.
    const leading = line.combine === 'sum' ? line.refs : line.refs.slice(0, 1);
    for (const r of leading) for (const p of byRef.get(refKey(r)) ?? []) times.add(p[0]);
  }
  const ts = [...times].sort((a, b) => a - b);
  const out: ChartColumns = { ts: ts.map((t) => t / 1000), mean: [], min: [], max: [] };
  for (const line of lines) {
    const triples = ts.map((t) => combineAt(line, (r) => at.get(refKey(r))?.get(t)));
    out.mean.push(triples.map((v) => v?.[0] ?? null));
    out.min.push(triples.map((v) => v?.[1] ?? null));
    out.max.push(triples.map((v) => v?.[2] ?? null));
  }
  return out;
}

/** Lines out of the samples received since the page opened; a sample is its own min and max. */
export function liveColumns(
  lines: readonly { live: (s: Sample) => number | null }[],
  samples: readonly Sample[],
): ChartColumns {
  const mean = lines.map((l) => samples.map((s) => l.live(s)));
  return { ts: samples.map((s) => s.ts / 1000), mean, min: mean, max: mean };
}

/** How many instants have at least one value: what a person would count as points. */
export function countPoints(c: ChartColumns): number {
  let n = 0;
  for (let i = 0; i < c.ts.length; i++) if (c.mean.some((col) => col[i] != null)) n++;
  return n;
}

/** Splits series into the batches one `metrics:range` call takes. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
