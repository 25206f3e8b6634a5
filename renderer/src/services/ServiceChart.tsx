import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useRef } from 'react';
import { apiKey } from '../apiQuery';
import { api, errorMessage } from '../api';
import type { TimeWindow } from '../charts/chartRange';
import { countPoints, rangeColumns, refKey, type RangePoint } from '../hosts/charts/chartData';
import type { ChartDef } from '../hosts/charts/hostCharts';
import { MetricChart } from '../hosts/charts/MetricChart';
import { useInView } from '../ui/useInView';

/** Enough for a chart as wide as a screen; the engine picks the stored tier that fits. */
const MAX_POINTS = 600;

/**
 * One chart of a service over the picked range, read from `services:range` while it is on
 * screen and drawn by the host page's chart component (same axes, units and cursor behaviour).
 */
export function ServiceChart({
  serviceId,
  def,
  span,
  version,
}: {
  serviceId: string;
  def: ChartDef;
  span: TimeWindow;
  /** Changes when the range should be read again (a new reading in a range that ends now). */
  version: number | null;
}) {
  const ref = useRef<HTMLElement>(null);
  const inView = useInView(ref);
  const series = useMemo(() => def.lines.flatMap((l) => l.refs.map((r) => ({ ...r }))), [def]);
  const input = { serviceId, series, from: span.from, to: span.to, maxPoints: MAX_POINTS };
  const query = useQuery({
    queryKey: [...apiKey('services:range', input), version] as const,
    queryFn: () => api.call('services:range', input),
    enabled: inView,
    // A stored window does not change; a range that ends now moves on as its span does.
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
  const columns = useMemo(() => {
    const byRef = new Map<string, RangePoint[]>();
    query.data?.series.forEach((points, i) => {
      const r = series[i];
      if (r) byRef.set(refKey(r), points);
    });
    return rangeColumns(def.lines, byRef);
  }, [def, series, query.data]);
  const points = countPoints(columns);
  const titleId = `svc-chart-${serviceId}-${def.id}`.replace(/[^A-Za-z0-9_-]/g, '_');
  return (
    <section
      className="chart-card"
      ref={ref}
      aria-labelledby={titleId}
      data-testid={`service-chart-${def.id}`}
      data-points={points}
      // For the tests: the stored answer for this range is in (an empty one included).
      data-fetched={query.isFetched && !query.isPlaceholderData}
    >
      <h3 className="chart-card__title" id={titleId}>
        {def.title}
      </h3>
      <div className="chart-card__plot">
        <MetricChart
          def={def}
          columns={columns}
          span={span}
          syncKey={`service:${serviceId}`}
          points={points}
        />
        {query.error ? (
          <p className="chart-card__empty notice--error">{errorMessage(query.error)}</p>
        ) : (
          points === 0 && query.isFetched && <p className="chart-card__empty muted">No data in this range</p>
        )}
      </div>
    </section>
  );
}
