import { useState } from 'react';
import type { LoadRun } from '../../../shared/loadTests';
import { api, errorMessage } from '../api';
import { formatMs, formatRps, runTime, statusWord, VERDICTS } from './loadFormat';
import { useLoadTestsStore } from './loadTestsStore';
import { ErrorNotice } from '../ui/ErrorNotice';

interface Props {
  runs: readonly LoadRun[];
  shownRunId: number | null;
  readOnly: boolean;
}

/** A target's kept runs, newest first; a row shows its result, a finished run can become the baseline. */
export function LoadRunsTable({ runs, shownRunId, readOnly }: Props) {
  const [busyId, setBusyId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const markBaseline = async (runId: number): Promise<void> => {
    setBusyId(runId);
    setError(null);
    try {
      useLoadTestsStore.getState().applyRun(await api.call('loadtests:setBaseline', { runId }));
      // Every other run's comparison changes with the baseline: fetch them again.
      const run = runs.find((r) => r.id === runId);
      if (run)
        useLoadTestsStore
          .getState()
          .setRuns(run.targetId, await api.call('loadtests:runs', { targetId: run.targetId }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusyId(null);
    }
  };

  const select = (runId: number): void => useLoadTestsStore.getState().selectRun(runId);

  return (
    <section className="panel load-runs" aria-labelledby="load-runs-title" data-testid="load-runs">
      <h2 className="panel__title" id="load-runs-title">
        Runs
      </h2>
      <ErrorNotice message={error} prefix="Not marked as the baseline: " testId="load-baseline-error" />
      {runs.length === 0 ? (
        <p className="muted">No runs yet.</p>
      ) : (
        <div className="load-table-wrap">
          <table className="table load-runs__table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Requests/s
                </th>
                <th scope="col" className="num">
                  p95
                </th>
                <th scope="col" className="num">
                  Errors
                </th>
                <th scope="col">Against baseline</th>
                <th scope="col">
                  <span className="visually-hidden">Baseline</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => {
                const r = run.result;
                const v = run.comparison ? VERDICTS[run.comparison.verdict] : null;
                const shown = run.id === shownRunId;
                return (
                  <tr
                    key={run.id}
                    className={`load-runs__row${shown ? ' load-runs__row--shown' : ''}`}
                    data-testid="load-run-row"
                    data-run-id={run.id}
                    data-status={run.status}
                    aria-selected={shown}
                    onClick={() => select(run.id)}
                  >
                    <td className="load-runs__time">
                      <button
                        type="button"
                        className="load-runs__link"
                        onClick={(e) => {
                          e.stopPropagation();
                          select(run.id);
                        }}
                        aria-current={shown ? 'true' : undefined}
                      >
                        {runTime(run.startedAt)}
                      </button>
                    </td>
                    <td>
                      <span className={`load-status load-status--${run.status}`}>
                        {statusWord(run.status)}
                      </span>
                    </td>
                    <td className="num mono">{formatRps(r?.rps)}</td>
                    <td className="num mono">{formatMs(r?.latency.p95)}</td>
                    <td className="num mono">{r ? `${Number(r.errorRatePct.toFixed(2))}%` : '—'}</td>
                    <td>
                      {v && run.comparison ? (
                        <span
                          className={`load-chip ${v.tone}`}
                          data-testid="load-run-verdict"
                          title={run.comparison.summary}
                        >
                          <span aria-hidden="true">{v.icon}</span> {v.word}
                        </span>
                      ) : (
                        <span className="muted">{run.baseline ? 'is the baseline' : '—'}</span>
                      )}
                    </td>
                    <td className="load-runs__baseline">
                      {run.baseline ? (
                        <span className="load-star" title="The baseline" data-testid="load-run-star">
                          <span aria-hidden="true">★</span>
                          <span className="visually-hidden">baseline</span>
                        </span>
                      ) : (
                        !readOnly &&
                        run.status === 'done' && (
                          <button
                            type="button"
                            className="button button--small"
                            disabled={busyId !== null}
                            onClick={(e) => {
                              e.stopPropagation();
                              void markBaseline(run.id);
                            }}
                            data-testid="load-mark-baseline"
                          >
                            <span aria-hidden="true">☆</span> Mark as baseline
                          </button>
                        )
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
