import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, errorMessage } from '../api';
import { apiQuery } from '../apiQuery';
import { useLoadTestsStore } from './loadTestsStore';

/**
 * Keeps the load tests store current while the page is open: the saved targets, the selected
 * target's runs whenever the selection changes, and the engine's progress and run-changed
 * events. The store stays the one truth the page reads, since runs and progress arrive as
 * events; the reads only seed it. Every subscription is undone when the page goes.
 */
export function useLoadTestsSync(): void {
  const selectedTargetId = useLoadTestsStore((s) => s.selectedTargetId);
  // Kept no longer than the page: a list cached from an earlier visit would be shown (and pick
  // the selection) before the fresh one, while the store already has edits made since.
  const targets = useQuery({ ...apiQuery('loadtests:targets', {}), gcTime: 0 });
  const runs = useQuery({
    ...apiQuery('loadtests:runs', { targetId: selectedTargetId ?? '' }),
    enabled: selectedTargetId !== null,
    gcTime: 0,
  });

  useEffect(() => {
    useLoadTestsStore.getState().forgetRuns();
    const offProgress = api.on('loadtests:progress', (p) => useLoadTestsStore.getState().applyProgress(p));
    const offChanged = api.on('loadtests:changed', (run) => useLoadTestsStore.getState().applyRun(run));
    return () => {
      offProgress();
      offChanged();
    };
  }, []);

  useEffect(() => {
    if (targets.data) useLoadTestsStore.getState().setTargets(targets.data);
  }, [targets.data]);
  useEffect(() => {
    if (targets.error) useLoadTestsStore.getState().setTargetsError(errorMessage(targets.error));
  }, [targets.error]);

  useEffect(() => {
    if (selectedTargetId && runs.data) useLoadTestsStore.getState().setRuns(selectedTargetId, runs.data);
  }, [selectedTargetId, runs.data]);
  useEffect(() => {
    if (runs.error) useLoadTestsStore.getState().setRunsError(errorMessage(runs.error));
  }, [runs.error]);
}
