import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../api';
import { batches, refKey, type MetricRef, type RangePoint } from './chartData';
import type { TimeWindow } from '../../charts/chartRange';

/** Enough for a chart as wide as a screen; the engine picks the tier that fits this many buckets. */
const MAX_POINTS = 600;
/** What one `metrics:range` call takes. */
const MAX_SERIES = 16;

export interface RangeAnswer {
  /** Each asked-for series' buckets, keyed by {@link refKey}. */
  byRef: Map<string, RangePoint[]>;
  /** Which stored resolution answered and the width of a bucket. */
  tier: string;
  bucketMs: number;
}

export interface MetricRange {
  /** The latest answer; it may be for an earlier window while the current one loads. */
  data: RangeAnswer | null;
  /** True once `data` is the answer for the window asked for now. */
  current: boolean;
  error: string | null;
}

/**
 * Series of a host over a stored window, fetched only while `enabled` (the chart is on screen)
 * and once per window: scrolling a chart away and back does not ask again. More series than
 * one call takes are asked for in several calls over the same window, so their buckets line up.
 */
export function useMetricRange(
  hostId: string,
  refs: readonly MetricRef[],
  span: TimeWindow | null,
  enabled: boolean,
): MetricRange {
  const series = refs.map(refKey);
  const query = useQuery({
    queryKey: ['metrics:range', { hostId, series, from: span?.from, to: span?.to }] as const,
    queryFn: async (): Promise<RangeAnswer> => {
      if (!span) throw new Error('No window to read.'); // not reached: disabled without a span
      const answers = await Promise.all(
        batches(refs, MAX_SERIES).map((batch) =>
          api.call('metrics:range', { hostId, series: [...batch], ...span, maxPoints: MAX_POINTS }),
        ),
      );
      const byRef = new Map<string, RangePoint[]>();
      let i = 0;
      for (const a of answers) for (const s of a.series) byRef.set(refKey(refs[i++]!), s);
      const first = answers[0]!;
      return { byRef, tier: first.tier, bucketMs: first.bucketMs };
    },
    enabled: enabled && span !== null && refs.length > 0,
    // A stored window does not change: scrolling back to it shows what was read.
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });

  // The last answer stays on screen while another window loads, and beside an error.
  const answer = query.isPlaceholderData ? undefined : query.data;
  const [last, setLast] = useState<RangeAnswer | null>(null);
  if (answer && answer !== last) setLast(answer);

  return {
    data: answer ?? last,
    current: answer !== undefined,
    error: span && query.error ? errorMessage(query.error) : null,
  };
}
