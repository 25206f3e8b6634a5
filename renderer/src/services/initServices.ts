import type { GreenboardApi } from '../../../shared/contract';
import { errorMessage } from '../transport/apiCallError';
import type { ConnectionSource } from '../transport/connectionStatus';
import { useServicesStore } from './servicesStore';

/**
 * Loads the services and keeps them current: every add, removal and poll arrives as
 * `services:changed` with the service's state; after a reconnect the list is read again, since
 * the polls pushed meanwhile are gone. Returns a cleanup.
 */
export function initServices(api: GreenboardApi, connection: ConnectionSource): () => void {
  let disposed = false;
  let wasClosed = false;
  let loading = false;
  let again = false;
  const store = useServicesStore.getState();
  // A change announced while a load is in flight may not be in its answer: load once more.
  const load = async (): Promise<void> => {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    try {
      do {
        again = false;
        const list = await api.call('services:list', {});
        if (disposed) break;
        store.setAll(list);
      } while (again && !disposed);
    } catch (err) {
      if (!disposed) store.setLoadError(errorMessage(err));
    } finally {
      loading = false;
    }
  };
  void load();
  const unsubs = [
    api.on('services:changed', (change) => {
      if (loading) again = true;
      store.applyChange(change);
    }),
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
