import type uPlot from 'uplot';

/** One member's stored points: [ts, mean, min, max]. */
type Point = readonly [number, number, number, number];

/**
 * uPlot's columns for several members on one time axis: every member's timestamps merged, each
 * member's mean at its own times and null (a gap) where it has none.
 */
export function memberColumns(series: readonly (readonly Point[])[]): uPlot.AlignedData {
  const times = [...new Set(series.flatMap((s) => s.map((p) => p[0])))].sort((a, b) => a - b);
  const at = new Map(times.map((t, i) => [t, i]));
  const cols = series.map((s) => {
    const col: (number | null)[] = times.map(() => null);
    for (const p of s) col[at.get(p[0]) ?? 0] = p[1];
    return col;
  });
  return [times.map((t) => t / 1000), ...cols];
}
