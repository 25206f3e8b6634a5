import type { Slice } from '../core/slices';
import type { HostRegistry } from '../core/hostRegistry';
import type { ForecastService } from './forecastService';

/** The forecasts' slice of the API: a host must be on the board (a clear not_found otherwise). */
export function forecastHandlers(
  forecasts: ForecastService,
  hosts: Pick<HostRegistry, 'get'>,
): Slice<'forecasts'> {
  return {
    'forecasts:host': ({ hostId }) => forecasts.forHost(hosts.get(hostId).host.id),
  };
}
