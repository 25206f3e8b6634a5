import { useEffect, useState } from 'react';
import type { ProbeResult } from '../../../shared/probes';
import { api, errorMessage } from '../api';

/** Enough for a week of runs every minute; the contract's ceiling. */
const LIMIT = 10_000;

export interface ProbeResults {
  /** Oldest first; null until the first answer. */
  results: ProbeResult[] | null;
  error: string | null;
}

const key = (r: ProbeResult): string => `${r.ts}|${r.fromHostId ?? ''}`;

/**
 * A probe's kept runs over the `rangeMs` before `endTs` (or now), from `probes:results`, fetched
 * when the range changes. Runs
 * that happen while the page is open arrive as the probe's `last`/`lastRemote` (from the
 * `probes:changed` event) and are appended, rather than asking for the whole range again.
 */
export function useProbeResults(
  probeId: string,
  rangeMs: number,
  endTs: number | null,
  fresh: readonly (ProbeResult | null)[],
): ProbeResults {
  const [state, setState] = useState<ProbeResults>({ results: null, error: null });

  useEffect(() => {
    let cancelled = false;
    const to = endTs ?? Date.now();
    const from = to - rangeMs;
    api.call('probes:results', { probeId, from, to, limit: LIMIT }).then(
      (results) => !cancelled && setState({ results, error: null }),
      (err: unknown) => !cancelled && setState({ results: [], error: errorMessage(err) }),
    );
    return () => {
      cancelled = true;
    };
  }, [probeId, rangeMs, endTs]);

  // A new run: folded in while rendering (React's "adjust state when a prop changes"), not in an
  // effect, so the chart and table never draw a frame without it.
  const [a = null, b = null] = fresh;
  const [seen, setSeen] = useState<[ProbeResult | null, ProbeResult | null]>([a, b]);
  if (seen[0] !== a || seen[1] !== b) {
    setSeen([a, b]);
    const merged = mergeRuns(state.results, [a, b], probeId);
    if (merged !== state.results) setState({ ...state, results: merged });
  }
  return state;
}

/** `results` with the runs in `incoming` it does not have yet, oldest first. */
export function mergeRuns(
  results: ProbeResult[] | null,
  incoming: readonly (ProbeResult | null)[],
  probeId: string,
): ProbeResult[] | null {
  if (!results) return results;
  const have = new Set(results.map(key));
  const add = incoming.filter(
    (r): r is ProbeResult => r != null && r.probeId === probeId && !have.has(key(r)),
  );
  if (add.length === 0) return results;
  return [...results, ...add].sort((x, y) => x.ts - y.ts);
}
