import { useQuery } from '@tanstack/react-query';
import type { Forecast } from '../../../../shared/forecasts';
import { api } from '../../api';

/** The engine fits forecasts every 15 minutes; the page asks again as often. */
const REFRESH_MS = 15 * 60_000;
const NONE: Forecast[] = [];

/** A host's forecasts (disk and inodes per mount, memory), or none while they load or fail. */
export function useForecasts(hostId: string): Forecast[] {
  const query = useQuery({
    queryKey: ['forecasts:host', hostId] as const,
    queryFn: () => api.call('forecasts:host', { hostId }),
    staleTime: REFRESH_MS,
    refetchInterval: REFRESH_MS,
  });
  return query.data?.forecasts ?? NONE;
}
