import { useMemo, useState } from 'react';
import type { ProbeResult } from '../../../shared/probes';
import { useNow } from '../ui/useNow';
import { useProbeResults } from './useProbeResults';
import { probeChartColumns } from './probeChartData';
import { fitRange, PROBE_RANGES } from './probeFormat';
import { ErrorNotice } from '../ui/ErrorNotice';
import { ProbeResultsTable } from './ProbeResultsTable';
import { ProbeTimingChart } from './ProbeTimingChart';
import { Segmented } from '../ui/Segmented';

const RANGES = PROBE_RANGES;
const WIDEST = RANGES[RANGES.length - 1]!.ms;

interface Props {
  probeId: string;
  /** The newest runs, from the live status: appended as they come. */
  last: ProbeResult | null;
  lastRemote: ProbeResult | null;
  remoteName: string | null;
  /** When reviewing a saved history: the range ends at its last run, not now. */
  endTs: number | null;
}

/** The probe over a range: its phases charted over time and a table of the recent runs. */
export function ProbeHistory({ probeId, last, lastRemote, remoteName, endTs }: Props) {
  // Null until the first answer: the chart then opens on the narrowest range that holds every
  // run, so a new probe's few runs are not squashed at the right edge of an hour.
  const [picked, setPicked] = useState<number | null>(null);
  const { results, error } = useProbeResults(probeId, picked ?? WIDEST, endTs, [last, lastRemote]);
  // The axis slides with the clock, a few seconds at a time: enough for runs every 30 s.
  const now = useNow(5000);
  const to = endTs ?? now;
  if (picked === null && results !== null) setPicked(fitRange(results, to));
  const rangeMs = picked ?? WIDEST;
  const span = useMemo(() => ({ from: to - rangeMs, to }), [to, rangeMs]);
  const columns = useMemo(() => probeChartColumns(results ?? [], remoteName !== null), [results, remoteName]);

  return (
    <section className="panel panel--wide" aria-labelledby="probe-history-title" data-testid="probe-history">
      <div className="panel__header">
        <h2 className="panel__title" id="probe-history-title">
          Timing over time
        </h2>
        <Segmented
          label="Time range"
          testId="probe-range"
          options={RANGES.map((r) => ({ id: r.ms, label: r.label }))}
          value={rangeMs}
          onChange={setPicked}
        />
      </div>
      <ErrorNotice message={error} prefix="Could not load the runs: " />
      <div className="chart-card__plot">
        <ProbeTimingChart columns={columns} span={span} remoteName={remoteName} />
        {results !== null && columns.points === 0 && (
          <p className="chart-card__empty muted">No runs in this range</p>
        )}
      </div>
      <h3 className="probe-history__subtitle">Recent runs</h3>
      {results === null ? (
        <p className="muted">Loading the runs…</p>
      ) : (
        <ProbeResultsTable results={results} remoteName={remoteName} />
      )}
    </section>
  );
}
