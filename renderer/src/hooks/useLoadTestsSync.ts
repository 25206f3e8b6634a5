import { useEffect } from 'react';
import { api, errorMessage } from '../api';
import { useLoadTestsStore } from '../stores/loadTests';

/**
 * Keeps the load tests store current while the page is open: the saved targets once, the
 * selected target's runs whenever the selection changes, and the engine's progress and
 * run-changed events. Every subscription is undone when the page goes.
 */
export function useLoadTestsSync(): void {
  const selectedTargetId = useLoadTestsStore((s) => s.selectedTargetId);

  useEffect(() => {
    const store = useLoadTestsStore.getState();
    store.forgetRuns();
    let cancelled = false;
    api.call('loadtests:targets', {}).then(
      (targets) => !cancelled && store.setTargets(targets),
      (err: unknown) => !cancelled && store.setTargetsError(errorMessage(err)),
    );
    const offProgress = api.on('loadtests:progress', (p) => useLoadTestsStore.getState().applyProgress(p));
    const offChanged = api.on('loadtests:changed', (run) => useLoadTestsStore.getState().applyRun(run));
    return () => {
      cancelled = true;
      offProgress();
      offChanged();
    };
  }, []);

  useEffect(() => {
    if (!selectedTargetId) return;
    let cancelled = false;
    const store = useLoadTestsStore.getState();
    api.call('loadtests:runs', { targetId: selectedTargetId }).then(
      (runs) => !cancelled && store.setRuns(selectedTargetId, runs),
      (err: unknown) => !cancelled && store.setRunsError(errorMessage(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [selectedTargetId]);
}
