import { useCallback, useState } from 'react';
import type { IncidentView } from '../../../shared/incidents';
import { errorMessage } from '../api';
import type { SaveOutcome } from '../ui/pendingChoice';

/** What an incident page's parts need to change the incident. */
export interface IncidentActions {
  /** Who the timeline says did it. */
  by: string;
  /** The action running now (a key such as `tick:top`), or null. */
  busy: string | null;
  error: string | null;
  /** Runs one action; the incident it returns is shown at once. Resolves to whether it worked. */
  run: (key: string, call: () => Promise<IncidentView>) => Promise<boolean>;
  /**
   * Runs one action like `run`, but a refusal is handed back for the control that made it to
   * show beside itself (and roll back), instead of at the top of the page.
   */
  attempt: (key: string, call: () => Promise<IncidentView>) => Promise<SaveOutcome>;
}

/** One action at a time on an incident, with its error in words. */
export function useIncidentAction(
  by: string,
  setView: (v: IncidentView) => void,
  onAct: () => void,
): IncidentActions {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const attempt = useCallback(
    async (key: string, call: () => Promise<IncidentView>): Promise<SaveOutcome> => {
      setBusy(key);
      setError(null);
      onAct();
      try {
        setView(await call());
        return { ok: true };
      } catch (err) {
        return { ok: false, message: errorMessage(err) };
      } finally {
        setBusy(null);
      }
    },
    [setView, onAct],
  );
  const run = useCallback(
    async (key: string, call: () => Promise<IncidentView>): Promise<boolean> => {
      const outcome = await attempt(key, call);
      if (!outcome.ok) setError(outcome.message);
      return outcome.ok;
    },
    [attempt],
  );
  return { by, busy, error, run, attempt };
}
