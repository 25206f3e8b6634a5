import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { IncidentView } from '../../../shared/incidents';
import { errorMessage } from '../api';
import { apiKey, apiQuery } from '../apiQuery';

/** "Update overdue" becomes true with time alone, and no event says so: read again this often. */
const CLOCK_POLL_MS = 30_000;
/** How often the incident is read again while an update's webhook delivery is pending. */
const PENDING_POLL_MS = 2000;

export interface LoadedIncident {
  view: IncidentView | null;
  error: string | null;
  /** Shows what an action returned at once, before its `incidents:changed` re-read. */
  setView: (view: IncidentView) => void;
}

/** A webhook delivery settles without an incident event: look again until none is pending. */
const pendingDelivery = (view: IncidentView | undefined): boolean =>
  view?.deliveries.some((d) => d.state === 'pending') ?? false;

/**
 * One incident in full, read again on every `incidents:changed` for it and after a reconnect
 * (queryEvents.ts), and every 30 s (every 2 s while a delivery is pending). A failed read keeps
 * the last view beside the error.
 */
export function useIncident(id: string): LoadedIncident {
  const client = useQueryClient();
  const query = useQuery({
    ...apiQuery('incidents:get', { id }),
    refetchInterval: (q) => (pendingDelivery(q.state.data) ? PENDING_POLL_MS : CLOCK_POLL_MS),
    refetchIntervalInBackground: true,
  });
  const setView = useCallback(
    (v: IncidentView) => client.setQueryData(apiKey('incidents:get', { id }), v),
    [client, id],
  );
  return { view: query.data ?? null, error: query.error ? errorMessage(query.error) : null, setView };
}
