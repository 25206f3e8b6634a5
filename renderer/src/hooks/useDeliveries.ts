import type { Delivery } from '../../../shared/alerts';
import { api } from '../api';
import { usePolled, type Polled } from './usePolled';

/** Retries happen in the background: refresh often enough to watch one go through. */
const REFRESH_MS = 3_000;
const LIMIT = 50;

const load = (): Promise<Delivery[]> => api.call('webhook:deliveries', { limit: LIMIT });

/** The webhook's delivery log, newest first, refreshed while `active` (the panel is shown). */
export function useDeliveries(active: boolean): Polled<Delivery[]> {
  return usePolled(load, REFRESH_MS, active);
}
