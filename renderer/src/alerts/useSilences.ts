import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { errorMessage } from '../api';
import { apiQuery } from '../apiQuery';

/** Silences end by themselves and others may add some elsewhere: look again this often. */
const REFRESH_MS = 15_000;

/** A list read on an interval, for the engine announces no events for it. */
export interface Polled<T> {
  /** The last answer; a failed refresh keeps it beside the error. */
  data: T | null;
  error: string | null;
  /** Asks again now, after a change made here (a silence added, a test message queued). */
  reload: () => void;
}

/**
 * The silences and maintenance windows the engine holds, read every 15 s while the page is on
 * screen and again as it comes back on screen.
 */
export function useSilences(): Polled<MethodOutput<'silences:list'>> {
  const query = useQuery({
    ...apiQuery('silences:list', {}),
    refetchInterval: REFRESH_MS,
    refetchOnWindowFocus: true,
  });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  return { data: query.data ?? null, error: query.error ? errorMessage(query.error) : null, reload };
}
