import { useMemo } from 'react';
import type { LoadRun, LoadTestResult } from '../../../shared/loadTests';
import { runColumns } from './loadChartData';
import type { LoadLine } from './loadChartOptions';
import { LoadPlot } from './LoadPlot';

const LOAD_LINES: readonly LoadLine[] = [
  { label: 'Requests/s', color: '--green', scale: 'rps' },
  { label: 'p95', color: '--amber', scale: 'ms' },
];
const HOST_LINES: readonly LoadLine[] = [
  { label: 'CPU', color: '--chart-cpu', scale: 'pct' },
  { label: 'Memory', color: '--chart-mem', scale: 'pct' },
];

/**
 * The run's requests/s and p95 over time above the fleet host's CPU and memory, on one time
 * axis (seconds into the run) with one cursor, so a latency climb lines up with its cause.
 */
export function LoadRunChart({
  run,
  result,
  hostName,
}: {
  run: LoadRun;
  result: LoadTestResult;
  hostName: string | null;
}) {
  const cols = useMemo(
    () => runColumns(result.startedAt, result.durationMs, run.timeline, run.hostUsage),
    [result.startedAt, result.durationMs, run.timeline, run.hostUsage],
  );
  const syncKey = `load-run-${run.id}`;
  const host = hostName ?? run.hostId;
  return (
    <div className="load-charts" data-testid="load-charts">
      <section className="load-chart" aria-label="Requests per second and p95 latency over the run">
        <h3 className="load-chart__title">Requests/s and p95</h3>
        {cols.load[0].length === 0 ? (
          <p className="muted">No timeline was kept for this run.</p>
        ) : (
          <LoadPlot
            lines={LOAD_LINES}
            data={cols.load}
            spanSec={cols.spanSec}
            syncKey={syncKey}
            label={`Requests/s and p95 over the run; ${cols.load[0].length} points`}
            testId="load-chart-load"
          />
        )}
      </section>
      <section className="load-chart" aria-label="The host's CPU and memory over the run">
        <h3 className="load-chart__title">{host ? `${host}: CPU and memory` : 'Host CPU and memory'}</h3>
        {!host ? (
          <p className="muted">
            No fleet host chosen for this target: edit it and pick the host serving it to record its CPU and
            memory during each run.
          </p>
        ) : cols.host[0].length === 0 ? (
          <p className="muted">No samples of {host} were recorded during this run.</p>
        ) : (
          <LoadPlot
            lines={HOST_LINES}
            data={cols.host}
            spanSec={cols.spanSec}
            syncKey={syncKey}
            label={`${host} CPU and memory over the run; ${cols.host[0].length} points`}
            testId="load-chart-host"
          />
        )}
      </section>
    </div>
  );
}
