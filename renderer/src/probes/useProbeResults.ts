import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ProbeResult } from '../../../shared/probes';
import { api, errorMessage } from '../api';

/** Enough for a week of runs every minute; the contract's ceiling. */
const LIMIT = 10_000;

export interface ProbeResults {
  /** Oldest first; null until the first answer. */
  results: ProbeResult[] | null;
  error: string | null;
}

/** One empty list for a failed read, so it compares equal from render to render. */
const NONE: ProbeResult[] = [];

const key = (r: ProbeResult): string => `${r.ts}|${r.fromHostId ?? ''}`;

/**
 * A probe's kept runs over the `rangeMs` before `endTs` (or now), from `probes:results`, fetched
 * when the range changes. Runs that happen while the page is open arrive as the probe's `last`/`lastRemote` (from the
 * `probes:changed` event) and are appended, rather than asking for the whole range again.
 */
export function useProbeResults(
  probeId: string,
  rangeMs: number,
  endTs: number | null,
  fresh: readonly (ProbeResult | null)[],
): ProbeResults {
  // Keyed by the range asked for, not the instants: "the last hour" is one entry, read afresh.
  const query = useQuery({
    queryKey: ['probes:results', { probeId, rangeMs, endTs }] as const,
    queryFn: () => {
      const to = endTs ?? Date.now();
      return api.call('probes:results', { probeId, from: to - rangeMs, to, limit: LIMIT });
    },
    // Another range keeps the runs on screen until its own arrive.
    placeholderData: keepPreviousData,
  });
  const answer = query.data ?? (query.isError ? NONE : null);
  const error = query.error ? errorMessage(query.error) : null;

  // A new run: folded in while rendering (React's "adjust state when a prop changes"), not in an
  // effect, so the chart and table never draw a frame without it. The runs folded in so far are
  // kept until the next answer, which has them.
  const [a = null, b = null] = fresh;
  const [merged, setMerged] = useState<{
    answer: ProbeResult[] | null;
    seen: [ProbeResult | null, ProbeResult | null];
    results: ProbeResult[] | null;
  }>({ answer, seen: [a, b], results: answer });
  if (merged.answer !== answer || merged.seen[0] !== a || merged.seen[1] !== b) {
    const base = merged.answer === answer ? merged.results : answer;
    setMerged({ answer, seen: [a, b], results: mergeRuns(base, [a, b], probeId) });
  }
  const results = merged.answer === answer ? merged.results : answer;
  return { results, error };
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
