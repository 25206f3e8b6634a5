import { formatBytes } from '../../../shared/format';
import type { LoadBaselineReport, LoadRun, LoadTestResult } from '../../../shared/loadTests';
import {
  changeText,
  formatCount,
  formatMs,
  rpsNumber,
  formatSeconds,
  metricValue,
  overallBadge,
  runTime,
  thresholdActual,
  VERDICTS,
} from './loadFormat';
import { judgeChange } from '../../../shared/loadVerdict';
import { ErrorNotice } from '../ui/ErrorNotice';
import { LoadRunChart } from './LoadRunChart';
import { Stat } from './LoadStat';

/**
 * One finished run: its numbers, each threshold and the overall pass / fail, how it compares
 * with the baseline, and its timeline beside the host's CPU and memory.
 */
export function LoadRunResult({ run, hostName }: { run: LoadRun; hostName: string | null }) {
  const r = run.result;
  return (
    <section
      className="panel load-result"
      aria-labelledby="load-result-title"
      data-testid="load-result"
      data-run-id={run.id}
    >
      <div className="panel__header">
        <h2 className="panel__title" id="load-result-title">
          Run of {runTime(run.startedAt)}
          {run.baseline && (
            <span className="load-baseline-tag" data-testid="load-result-baseline">
              <span aria-hidden="true">★</span> baseline
            </span>
          )}
        </h2>
        {r && <Overall result={r} comparison={run.comparison} />}
      </div>
      {run.status === 'failed' && (
        <ErrorNotice
          message={run.error ?? 'The run failed.'}
          prefix="The run failed: "
          testId="load-result-error"
        />
      )}
      {r?.cancelled && (
        <p className="notice load-result__cancelled" data-testid="load-result-cancelled">
          Cancelled after {formatSeconds(r.durationMs)}: the numbers cover the time it ran.
        </p>
      )}
      {r && <Numbers result={r} />}
      {r && r.thresholds.length > 0 && <Thresholds result={r} />}
      {run.comparison && <Comparison report={run.comparison} />}
      {r && !run.baseline && !run.comparison && (
        <p className="muted" data-testid="load-no-baseline">
          No baseline to compare with yet: mark a run as the baseline and later runs are judged against it.
        </p>
      )}
      {r && <LoadRunChart run={run} result={r} hostName={hostName} />}
    </section>
  );
}

function Overall({ result, comparison }: { result: LoadTestResult; comparison: LoadBaselineReport | null }) {
  const b = overallBadge(result, comparison);
  return (
    <span className={`load-overall ${b.tone}`} data-testid="load-overall" data-overall={b.kind}>
      {b.icon && <span aria-hidden="true">{b.icon}</span>} {b.text}
    </span>
  );
}

function Numbers({ result: r }: { result: LoadTestResult }) {
  const { latency } = r;
  return (
    <>
      <dl className="load-stats" data-testid="load-numbers">
        <Stat label="Requests" value={formatCount(r.requests)} testId="load-requests" />
        <Stat label="Requests/s" value={rpsNumber(r.rps)} testId="load-rps" />
        <Stat label="Errors" value={formatCount(r.errors)} testId="load-errors" bad={r.errors > 0} />
        <Stat label="Timeouts" value={formatCount(r.timeouts)} testId="load-timeouts" bad={r.timeouts > 0} />
        <Stat label="Non-2xx" value={formatCount(r.non2xx)} testId="load-non2xx" bad={r.non2xx > 0} />
        <Stat label="Error rate" value={`${Number(r.errorRatePct.toFixed(2))}%`} bad={r.errorRatePct > 0} />
        <Stat label="Received" value={formatBytes(r.bytes)} testId="load-bytes" />
      </dl>
      <dl className="load-stats load-stats--latency" data-testid="load-latency">
        <Stat label="p50" value={formatMs(latency.p50)} testId="load-p50" />
        <Stat label="p90" value={formatMs(latency.p90)} testId="load-p90" />
        <Stat label="p95" value={formatMs(latency.p95)} testId="load-p95" />
        <Stat label="p99" value={formatMs(latency.p99)} testId="load-p99" />
        <Stat label="max" value={formatMs(latency.max)} testId="load-max" />
        <Stat label="mean" value={formatMs(latency.mean)} />
      </dl>
      <p className="muted load-result__how">
        {r.connections} connections for {formatSeconds(r.durationMs)}; latency measured from{' '}
        {r.latencyFrom === 'schedule'
          ? 'each request’s intended send time (fixed rate)'
          : 'each request’s actual send (no fixed rate)'}
        .
      </p>
    </>
  );
}

function Thresholds({ result }: { result: LoadTestResult }) {
  return (
    <ul className="load-thresholds" aria-label="Thresholds" data-testid="load-thresholds-result">
      {result.thresholds.map((t) => (
        <li key={t.expr} className={`load-threshold ${t.ok ? 'state-green' : 'state-red'}`} data-ok={t.ok}>
          <span className="load-threshold__mark">
            <span aria-hidden="true">{t.ok ? '✔' : '✖'}</span> {t.ok ? 'pass' : 'fail'}
          </span>
          <code>{t.expr}</code>
          <span className="muted">measured {thresholdActual(t.expr, t.actual)}</span>
        </li>
      ))}
    </ul>
  );
}

function Comparison({ report }: { report: LoadBaselineReport }) {
  const v = VERDICTS[report.verdict];
  return (
    <div className="load-compare" data-testid="load-comparison">
      <p className={`load-verdict ${v.tone}`} data-testid="load-verdict" data-verdict={report.verdict}>
        <span className="load-verdict__icon" aria-hidden="true">
          {v.icon}
        </span>
        <span>{report.summary}</span>
        <span className="muted load-verdict__when">
          (baseline: run of {runTime(report.baselineStartedAt)})
        </span>
      </p>
      <div className="load-table-wrap">
        <table className="table load-compare__table">
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" className="num">
                Baseline
              </th>
              <th scope="col" className="num">
                This run
              </th>
              <th scope="col" className="num">
                Change
              </th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {report.comparisons.map((c) => {
              const cv = VERDICTS[c.verdict];
              return (
                <tr key={c.metric} data-metric={c.metric} data-testid="load-compare-row">
                  <th scope="row">{c.metric}</th>
                  <td className="num mono">{metricValue(c.metric, c.baseline)}</td>
                  <td className="num mono">{metricValue(c.metric, c.current)}</td>
                  <td className="num mono">{changeText(c)}</td>
                  <td>
                    <span className={`load-chip ${cv.tone}`} title={c.summary}>
                      <span aria-hidden="true">{cv.icon}</span> {cv.word}
                    </span>{' '}
                    <span className="muted load-compare__why" data-testid="load-compare-why">
                      {judgeChange(c.metric, c.baseline, c.current).why}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
