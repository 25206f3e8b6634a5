import { useQuery } from '@tanstack/react-query';
import type { AppInfo } from '../../../shared/schemas';
import { apiQuery } from '../apiQuery';

/**
 * The app's facts (mode, data file, saved history under review), read once per page: they do
 * not change while it is open. A failed read is tried again by the next view that mounts; the
 * connection banner says what is wrong meanwhile.
 */
export function useAppInfo(): AppInfo | null {
  const { data } = useQuery({ ...apiQuery('app:info', {}), staleTime: Infinity });
  return data ?? null;
}
