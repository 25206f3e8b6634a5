import { useCallback, useState } from 'react';
import type { IncidentView } from '../../../shared/incidents';
import { errorMessage } from '../api';

/** What an incident page's parts need to change the incident. */
export interface IncidentActions {
  /** Who the timeline says did it. */
  by: string;
  /** The action running now (a key such as `tick:top`), or null. */
  busy: string | null;
  error: string | null;
  /** Runs one action; the incident it returns is shown at once. Resolves to whether it worked. */
  run: (key: string, call: () => Promise<IncidentView>) => Promise<boolean>;
}

/** One action at a time on an incident, with its error in words. */
export function useIncidentAction(
  by: string,
  setView: (v: IncidentView) => void,
  onAct: () => void,
): IncidentActions {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (key: string, call: () => Promise<IncidentView>): Promise<boolean> => {
      setBusy(key);
      setError(null);
      onAct();
      try {
        setView(await call());
        return true;
      } catch (err) {
        setError(errorMessage(err));
        return false;
      } finally {
        setBusy(null);
      }
    },
    [setView, onAct],
  );
  return { by, busy, error, run };
}
