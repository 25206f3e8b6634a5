import { useEffect, useMemo, useRef } from 'react';
import type { Sample } from '../../../shared/schemas';
import { countPoints, liveColumns, rangeColumns, type ChartColumns } from '../chartData';
import type { TimeWindow } from '../chartRange';
import type { ChartDef } from '../hostCharts';
import { useInView } from '../hooks/useInView';
import { useMetricRange } from '../hooks/useMetricRange';
import { MetricChart } from './MetricChart';

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
  history: readonly Sample[];
  syncKey: string;
  onStatus: (id: string, status: ChartStatus) => void;
}

/** No points yet, but one column per line: uPlot expects a column for every series. */
function empty(def: ChartDef): ChartColumns {
  const none = def.lines.map(() => []);
  return { ts: [], mean: none, min: none, max: none };
}

/** One chart on the host page: fetches its own series when it is on screen. */
export function ChartCard({ hostId, def, span, history, syncKey, onStatus }: Props) {
  const cardRef = useRef<HTMLElement>(null);
  const inView = useInView(cardRef);
  const refs = useMemo(() => def.lines.flatMap((l) => l.refs), [def]);
  const stored = useMetricRange(hostId, refs, span, inView && span !== null);
  const columns = useMemo(() => {
    if (span === null) return liveColumns(def.lines, history);
    return stored.data ? rangeColumns(def.lines, stored.data.byRef) : empty(def);
  }, [def, span, history, stored.data]);
  const points = countPoints(columns);
  const tier = span !== null && stored.current ? (stored.data?.tier ?? null) : null;
  const bucketMs = stored.data?.bucketMs ?? 0;

  useEffect(() => {
    onStatus(def.id, { points, tier, bucketMs, error: stored.error });
  }, [onStatus, def.id, points, tier, bucketMs, stored.error]);

  const titleId = `chart-title-${def.id}`;
  return (
    <section
      className="chart-card"
      ref={cardRef}
      aria-labelledby={titleId}
      data-testid={`chart-card-${def.id}`}
    >
      <h3 className="chart-card__title" id={titleId}>
        {def.title}
      </h3>
      {def.lines.length === 0 ? (
        <p className="muted chart-card__none">{def.none ?? 'Nothing to chart.'}</p>
      ) : (
        <div className="chart-card__plot">
          <MetricChart def={def} columns={columns} span={span} syncKey={syncKey} points={points} />
          {points === 0 && (span === null || stored.current) && (
            <p className="chart-card__empty muted">
              {span === null ? 'Waiting for samples…' : 'No data in this range'}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
