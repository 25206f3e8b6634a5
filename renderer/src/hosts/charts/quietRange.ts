import { RANGES, type RangeId } from '../../charts/chartRange';

/** Stored ranges a quiet host may open on, shortest first. */
const STORED = RANGES.filter((r) => r.ms > 0);

/** The newest data should take at least this share of the chart's width, the gap the rest. */
const DATA_SHARE = 0.25;

/**
 * The range a host page opens on when the host has sent nothing for longer than Live spans
 * (unreachable since before the page opened): the shortest stored range ending now in which
 * what was stored before `lastTs` still takes a quarter of the width, so the chart shows the
 * last data and, after it, the gap up to now. Live would show only the empty minutes.
 */
export function quietRange(lastTs: number, now: number): RangeId {
  const quiet = Math.max(0, now - lastTs);
  return (STORED.find((r) => quiet <= r.ms * (1 - DATA_SHARE)) ?? STORED[STORED.length - 1]!).id;
}
