import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api';
import { useReconnects } from './useReconnects';

export interface Polled<T> {
  data: T | null;
  error: string | null;
  /** Asks again now, after a change made here (a silence added, a test message queued). */
  reload: () => void;
}

/**
 * Calls `load` now and every `intervalMs` while `active` and the page is on screen, for lists
 * the engine announces no events for. A failed refresh keeps the last answer beside the error.
 */
export function usePolled<T>(load: () => Promise<T>, intervalMs: number, active = true): Polled<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  const [version, setVersion] = useState(0);
  const reconnects = useReconnects();

  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    const run = (): void => {
      if (document.hidden) return; // a background tab has nobody to show it to
      load().then(
        (data) => !cancelled && setState({ data, error: null }),
        (err: unknown) => !cancelled && setState((prev) => ({ data: prev.data, error: errorMessage(err) })),
      );
    };
    run();
    const timer = setInterval(run, intervalMs);
    document.addEventListener('visibilitychange', run);
    return () => {
      cancelled = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', run);
    };
  }, [load, intervalMs, active, version, reconnects]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}
