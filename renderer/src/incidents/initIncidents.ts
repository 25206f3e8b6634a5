import type { GreenboardApi } from '../../../shared/contract';
import { errorMessage } from '../transport/apiCallError';
import type { ConnectionSource } from '../transport/connectionStatus';
import { useIncidentsStore } from './incidentsStore';

/**
 * Loads the incidents and keeps them current: every change arrives as `incidents:changed`
 * with the incident's summary; after a reconnect the list is read again. Returns a cleanup.
 */
export function initIncidents(api: GreenboardApi, connection: ConnectionSource): () => void {
  let disposed = false;
  let wasClosed = false;
  const store = useIncidentsStore.getState();
  const load = async (): Promise<void> => {
    try {
      const list = await api.call('incidents:list', { status: 'all', limit: 1000 });
      if (!disposed) store.setAll(list);
    } catch (err) {
      if (!disposed) store.setLoadError(errorMessage(err));
    }
  };
  void load();
  const unsubs = [
    api.on('incidents:changed', ({ incident }) => store.applyChange(incident)),
    connection.subscribe((status) => {
      if (status.state === 'open' && wasClosed) {
        wasClosed = false;
        void load();
      }
      if (status.state === 'closed') wasClosed = true;
    }),
  ];
  return () => {
    disposed = true;
    for (const off of unsubs) off();
  };
}
