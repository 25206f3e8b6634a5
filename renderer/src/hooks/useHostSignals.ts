import { useEffect, useState } from 'react';
import type { AlertEntry, SignalStatus } from '../../../shared/alerts';
import { api, errorMessage } from '../api';
import { useReconnects } from './useReconnects';

/** Signal values move with every poll but only state changes are pushed: re-read this often. */
const REFRESH_MS = 15_000;
/** Enough state changes to show each signal's recent history. */
const HISTORY_LIMIT = 200;

interface Loaded<T> {
  key: string;
  value: T | null;
  error: string | null;
}

export interface HostSignals {
  /** Worst first, as the engine orders them; null until the first answer. */
  signals: SignalStatus[] | null;
  error: string | null;
  /** Bumped on every alert log row pushed for this host, so dependent views reload. */
  changes: number;
}

/**
 * A host's signals from `alerts:signals`, read again whenever the engine pushes an
 * `alerts:changed` row for the host, after a reconnect, and (while `poll`) every 15 s.
 */
export function useHostSignals(hostId: string, poll: boolean): HostSignals {
  const reconnects = useReconnects();
  const [changes, setChanges] = useState(0);
  const [result, setResult] = useState<Loaded<SignalStatus[]>>({ key: '', value: null, error: null });

  useEffect(
    () =>
      api.on('alerts:changed', (entry) => {
        if (entry.hostId === hostId) setChanges((n) => n + 1);
      }),
    [hostId],
  );

  useEffect(() => {
    let cancelled = false;
    const load = (): void => {
      api.call('alerts:signals', { hostId }).then(
        (signals) => !cancelled && setResult({ key: hostId, value: signals, error: null }),
        (err: unknown) => {
          // Keep the last list beside the error: it is still the best account there is.
          if (!cancelled)
            setResult((prev) => ({
              key: hostId,
              value: prev.key === hostId ? prev.value : null,
              error: errorMessage(err),
            }));
        },
      );
    };
    load();
    const timer = poll ? setInterval(load, REFRESH_MS) : null;
    return () => {
      cancelled = true;
      if (timer) clearInterval(timer);
    };
  }, [hostId, poll, changes, reconnects]);

  const current = result.key === hostId;
  return { signals: current ? result.value : null, error: current ? result.error : null, changes };
}

export interface SignalChanges {
  entries: AlertEntry[] | null;
  /** Older changes exist than the ones read. */
  more: boolean;
  error: string | null;
}

/**
 * The host's recent signal state changes, newest first, from `alerts:list`: read only while
 * `enabled` (a signal is expanded), and again when `changes` moves.
 */
export function useSignalChanges(hostId: string, enabled: boolean, changes: number): SignalChanges {
  const [result, setResult] = useState<Loaded<{ entries: AlertEntry[]; more: boolean }>>({
    key: '',
    value: null,
    error: null,
  });
  const reconnects = useReconnects();

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    api.call('alerts:list', { hostId, scope: 'signals', limit: HISTORY_LIMIT }).then(
      (page) => !cancelled && setResult({ key: hostId, value: page, error: null }),
      (err: unknown) => {
        if (!cancelled)
          setResult((prev) => ({
            key: hostId,
            value: prev.key === hostId ? prev.value : null,
            error: errorMessage(err),
          }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [hostId, enabled, changes, reconnects]);

  const current = result.key === hostId;
  return {
    entries: current ? (result.value?.entries ?? null) : null,
    more: current && (result.value?.more ?? false),
    error: current ? result.error : null,
  };
}
