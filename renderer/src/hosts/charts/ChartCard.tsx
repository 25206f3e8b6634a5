import { useEffect, useMemo, useRef } from 'react';
import type { Sample } from '../../../../shared/schemas';
import { formatTime } from '../../../../shared/format';
import { countPoints, liveColumns, rangeColumns, type ChartColumns } from './chartData';
import type { TimeWindow } from '../../charts/chartRange';
import type { ChartDef } from './hostCharts';
import { useInView } from '../../ui/useInView';
import { useMetricRange } from './useMetricRange';
import { withStoredTail } from './storedTail';
import { MetricChart } from './MetricChart';
import { forecastLines, forecastNotes, withForecastRoom } from './forecastLines';
import type { Forecast } from '../../../../shared/forecasts';

/** What a chart tells the panel, which says it once for all of them. */
export interface ChartStatus {
  points: number;
  /** Set once the stored answer for the current window is in. */
  tier: string | null;
  bucketMs: number;
  error: string | null;
}

interface Props {
  hostId: string;
  def: ChartDef;
  /** The stored range, or null for live (drawn from `history`). */
  span: TimeWindow | null;
  /** What live spans: its stored polls are drawn before the first of `history`. */
  liveSpan: TimeWindow;
  /** When the host last sent data, if that is longer ago than Live spans; null while it answers. */
  quietSince?: number | null;
  history: readonly Sample[];
  syncKey: string;
  onStatus: (id: string, status: ChartStatus) => void;
  /** The host's forecasts: disk and inode charts draw theirs. */
  forecasts?: readonly Forecast[];
}

const NO_FORECASTS: readonly Forecast[] = [];

/** No points yet, but one column per line: uPlot expects a column for every series. */
function empty(def: ChartDef): ChartColumns {
  const none = def.lines.map(() => []);
  return { ts: [], mean: none, min: none, max: none };
}

/** One chart on the host page: fetches its own series when it is on screen. */
export function ChartCard({
  hostId,
  def,
  span,
  liveSpan,
  quietSince = null,
  history,
  syncKey,
  onStatus,
  forecasts = NO_FORECASTS,
}: Props) {
  const cardRef = useRef<HTMLElement>(null);
  const inView = useInView(cardRef);
  const refs = useMemo(() => def.lines.flatMap((l) => l.refs), [def]);
  // Live asks once for its window's stored polls, so it opens with minutes, not one sample.
  const stored = useMetricRange(hostId, refs, span ?? liveSpan, inView);
  const { data: storedData, current: storedCurrent } = stored;
  const storedColumns = useMemo(
    () => (storedData && storedCurrent ? rangeColumns(def.lines, storedData.byRef) : null),
    [def, storedData, storedCurrent],
  );
  const columns = useMemo(() => {
    if (span === null) {
      const live = liveColumns(def.lines, history);
      return withStoredTail(storedColumns, stored.data?.bucketMs ?? 0, live, liveSpan.to - liveSpan.from);
    }
    return stored.data ? rangeColumns(def.lines, stored.data.byRef) : empty(def);
  }, [def, span, liveSpan, history, stored.data, storedColumns]);
  // Every live chart spans the same minutes up to the newest sample, so the shared cursor
  // lines them up, and a chart with fewer stored series shows how much it is missing.
  const liveMs = liveSpan.to - liveSpan.from;
  const liveEnd = history.at(-1)?.ts ?? liveSpan.to;
  const liveAxis = useMemo(() => ({ from: liveEnd - liveMs, to: liveEnd }), [liveEnd, liveMs]);
  const points = countPoints(columns);
  const first = columns.ts[0];
  const last = columns.ts.at(-1);
  const spanSeconds = first !== undefined && last !== undefined ? Math.round(last - first) : 0;
  const tier = span !== null && stored.current ? (stored.data?.tier ?? null) : null;
  const bucketMs = stored.data?.bucketMs ?? 0;

  useEffect(() => {
    onStatus(def.id, { points, tier, bucketMs, error: stored.error });
  }, [onStatus, def.id, points, tier, bucketMs, stored.error]);

  const lines = useMemo(() => forecastLines(def, forecasts), [def, forecasts]);
  const notes = useMemo(() => forecastNotes(def, forecasts), [def, forecasts]);
  const axisSpan = useMemo(() => withForecastRoom(span ?? liveAxis, lines), [span, liveAxis, lines]);

  const titleId = `chart-title-${def.id}`;
  return (
    <section
      className="chart-card"
      ref={cardRef}
      aria-labelledby={titleId}
      data-testid={`chart-card-${def.id}`}
      // What the drawn points span, for the tests: live opens with minutes, not seconds.
      data-span-s={spanSeconds}
    >
      <h3 className="chart-card__title" id={titleId}>
        {def.title}
      </h3>
      {def.lines.length === 0 ? (
        <p className="muted chart-card__none">{def.none ?? 'Nothing to chart.'}</p>
      ) : (
        <div className="chart-card__plot">
          <MetricChart
            def={def}
            columns={columns}
            span={axisSpan}
            syncKey={syncKey}
            points={points}
            forecasts={lines}
          />
          {points === 0 && (span === null || stored.current) && (
            <p className="chart-card__empty muted">
              {span !== null
                ? 'No data in this range'
                : quietSince !== null
                  ? `No data since ${formatTime(quietSince, { seconds: false })}`
                  : 'Waiting for samples…'}
            </p>
          )}
        </div>
      )}
      {notes.length > 0 && (
        <ul className="chart-card__forecasts" data-testid="forecast-notes">
          {notes.map((n) => (
            <li key={n} className="muted">
              {n}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
