import { useState } from 'react';
import type { LoadProgress, LoadRun } from '../../../shared/loadTests';
import { formatPct } from '../../../shared/format';
import { api, errorMessage } from '../api';
import { elapsedText, formatCount, formatMs, progressPct, rpsNumber } from './loadFormat';
import { useLoadTestsStore } from './loadTestsStore';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Stat } from './LoadStat';

interface Props {
  run: LoadRun;
  /** Null until the first snapshot arrives. */
  progress: LoadProgress | null;
  hostName: string | null;
  /** Reviewing a saved history: no Cancel. */
  readOnly: boolean;
}

/** A running run: how far it is, its live numbers, the host's load, and Cancel. */
export function LoadProgressBar({ run, progress, hostName, readOnly }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const totalMs = progress?.totalMs ?? run.spec.durationSec * 1000;
  const value = progressPct(progress?.fraction ?? 0);
  const time = elapsedText(progress?.elapsedMs ?? 0, totalMs);

  const cancel = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      useLoadTestsStore.getState().applyRun(await api.call('loadtests:cancel', { runId: run.id }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel load-progress" aria-label="Run in progress" data-testid="load-progress">
      <div className="panel__header">
        <h2 className="panel__title">
          <span className="spinner" aria-hidden="true" /> Sending load to {run.targetName}
        </h2>
        {!readOnly && (
          <BusyButton
            className="button button--danger-outline"
            busy={busy}
            busyLabel="Cancelling…"
            onClick={() => void cancel()}
            data-testid="load-cancel"
          >
            Cancel run
          </BusyButton>
        )}
      </div>
      <div className="load-progress__row">
        <div
          className="load-progress__track"
          role="progressbar"
          aria-label="Load test progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={value}
          aria-valuetext={`${time}, ${value}%`}
          data-testid="load-progressbar"
        >
          <span className="load-progress__fill" style={{ width: `${value}%` }} />
        </div>
        <span className="load-progress__time mono" data-testid="load-progress-time">
          {time}
        </span>
      </div>
      <dl className="load-stats load-stats--live">
        <Stat label="Requests/s" value={rpsNumber(progress?.rps)} testId="load-live-rps" />
        <Stat label="p95" value={formatMs(progress?.p95Ms)} testId="load-live-p95" />
        <Stat label="Requests" value={formatCount(progress?.requests ?? 0)} />
        <Stat
          label="Errors"
          value={formatCount(progress?.errors ?? 0)}
          testId="load-live-errors"
          bad={(progress?.errors ?? 0) > 0}
        />
        {hostName && (
          <>
            <Stat
              label={`${hostName} CPU`}
              value={formatPct(progress?.host?.cpuPct)}
              testId="load-live-cpu"
            />
            <Stat
              label={`${hostName} memory`}
              value={formatPct(progress?.host?.memPct)}
              testId="load-live-mem"
            />
          </>
        )}
      </dl>
      <ErrorNotice message={error} prefix="Not cancelled: " testId="load-cancel-error" />
    </section>
  );
}
