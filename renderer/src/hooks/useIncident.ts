import { useCallback, useEffect, useState } from 'react';
import type { IncidentView } from '../../../shared/incidents';
import { api, errorMessage } from '../api';
import { useNow } from './useNow';
import { useReconnects } from './useReconnects';

/** How often the incident is read again while an update's webhook delivery is pending. */
const PENDING_POLL_MS = 2000;

export interface LoadedIncident {
  view: IncidentView | null;
  error: string | null;
  /** Shows what an action returned at once, before its `incidents:changed` re-read. */
  setView: (view: IncidentView) => void;
}

/**
 * One incident in full, read again on every `incidents:changed` for it, after a reconnect, and
 * every 30 s: "update overdue" becomes true with time alone, and no event says so.
 */
export function useIncident(id: string): LoadedIncident {
  const reconnects = useReconnects();
  const clock = useNow(30_000);
  const [view, setViewState] = useState<IncidentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [changes, setChanges] = useState(0);

  useEffect(
    () =>
      api.on('incidents:changed', (change) => {
        if (change.id === id) setChanges((n) => n + 1);
      }),
    [id],
  );

  useEffect(() => {
    let cancelled = false;
    api.call('incidents:get', { id }).then(
      (v) => {
        if (cancelled) return;
        setViewState(v);
        setError(null);
      },
      (err: unknown) => !cancelled && setError(errorMessage(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [id, changes, reconnects, clock]);

  // A webhook delivery settles without an incident event: look again until none is pending.
  const pending = view?.deliveries.some((d) => d.state === 'pending') ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => setChanges((n) => n + 1), PENDING_POLL_MS);
    return () => clearInterval(timer);
  }, [pending]);

  const setView = useCallback((v: IncidentView) => setViewState(v), []);
  return { view, error, setView };
}
