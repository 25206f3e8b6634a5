import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { GroupView } from '../../../shared/groups';
import { api, errorMessage } from '../api';
import { apiQuery } from '../apiQuery';

/** Members' figures move with every sample; a group's state also comes as `groups:changed`. */
const REFRESH_MS = 5_000;

/** Reads again when the engine says a group changed (its state, its reasons). */
function useGroupEvents(): void {
  const client = useQueryClient();
  useEffect(
    () =>
      api.on('groups:changed', () => {
        void client.invalidateQueries({ queryKey: ['groups:list'] });
        void client.invalidateQueries({ queryKey: ['groups:get'] });
      }),
    [client],
  );
}

/** Every group (every tag on the board), refreshed while shown. */
export function useGroups(): { groups: GroupView[] | null; error: string | null } {
  useGroupEvents();
  const q = useQuery({ ...apiQuery('groups:list', {}), refetchInterval: REFRESH_MS });
  return { groups: q.data ?? null, error: q.error ? errorMessage(q.error) : null };
}

/** One group, refreshed while shown. */
export function useGroup(tag: string): { group: GroupView | null; error: string | null; loading: boolean } {
  useGroupEvents();
  const q = useQuery({ ...apiQuery('groups:get', { tag }), refetchInterval: REFRESH_MS, retry: false });
  return { group: q.data ?? null, error: q.error ? errorMessage(q.error) : null, loading: q.isPending };
}
