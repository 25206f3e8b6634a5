import type { GreenboardApi } from '../../../shared/contract';
import { coalescedLoad } from '../app/coalescedLoad';
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
  const store = useServicesStore.getState();
  // A change announced while a load is in flight may not be in its answer: load once more.
  const loader = coalescedLoad(async () => {
    try {
      const list = await api.call('services:list', {});
      if (disposed) return false;
      store.setAll(list);
      return true;
    } catch (err) {
      if (!disposed) store.setLoadError(errorMessage(err));
      return false;
    }
  });
  const load = (): Promise<void> => loader.run();
  void load();
  const unsubs = [
    api.on('services:changed', (change) => {
      loader.changed();
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
