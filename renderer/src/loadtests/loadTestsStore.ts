import { create } from 'zustand';
import type { LoadProgress, LoadRun, LoadTarget } from '../../../shared/loadTests';

/**
 * The Load tests page's state: saved targets, each target's runs (newest first), the latest
 * progress of a running run, and what is selected. Filled by useLoadTestsSync; pure setters only.
 */
export interface LoadTestsState {
  /** Null until the first answer. */
  targets: LoadTarget[] | null;
  targetsError: string | null;
  selectedTargetId: string | null;
  /** Target id → its kept runs, newest first; absent until fetched. */
  runs: Record<string, LoadRun[]>;
  runsError: string | null;
  /** The run whose result is shown; null shows the target's latest. */
  selectedRunId: number | null;
  /** Run id → its latest progress while it runs. */
  progress: Record<number, LoadProgress>;

  /** Forgets runs and progress: events were missed while the page was closed. */
  forgetRuns: () => void;
  setTargets: (targets: LoadTarget[]) => void;
  setTargetsError: (message: string | null) => void;
  upsertTarget: (target: LoadTarget) => void;
  dropTarget: (targetId: string) => void;
  selectTarget: (targetId: string | null) => void;
  setRuns: (targetId: string, runs: LoadRun[]) => void;
  setRunsError: (message: string | null) => void;
  selectRun: (runId: number | null) => void;
  /** A run started, ended, was cancelled, or became the baseline. */
  applyRun: (run: LoadRun) => void;
  applyProgress: (p: LoadProgress) => void;
}

/** Upserts by id, keeps newest first, and clears the baseline flag on the others when it moves. */
export function mergeRun(runs: readonly LoadRun[], run: LoadRun): LoadRun[] {
  const others = runs
    .filter((r) => r.id !== run.id)
    .map((r) => (run.baseline && r.baseline ? { ...r, baseline: false } : r));
  return [...others, run].sort((a, b) => b.startedAt - a.startedAt || b.id - a.id);
}

export const useLoadTestsStore = create<LoadTestsState>()((set) => ({
  targets: null,
  targetsError: null,
  selectedTargetId: null,
  runs: {},
  runsError: null,
  selectedRunId: null,
  progress: {},

  forgetRuns: () => set({ runs: {}, progress: {}, runsError: null }),
  setTargets: (targets) =>
    set((s) => ({
      targets,
      targetsError: null,
      selectedTargetId:
        s.selectedTargetId && targets.some((t) => t.id === s.selectedTargetId)
          ? s.selectedTargetId
          : (targets[0]?.id ?? null),
    })),
  setTargetsError: (targetsError) => set({ targetsError }),
  upsertTarget: (target) =>
    set((s) => {
      const list = s.targets ?? [];
      const i = list.findIndex((t) => t.id === target.id);
      const targets = i < 0 ? [...list, target] : list.map((t) => (t.id === target.id ? target : t));
      return { targets, selectedTargetId: target.id, selectedRunId: i < 0 ? null : s.selectedRunId };
    }),
  dropTarget: (targetId) =>
    set((s) => {
      const targets = (s.targets ?? []).filter((t) => t.id !== targetId);
      const runs = { ...s.runs };
      delete runs[targetId];
      const selectedTargetId =
        s.selectedTargetId === targetId ? (targets[0]?.id ?? null) : s.selectedTargetId;
      return { targets, runs, selectedTargetId, selectedRunId: null };
    }),
  selectTarget: (selectedTargetId) => set({ selectedTargetId, selectedRunId: null, runsError: null }),
  setRuns: (targetId, list) =>
    set((s) => {
      // A run that started or ended while the list was on its way wins over the older answer.
      const known = s.runs[targetId] ?? [];
      const merged = known.reduce(
        (acc, r) => (acc.some((x) => x.id === r.id) ? acc : mergeRun(acc, r)),
        list,
      );
      return { runs: { ...s.runs, [targetId]: merged }, runsError: null };
    }),
  setRunsError: (runsError) => set({ runsError }),
  selectRun: (selectedRunId) => set({ selectedRunId }),
  applyRun: (run) =>
    set((s) => {
      const progress = { ...s.progress };
      if (run.status !== 'running') delete progress[run.id];
      return { runs: { ...s.runs, [run.targetId]: mergeRun(s.runs[run.targetId] ?? [], run) }, progress };
    }),
  applyProgress: (p) =>
    set((s) => {
      // A late snapshot after the run ended would bring back a finished progress bar.
      const run = s.runs[p.targetId]?.find((r) => r.id === p.runId);
      if (run && run.status !== 'running') return {};
      return { progress: { ...s.progress, [p.runId]: p } };
    }),
}));
