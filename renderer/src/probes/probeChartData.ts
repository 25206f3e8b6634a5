import type { ProbeResult } from '../../../shared/probes';
import { PHASES } from './probeFormat';

/** A probe's runs in the columns its timing chart draws, one row per run time. */
export interface ProbeChartColumns {
  /** Run times in seconds (uPlot's unit), ascending. */
  ts: number[];
  /** Each phase's own ms per row, in PHASES order: the legend's values. Null: not reached. */
  phases: (number | null)[][];
  /** Each phase's top edge (the phases before it added up), in PHASES order: what is drawn. */
  stacked: (number | null)[][];
  /** Total ms of the runs from the fleet host, or null when the probe has none. */
  remote: (number | null)[] | null;
  /** Runs with a value, for tests and screen readers. */
  points: number;
}

/**
 * Splits `results` (both places, any order) into the chart's columns. Local runs stack their
 * phases; a failed run that reached no phase leaves a gap rather than a zero, so an outage
 * does not read as a fast response. Runs from the fleet host are one line of total time.
 */
export function probeChartColumns(results: readonly ProbeResult[], withRemote: boolean): ProbeChartColumns {
  const rows = [...results].sort((a, b) => a.ts - b.ts);
  const ts: number[] = [];
  const phases: (number | null)[][] = PHASES.map(() => []);
  const stacked: (number | null)[][] = PHASES.map(() => []);
  const remote: (number | null)[] | null = withRemote ? [] : null;
  let points = 0;
  for (const r of rows) {
    const isRemote = r.fromHostId !== null;
    if (isRemote && !remote) continue;
    ts.push(r.ts / 1000);
    if (isRemote) {
      remote?.push(r.ok || r.status !== null ? r.timings.totalMs : null);
      PHASES.forEach((_, i) => {
        phases[i]!.push(null);
        stacked[i]!.push(null);
      });
    } else {
      remote?.push(null);
      const reached = PHASES.some((p) => r.timings[p.key] != null);
      let sum = 0;
      PHASES.forEach((p, i) => {
        const ms = r.timings[p.key];
        sum += ms ?? 0;
        phases[i]!.push(ms);
        stacked[i]!.push(reached ? sum : null);
      });
    }
    points++;
  }
  return { ts, phases, stacked, remote, points };
}
