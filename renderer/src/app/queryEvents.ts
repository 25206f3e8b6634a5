import type { QueryClient } from '@tanstack/react-query';
import type { GreenboardApi } from '../../../shared/contract';
import type { ConnectionSource } from '../transport/connectionStatus';

/**
 * Marks cached reads stale when the engine says they changed, so the views showing them read
 * again (views not on screen read again when they next mount):
 * - `alerts:changed`: the alert log (every filter: a new row may belong in any of them) and the
 *   host's signals;
 * - `incidents:changed`: that incident in full;
 * - the connection coming back: everything, since events pushed while it was down are gone.
 * The live event stream itself (samples, health, probes, load test progress) stays in the
 * zustand stores that initStores wires. Returns the cleanup.
 */
export function initQueryEvents(
  api: Pick<GreenboardApi, 'on'>,
  connection: ConnectionSource,
  client: QueryClient,
): () => void {
  let wasClosed = false;
  const unsubs = [
    api.on('alerts:changed', (entry) => {
      void client.invalidateQueries({ queryKey: ['alerts:list'] });
      void client.invalidateQueries({ queryKey: ['alerts:signals', { hostId: entry.hostId }] });
    }),
    api.on('incidents:changed', ({ id }) => {
      void client.invalidateQueries({ queryKey: ['incidents:get', { id }] });
    }),
    connection.subscribe((status) => {
      if (status.state === 'closed') wasClosed = true;
      else if (status.state === 'open' && wasClosed) {
        wasClosed = false;
        void client.invalidateQueries();
      }
    }),
  ];
  return () => {
    for (const off of unsubs) off();
  };
}
