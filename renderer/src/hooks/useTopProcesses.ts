import { useEffect, useState } from 'react';
import type { ProcessInfo } from '../../../shared/schemas';
import { api, errorMessage } from '../api';

export type ProcessSort = 'cpu' | 'memory';

const REFRESH_MS = 5000;
const LIMIT = 15;

interface Result {
  key: string;
  rows: ProcessInfo[] | null;
  error: string | null;
}

export interface TopProcesses {
  rows: ProcessInfo[] | null;
  error: string | null;
  /** True until the first answer for this host and sort order arrives. */
  loading: boolean;
}

/** Polls `processes:top` while mounted: now, then every 5 s. */
export function useTopProcesses(hostId: string, by: ProcessSort): TopProcesses {
  const key = `${hostId}\u0000${by}`;
  const [result, setResult] = useState<Result>({ key: '', rows: null, error: null });

  useEffect(() => {
    let cancelled = false;
    const load = async (): Promise<void> => {
      try {
        const rows = await api.call('processes:top', { hostId, by, limit: LIMIT });
        if (!cancelled) setResult({ key, rows, error: null });
      } catch (err) {
        // Keep the last rows on screen: a stale list beside an error beats an empty panel.
        if (!cancelled)
          setResult((prev) => ({ key, rows: prev.key === key ? prev.rows : null, error: errorMessage(err) }));
      }
    };
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [hostId, by, key]);

  const current = result.key === key;
  return {
    rows: current ? result.rows : null,
    error: current ? result.error : null,
    loading: !current,
  };
}
