import { median } from './theilSen';

/** One bucket of a series as the fit sees it: its middle (ms) and the value fitted. */
export interface Point {
  t: number;
  y: number;
}

/** Why a fitted segment starts where it does. */
export type SegmentCause = 'start' | 'resized' | 'dropped';

/** How far back "the level before" is looked for: longer than a nightly job's burst. */
const BEFORE_MS = 6 * 3_600_000;
/** A drop of this fraction of the limit below the level before is a reset (cleanup, restart). */
const RESET_FRACTION = 0.1;
/** A size that moved by more than this fraction is a resize. */
const RESIZE_FRACTION = 0.005;

const scratch = new Float64Array(512);

/**
 * Where the part of a series that one line can describe starts: after the last resize (the
 * limit moved) and at the last reset (the value fell well below its level of the hours before:
 * a cleanup, a restart). A burst up and back down is not a reset: the level before it is the
 * level after it.
 * @param limits each bucket's limit as [min, max] (disk size), or null for a fixed limit
 * @param scale the size of a reset is measured against this (the disk's size, 100 %, total memory)
 */
export function segmentStart(
  points: readonly Point[],
  limits: readonly ([number, number] | null)[] | null,
  scale: number,
): { index: number; cause: SegmentCause } {
  let index = 0;
  let cause: SegmentCause = 'start';
  for (let i = 1; i < points.length; i++) {
    const lim = limits?.[i];
    const prev = limits?.[i - 1];
    if (lim && (lim[1] - lim[0] > RESIZE_FRACTION * lim[1] || (prev && moved(prev[1], lim[1])))) {
      // Resized inside this bucket: its max straddles both sizes, so the segment starts after it.
      const within = lim[1] - lim[0] > RESIZE_FRACTION * lim[1];
      index = within ? i + 1 : i;
      cause = 'resized';
      continue;
    }
    let n = 0;
    const p = points[i]!;
    for (let j = i - 1; j >= index && n < scratch.length; j--) {
      const q = points[j]!;
      if (p.t - q.t > BEFORE_MS) break;
      scratch[n++] = q.y;
    }
    if (n > 0 && p.y < median(scratch, n) - RESET_FRACTION * scale) {
      index = i;
      cause = 'dropped';
    }
  }
  return { index: Math.min(index, points.length), cause };
}

function moved(a: number, b: number): boolean {
  return Math.abs(a - b) > RESIZE_FRACTION * Math.max(a, b);
}
