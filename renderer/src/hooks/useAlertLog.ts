import { useCallback, useEffect, useState } from 'react';
import type { AlertEntry } from '../../../shared/alerts';
import { api, errorMessage } from '../api';
import { listInput, matchesFilter, mergeNewest, type AlertFilter } from '../alertFilter';
import { useHostsStore } from '../stores/hosts';
import { useProbesStore } from '../stores/probes';
import { useReconnects } from './useReconnects';

interface Result {
  key: string;
  entries: AlertEntry[];
  more: boolean;
  error: string | null;
}

export interface AlertLog {
  entries: AlertEntry[];
  /** Older rows exist beyond the last one shown. */
  more: boolean;
  error: string | null;
  /** True until the first page for this filter arrives. */
  loading: boolean;
  loadOlder: () => Promise<void>;
  olderBusy: boolean;
  olderError: string | null;
}

/** Who a row is about, by name, for matching a search against a row pushed live. */
const nameOf = (entry: AlertEntry): string =>
  entry.probeId !== null
    ? (useProbesStore.getState().byId[entry.probeId]?.def.name ?? entry.probeId)
    : (useHostsStore.getState().byId[entry.hostId]?.host.name ?? entry.hostId);

/**
 * The alert log for a filter, newest first: one page from `alerts:list`, then each matching
 * row the engine pushes, prepended as it happens. "Load older" pages back by id.
 */
export function useAlertLog(filter: AlertFilter): AlertLog {
  const key = JSON.stringify(filter);
  const reconnects = useReconnects();
  const [result, setResult] = useState<Result>({ key: '', entries: [], more: false, error: null });
  const [older, setOlder] = useState<{ key: string; busy: boolean; error: string | null }>({
    key: '',
    busy: false,
    error: null,
  });

  useEffect(() => {
    let cancelled = false;
    // Rows pushed while the first page is on its way may or may not be in it: keep them to merge.
    let early: AlertEntry[] | null = [];
    const off = api.on('alerts:changed', (entry) => {
      if (!matchesFilter(entry, filter, nameOf(entry))) return;
      if (early) early.push(entry);
      else
        setResult((prev) =>
          prev.key === key ? { ...prev, entries: mergeNewest(prev.entries, [entry]) } : prev,
        );
    });
    api.call('alerts:list', listInput(filter)).then(
      (page) => {
        if (cancelled) return;
        setResult({ key, entries: mergeNewest(page.entries, early ?? []), more: page.more, error: null });
        early = null;
      },
      (err: unknown) => {
        if (cancelled) return;
        setResult({ key, entries: early ?? [], more: false, error: errorMessage(err) });
        early = null;
      },
    );
    return () => {
      cancelled = true;
      off();
    };
  }, [key, filter, reconnects]);

  const current = result.key === key;
  const last = current ? result.entries[result.entries.length - 1] : undefined;
  const loadOlder = useCallback(async (): Promise<void> => {
    if (!last) return;
    setOlder({ key, busy: true, error: null });
    try {
      const page = await api.call('alerts:list', listInput(filter, last.id));
      setResult((prev) =>
        prev.key === key
          ? { ...prev, entries: mergeNewest(prev.entries, page.entries), more: page.more }
          : prev,
      );
      setOlder({ key, busy: false, error: null });
    } catch (err) {
      setOlder({ key, busy: false, error: errorMessage(err) });
    }
  }, [key, filter, last]);

  const olderCurrent = older.key === key;
  return {
    entries: current ? result.entries : [],
    more: current && result.more,
    error: current ? result.error : null,
    loading: !current,
    loadOlder,
    olderBusy: olderCurrent && older.busy,
    olderError: olderCurrent ? older.error : null,
  };
}
