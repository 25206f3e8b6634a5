import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api';

export const RANGES = [
  { id: 'live', label: 'Live', ms: 0 },
  { id: '15m', label: '15 min', ms: 15 * 60_000 },
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '24h', label: '24 h', ms: 86_400_000 },
  { id: '7d', label: '7 d', ms: 7 * 86_400_000 },
  { id: '30d', label: '30 d', ms: 30 * 86_400_000 },
  { id: '90d', label: '90 d', ms: 90 * 86_400_000 },
  { id: 'custom', label: 'Custom', ms: -1 },
] as const;
export type RangeId = (typeof RANGES)[number]['id'];

const MAX_POINTS = 600;
const REFRESH_MS = 15_000;

export interface RangeData {
  /** Seconds since epoch, then CPU % and memory % (mean, min, max per bucket) aligned on them. */
  ts: number[];
  cpu: (number | null)[];
  mem: (number | null)[];
  cpuMin: (number | null)[];
  cpuMax: (number | null)[];
  memMin: (number | null)[];
  memMax: (number | null)[];
  /** Which stored resolution answered and the width of a bucket. */
  tier: string;
  bucketMs: number;
}

/** A custom range, ms since epoch. */
export interface CustomRange {
  from: number;
  to: number;
}

/**
 * CPU and memory % of a host over a past range, from the stored history. The range ends now,
 * or at `endTs` (the last sample of a saved history under review); it refreshes while live.
 */
export function useMetricRange(
  hostId: string,
  range: RangeId,
  endTs: number | null,
  custom: CustomRange | null = null,
): { data: RangeData | null; error: string | null } {
  const [data, setData] = useState<RangeData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const spec = RANGES.find((r) => r.id === range);
    if (!spec || spec.ms === 0 || (spec.ms < 0 && !custom)) return;
    let cancelled = false;
    const load = async (): Promise<void> => {
      const to = custom && spec.ms < 0 ? custom.to : (endTs ?? Date.now());
      const from = custom && spec.ms < 0 ? custom.from : to - spec.ms;
      try {
        const r = await api.call('metrics:range', {
          hostId,
          series: [
            { metric: 'cpu.busy_pct', labels: '' },
            { metric: 'mem.used_pct', labels: '' },
          ],
          from,
          to,
          maxPoints: MAX_POINTS,
        });
        if (cancelled) return;
        const [cpu = [], mem = []] = r.series;
        const cpuAt = new Map(cpu.map((p) => [p[0], p]));
        const memAt = new Map(mem.map((p) => [p[0], p]));
        const times = [...new Set([...cpuAt.keys(), ...memAt.keys()])].sort((a, b) => a - b);
        const col = (m: Map<number, readonly number[]>, i: number): (number | null)[] =>
          times.map((t) => m.get(t)?.[i] ?? null);
        setData({
          ts: times.map((t) => t / 1000),
          cpu: col(cpuAt, 1),
          cpuMin: col(cpuAt, 2),
          cpuMax: col(cpuAt, 3),
          mem: col(memAt, 1),
          memMin: col(memAt, 2),
          memMax: col(memAt, 3),
          tier: r.tier,
          bucketMs: r.bucketMs,
        });
        setError(null);
      } catch (err) {
        if (!cancelled) setError(errorMessage(err));
      }
    };
    void load();
    const timer = endTs === null && range !== 'custom' ? setInterval(() => void load(), REFRESH_MS) : null;
    return () => {
      cancelled = true;
      if (timer) clearInterval(timer);
    };
  }, [hostId, range, endTs, custom]);
  return { data, error };
}
