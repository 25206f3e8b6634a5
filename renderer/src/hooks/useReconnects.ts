import { useEffect, useState } from 'react';
import { useUiStore } from '../stores/ui';

/**
 * Counts the times the connection came back after dropping. Events pushed while it was down
 * are gone, so a view built from events reloads when this changes.
 */
export function useReconnects(): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let wasClosed = useUiStore.getState().connection.state === 'closed';
    return useUiStore.subscribe((s) => {
      if (s.connection.state === 'closed') wasClosed = true;
      else if (s.connection.state === 'open' && wasClosed) {
        wasClosed = false;
        setCount((n) => n + 1);
      }
    });
  }, []);
  return count;
}
