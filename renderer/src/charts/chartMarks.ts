/**
 * How a chart tells its lines apart and keeps its labels readable, beyond colour: pure helpers
 * for the uPlot options, so they can be tested without a canvas.
 */

/** Dash patterns by line position: solid, dashed, dotted (In/Out, load 1/5/15 without colour). */
export const LINE_DASHES: readonly (number[] | undefined)[] = [undefined, [6, 3], [2, 3]];

/** A time label is at most "28 Nov" or "13:32:20": about 50 px at 11 px; 20 px of air between. */
const TIME_LABEL_PX = 70;

/**
 * Minimum pixels between time ticks: never less than a label's width, and on a wide chart a
 * tenth of it, so a 1,200 px chart gets about ten labels instead of forty.
 */
export function timeAxisSpace(plotWidthPx: number): number {
  return Math.max(TIME_LABEL_PX, Math.round(plotWidthPx / 10));
}

/**
 * Indices of points with no drawn neighbour: a line needs two points, so a lone sample (a new
 * host's only hour in a 7-day chart, a sample between two gaps) is drawn as a dot instead.
 */
export function isolatedPoints(values: ArrayLike<number | null | undefined>): number[] {
  const out: number[] = [];
  const has = (i: number): boolean => i >= 0 && i < values.length && values[i] != null;
  for (let i = 0; i < values.length; i++) if (has(i) && !has(i - 1) && !has(i + 1)) out.push(i);
  return out;
}
