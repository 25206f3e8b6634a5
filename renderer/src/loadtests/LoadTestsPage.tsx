import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LoadRun } from '../../../shared/loadTests';
import { useAppInfo } from '../app/useAppInfo';
import { useHostNames } from '../hosts/useHostNames';
import { useLoadTestsSync } from './useLoadTestsSync';
import { useLoadTestsStore, type LoadTestsState } from './loadTestsStore';
import { ErrorNotice } from '../ui/ErrorNotice';
import { LoadConfirmDialog } from './LoadConfirmDialog';
import { LoadProgressBar } from './LoadProgressBar';
import { LoadRunResult } from './LoadRunResult';
import { LoadRunsTable } from './LoadRunsTable';
import { LoadTargetDetail } from './LoadTargetDetail';
import { LoadTargetForm } from './LoadTargetForm';
import { LoadTargetList } from './LoadTargetList';
import { Modal } from '../ui/Modal';
import { SectionPage } from '../app/SectionPage';
// The page's own layout is in loadtests.css (main.tsx); what a run shows is here.
import './loadRuns.css';

type Dialog = { kind: 'new' } | { kind: 'edit' } | { kind: 'confirm' } | null;

const NO_RUNS: readonly LoadRun[] = [];

/** The run going now, wherever it is (one at a time); the same object while it does not change. */
function runningRun(s: LoadTestsState): LoadRun | null {
  for (const runs of Object.values(s.runs)) for (const r of runs) if (r.status === 'running') return r;
  return null;
}

/** The target with a run going: from its run, or from progress of a run not fetched yet. */
function runningTargetId(s: LoadTestsState): string | null {
  return runningRun(s)?.targetId ?? Object.values(s.progress)[0]?.targetId ?? null;
}

/**
 * Load tests: saved targets (the only thing a run can be pointed at), a confirmed run with
 * live progress, its result against the baseline, and the target's kept runs. Reviewing a
 * saved history shows targets and runs read-only.
 */
export function LoadTestsPage() {
  useLoadTestsSync();
  const reviewing = useAppInfo()?.history != null;
  const hostNames = useHostNames();
  const [dialog, setDialog] = useState<Dialog>(null);
  const { targets, targetsError, selectedTargetId, selectedRunId, runsError } = useLoadTestsStore(
    useShallow((s) => ({
      targets: s.targets,
      targetsError: s.targetsError,
      selectedTargetId: s.selectedTargetId,
      selectedRunId: s.selectedRunId,
      runsError: s.runsError,
    })),
  );
  const runs = useLoadTestsStore((s) => (selectedTargetId ? s.runs[selectedTargetId] : undefined)) ?? NO_RUNS;
  const running = useLoadTestsStore(runningRun);
  const busyTargetId = useLoadTestsStore(runningTargetId);
  const progress = useLoadTestsStore((s) => (running ? (s.progress[running.id] ?? null) : null));

  const target = targets?.find((t) => t.id === selectedTargetId);
  const hostName = target?.hostId ? (hostNames[target.hostId] ?? target.hostId) : null;
  const runningHere = running && running.targetId === selectedTargetId ? running : null;
  // The picked run, unless it is still going; else the newest that ended.
  const picked = runs.find((r) => r.id === selectedRunId && r.status !== 'running');
  const shown = picked ?? runs.find((r) => r.status !== 'running') ?? null;
  const close = (): void => setDialog(null);

  return (
    <>
      <SectionPage
        title="Load tests"
        className="loadtests-page"
        testId="loadtests-page"
        actions={
          !reviewing && (
            <button
              type="button"
              className="button button--primary"
              onClick={() => setDialog({ kind: 'new' })}
              data-testid="load-new-target"
            >
              + New target
            </button>
          )
        }
      >
        <p className="muted loadtests-page__intro">
          A load test sends real traffic, so it runs only against a target saved here, and only after you
          confirm what it will send. Connections are capped at 200 and runs at 300 s.
        </p>
        <ErrorNotice message={targetsError} prefix="Could not load the targets: " />
        {targets === null && !targetsError && <p className="muted">Loading targets…</p>}
        {targets && targets.length === 0 && (
          <div className="notice" data-testid="load-empty">
            No targets saved yet.{' '}
            {reviewing
              ? 'This history kept none.'
              : 'Save one with “New target”: a URL, how hard to push it, and what passes.'}
          </div>
        )}
        {targets && targets.length > 0 && (
          <div className="loadtests-layout">
            <LoadTargetList targets={targets} selectedId={selectedTargetId} runningTargetId={busyTargetId} />
            {target && (
              <div className="loadtests-main">
                <LoadTargetDetail
                  target={target}
                  hostName={hostName}
                  readOnly={reviewing}
                  busyElsewhere={busyTargetId !== null}
                  onRun={() => setDialog({ kind: 'confirm' })}
                  onEdit={() => setDialog({ kind: 'edit' })}
                />
                {runningHere && (
                  <LoadProgressBar
                    run={runningHere}
                    progress={progress}
                    hostName={hostName}
                    readOnly={reviewing}
                  />
                )}
                <ErrorNotice message={runsError} prefix="Could not load the runs: " />
                {shown && <LoadRunResult run={shown} hostName={hostName} />}
                <LoadRunsTable runs={runs} shownRunId={shown?.id ?? null} readOnly={reviewing} />
              </div>
            )}
          </div>
        )}
      </SectionPage>
      {(dialog?.kind === 'new' || (dialog?.kind === 'edit' && target)) && (
        <Modal
          title={dialog.kind === 'new' ? 'New load-test target' : `Edit ${target?.name ?? ''}`}
          testId="load-target-dialog"
          onClose={close}
          wide
        >
          <LoadTargetForm target={dialog.kind === 'edit' ? target : undefined} onDone={close} />
        </Modal>
      )}
      {dialog?.kind === 'confirm' && target && <LoadConfirmDialog target={target} onClose={close} />}
    </>
  );
}
