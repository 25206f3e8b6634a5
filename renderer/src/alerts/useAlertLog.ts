import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { AlertEntry } from '../../../shared/alerts';
import { api, errorMessage } from '../api';
import { listInput, mergeNewest, type AlertFilter } from './alertFilter';

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

/**
 * The alert log for a filter, newest first: pages from `alerts:list`, the first one, then one
 * more per "Load older" (paging back by id). Every `alerts:changed` the engine pushes reads the
 * pages shown again (queryEvents.ts), so a new row appears on top as it happens, and a row
 * recorded while a page was on its way is never lost between the page and the event.
 */
export function useAlertLog(filter: AlertFilter): AlertLog {
  const query = useInfiniteQuery({
    // Its own key space: pages of an infinite query must never share a key with a plain read.
    queryKey: ['alerts:list', 'pages', listInput(filter)] as const,
    queryFn: ({ pageParam }) => api.call('alerts:list', listInput(filter, pageParam)),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => (page.more ? page.entries[page.entries.length - 1]?.id : undefined),
  });
  const { fetchNextPage } = query;
  const loadOlder = useCallback(async (): Promise<void> => {
    await fetchNextPage();
  }, [fetchNextPage]);
  const pages = query.data?.pages;
  // Pages read again after a new row overlap by a row or more: merged by id, newest first.
  const entries = useMemo(
    () => (pages ?? []).reduce<AlertEntry[]>((all, page) => mergeNewest(all, page.entries), []),
    [pages],
  );
  const message = query.error ? errorMessage(query.error) : null;
  return {
    entries,
    more: query.hasNextPage,
    error: query.isFetchNextPageError ? null : message,
    loading: query.isPending,
    loadOlder,
    olderBusy: query.isFetchingNextPage,
    olderError: query.isFetchNextPageError ? message : null,
  };
}
