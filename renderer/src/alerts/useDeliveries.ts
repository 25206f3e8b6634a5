import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Delivery } from '../../../shared/alerts';
import { errorMessage } from '../api';
import { apiQuery } from '../apiQuery';
import type { Polled } from './useSilences';

/** Retries happen in the background: refresh often enough to watch one go through. */
const REFRESH_MS = 3_000;
const LIMIT = 50;

/**
 * The webhook's delivery log, newest first, read every 3 s while `active` (the panel is shown)
 * and the page is on screen.
 */
export function useDeliveries(active: boolean): Polled<Delivery[]> {
  const query = useQuery({
    ...apiQuery('webhook:deliveries', { limit: LIMIT }),
    enabled: active,
    refetchInterval: REFRESH_MS,
    refetchOnWindowFocus: true,
  });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  return { data: query.data ?? null, error: query.error ? errorMessage(query.error) : null, reload };
}
