import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api';
import { batches, refKey, type MetricRef, type RangePoint } from '../chartData';
import type { TimeWindow } from '../chartRange';

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
  const [answer, setAnswer] = useState<{ key: string; data: RangeAnswer } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fetched = useRef<string | null>(null);
  const key = span ? `${hostId}\u0000${refs.map(refKey).join(',')}\u0000${span.from}-${span.to}` : null;

  useEffect(() => {
    if (!enabled || !span || key === null || fetched.current === key || refs.length === 0) return;
    let cancelled = false;
    const load = async (): Promise<void> => {
      try {
        const answers = await Promise.all(
          batches(refs, MAX_SERIES).map((series) =>
            api.call('metrics:range', { hostId, series: [...series], ...span, maxPoints: MAX_POINTS }),
          ),
        );
        if (cancelled) return;
        const byRef = new Map<string, RangePoint[]>();
        let i = 0;
        for (const a of answers) for (const s of a.series) byRef.set(refKey(refs[i++]!), s);
        const first = answers[0]!;
        fetched.current = key;
        setAnswer({ key, data: { byRef, tier: first.tier, bucketMs: first.bucketMs } });
        setError(null);
      } catch (err) {
        // The last answer stays on screen beside the error; the next window tries again.
        if (!cancelled) setError(errorMessage(err));
      }
    };
    void load();
    return () => {
      cancelled = true;
    };
  }, [hostId, refs, span, enabled, key]);

  return {
    data: answer?.data ?? null,
    current: answer !== null && answer.key === key,
    error: span ? error : null,
  };
}
