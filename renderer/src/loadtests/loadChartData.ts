import type { HostUsagePoint, LoadTimelinePoint } from '../../../shared/loadTests';

/** uPlot columns on one shared axis: seconds since the run started. */
export interface RunColumns {
  /** [seconds, rps, p95 ms] */
  load: [number[], (number | null)[], (number | null)[]];
  /** [seconds, cpu %, memory %]; empty columns when the run had no host. */
  host: [number[], (number | null)[], (number | null)[]];
  /** The x range both charts show, so their seconds line up. */
  spanSec: number;
}

const sec = (ts: number, startedAt: number): number => Math.round((ts - startedAt) / 10) / 100;

/**
 * The run's own timeline and the host's usage as columns for two charts that share their time
 * axis (seconds into the run), so a latency spike lines up with the CPU it came with.
 */
export function runColumns(
  startedAt: number,
  durationMs: number,
  timeline: readonly LoadTimelinePoint[],
  hostUsage: readonly HostUsagePoint[],
): RunColumns {
  const byTs = <T extends { ts: number }>(points: readonly T[]): T[] =>
    [...points].sort((a, b) => a.ts - b.ts);
  const t = byTs(timeline);
  const h = byTs(hostUsage);
  const last = Math.max(
    durationMs / 1000,
    ...t.map((p) => sec(p.ts, startedAt)),
    ...h.map((p) => sec(p.ts, startedAt)),
  );
  return {
    load: [t.map((p) => sec(p.ts, startedAt)), t.map((p) => p.rps), t.map((p) => p.p95Ms)],
    host: [h.map((p) => sec(p.ts, startedAt)), h.map((p) => p.cpuPct), h.map((p) => p.memPct)],
    spanSec: Math.max(1, last),
  };
}

/** "12 s" on the shared axis; whole seconds unless the run is very short. */
export function secondsTick(v: number, incr: number): string {
  return `${incr < 1 ? v.toFixed(1) : String(Math.round(v))} s`;
}
