import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartColumns } from './chartData';
import { chartOptions, PLOT_HEIGHT, uplotData } from './chartOptions';
import type { TimeWindow } from '../../charts/chartRange';
import type { ChartDef } from './hostCharts';
import { useUiStore } from '../../app/uiStore';
import type { ForecastLine } from './forecastLines';

interface Props {
  def: ChartDef;
  columns: ChartColumns;
  /** The stored range shown, or null for live. */
  span: TimeWindow | null;
  /** Charts with the same key share one cursor. */
  syncKey: string;
  /** Instants with a value, for the tests and for screen readers. */
  points: number;
  /** Forecast lines drawn over the chart (disk and inode use). */
  forecasts?: readonly ForecastLine[];
}

const NO_FORECASTS: readonly ForecastLine[] = [];

/** One uPlot chart of a chart definition's lines, with each line's min–max band. */
export function MetricChart({ def, columns, span, syncKey, points, forecasts = NO_FORECASTS }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  const theme = useUiStore((s) => s.theme);
  const data = useMemo(() => uplotData(columns), [columns]);
  const dataRef = useRef(data);
  const spanRef = useRef(span);
  const forecastsRef = useRef(forecasts);

  // Built again per theme (colours are baked into the canvas) and when the lines change.
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const opts = chartOptions(
      def,
      el,
      el.clientWidth,
      syncKey,
      () => spanRef.current,
      () => forecastsRef.current,
    );
    const chart = new uPlot(opts, dataRef.current, el);
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: PLOT_HEIGHT }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
      chartRef.current = null;
    };
  }, [def, syncKey, theme]);

  useEffect(() => {
    dataRef.current = data;
    spanRef.current = span;
    chartRef.current?.setData(data);
  }, [data, span]);

  useEffect(() => {
    forecastsRef.current = forecasts;
    chartRef.current?.redraw(false);
  }, [forecasts]);

  const label = `${def.title}: ${def.lines.map((l) => l.label).join(', ')}; ${points} points`;
  return (
    <div
      className="chart"
      ref={containerRef}
      role="figure"
      aria-label={label}
      data-testid="host-chart"
      data-chart={def.id}
      data-points={points}
      // Forecast lines drawn, for the tests (the canvas itself cannot be read).
      data-forecasts={forecasts.length}
    />
  );
}
