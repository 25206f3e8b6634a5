import { useQuery } from '@tanstack/react-query';
import type { AlertEntry, SignalStatus } from '../../../shared/alerts';
import { errorMessage } from '../api';
import { apiQuery } from '../apiQuery';

/** Signal values move with every poll but only state changes are pushed: re-read this often. */
const REFRESH_MS = 15_000;
/** Enough state changes to show each signal's recent history. */
const HISTORY_LIMIT = 200;

export interface HostSignals {
  /** Worst first, as the engine orders them; null until the first answer. */
  signals: SignalStatus[] | null;
  /** A failed read keeps the last list beside the error: it is still the best account there is. */
  error: string | null;
}

/**
 * A host's signals from `alerts:signals`, read again whenever the engine pushes an
 * `alerts:changed` row for the host and after a reconnect (queryEvents.ts), and (while `poll`)
 * every 15 s.
 */
export function useHostSignals(hostId: string, poll: boolean): HostSignals {
  const query = useQuery({
    ...apiQuery('alerts:signals', { hostId }),
    refetchInterval: poll ? REFRESH_MS : false,
    // Kept up in a background tab too, so a tab brought back shows current values at once.
    refetchIntervalInBackground: true,
  });
  return { signals: query.data ?? null, error: query.error ? errorMessage(query.error) : null };
}

export interface SignalChanges {
  entries: AlertEntry[] | null;
  /** Older changes exist than the ones read. */
  more: boolean;
  error: string | null;
}

/**
 * The host's recent signal state changes, newest first, from `alerts:list`: read only while
 * `enabled` (a signal is expanded), and again on every `alerts:changed` (queryEvents.ts).
 */
export function useSignalChanges(hostId: string, enabled: boolean): SignalChanges {
  const query = useQuery({
    ...apiQuery('alerts:list', { hostId, scope: 'signals', limit: HISTORY_LIMIT }),
    enabled,
  });
  return {
    entries: query.data?.entries ?? null,
    more: query.data?.more ?? false,
    error: query.error ? errorMessage(query.error) : null,
  };
}
