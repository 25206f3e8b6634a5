import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api';

export const RANGES = [
  { id: 'live', label: 'Live', ms: 0 },
  { id: '15m', label: '15 min', ms: 15 * 60_000 },
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '24h', label: '24 h', ms: 86_400_000 },
  { id: '7d', label: '7 d', ms: 7 * 86_400_000 },
  { id: '30d', label: '30 d', ms: 30 * 86_400_000 },
] as const;
export type RangeId = (typeof RANGES)[number]['id'];

const MAX_POINTS = 600;
const REFRESH_MS = 15_000;

export interface RangeData {
  /** Seconds since epoch, then CPU % and memory % aligned on them. */
  ts: number[];
  cpu: (number | null)[];
  mem: (number | null)[];
}

/**
 * CPU and memory % of a host over a past range, from the stored history. The range ends now,
 * or at `endTs` (the last sample of a saved history under review); it refreshes while live.
 */
export function useMetricRange(
  hostId: string,
  range: RangeId,
  endTs: number | null,
): { data: RangeData | null; error: string | null } {
  const [data, setData] = useState<RangeData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const spec = RANGES.find((r) => r.id === range);
    if (!spec || spec.ms === 0) return;
    let cancelled = false;
    const load = async (): Promise<void> => {
      const to = endTs ?? Date.now();
      const q = { hostId, labels: '', from: to - spec.ms, to, maxPoints: MAX_POINTS };
      try {
        const [cpu, mem] = await Promise.all([
          api.call('metrics:range', { ...q, metric: 'cpu.busy_pct' }),
          api.call('metrics:range', { ...q, metric: 'mem.used_pct' }),
        ]);
        if (cancelled) return;
        const memAt = new Map(mem);
        const times = [...new Set([...cpu.map(([t]) => t), ...mem.map(([t]) => t)])].sort((a, b) => a - b);
        const cpuAt = new Map(cpu);
        setData({
          ts: times.map((t) => t / 1000),
          cpu: times.map((t) => cpuAt.get(t) ?? null),
          mem: times.map((t) => memAt.get(t) ?? null),
        });
        setError(null);
      } catch (err) {
        if (!cancelled) setError(errorMessage(err));
      }
    };
    void load();
    const timer = endTs === null ? setInterval(() => void load(), REFRESH_MS) : null;
    return () => {
      cancelled = true;
      if (timer) clearInterval(timer);
    };
  }, [hostId, range, endTs]);
  return { data, error };
}
