import { median } from './theilSen';

/** A series as the fit takes it: `n` buckets, each with its time, value and limit's min and max. */
export interface Series {
  n: number;
  t: Float64Array;
  y: Float64Array;
  /** The limit's min and max per bucket (a disk's size), or null for a fixed limit. */
  lo: Float64Array | null;
  hi: Float64Array | null;
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
 * @param scale the size of a reset is measured against this (the disk's size, 100 %, total memory)
 */
export function segmentStart(s: Series, scale: number): { index: number; cause: SegmentCause } {
  let index = 0;
  let cause: SegmentCause = 'start';
  const { t, y, lo, hi } = s;
  for (let i = 1; i < s.n; i++) {
    if (lo && hi) {
      // Resized inside this bucket: its max straddles both sizes, so the segment starts after it.
      const within = hi[i]! - lo[i]! > RESIZE_FRACTION * hi[i]!;
      if (within || moved(hi[i - 1]!, hi[i]!)) {
        index = within ? i + 1 : i;
        cause = 'resized';
        continue;
      }
    }
    let n = 0;
    let top = -Infinity;
    for (let j = i - 1; j >= index && n < scratch.length; j--) {
      if (t[i]! - t[j]! > BEFORE_MS) break;
      scratch[n++] = y[j]!;
      if (y[j]! > top) top = y[j]!;
    }
    const floor = y[i]! + RESET_FRACTION * scale;
    // The median is at most the top: under the top by less than the drop, it is no reset.
    if (n > 0 && floor < top && floor < median(scratch, n)) {
      index = i;
      cause = 'dropped';
    }
  }
  return { index: Math.min(index, s.n), cause };
}

function moved(a: number, b: number): boolean {
  return Math.abs(a - b) > RESIZE_FRACTION * Math.max(a, b);
}
