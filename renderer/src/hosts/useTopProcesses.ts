import { useQuery } from '@tanstack/react-query';
import type { ProcessInfo } from '../../../shared/schemas';
import { errorMessage } from '../api';
import { apiQuery } from '../apiQuery';

export type ProcessSort = 'cpu' | 'memory';

const REFRESH_MS = 5000;
const LIMIT = 15;

export interface TopProcesses {
  rows: ProcessInfo[] | null;
  error: string | null;
  /** True until the first answer for this host and sort order arrives. */
  loading: boolean;
}

/**
 * Polls `processes:top` while mounted: now, then every 5 s. A failed poll keeps the last rows
 * on screen: a stale list beside an error beats an empty panel.
 */
export function useTopProcesses(hostId: string, by: ProcessSort): TopProcesses {
  const query = useQuery({
    ...apiQuery('processes:top', { hostId, by, limit: LIMIT }),
    refetchInterval: REFRESH_MS,
    // Kept up in a background tab too, so a tab brought back shows current rows at once.
    refetchIntervalInBackground: true,
  });
  return {
    rows: query.data ?? null,
    error: query.error ? errorMessage(query.error) : null,
    loading: query.isPending,
  };
}
