import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TimeWindow } from '../charts/chartRange';
import { timeAxisSpace } from '../charts/chartMarks';
import { formatChartValue, formatMoment, formatTick, formatTimeTick, TIME_INCRS } from '../charts/chartUnits';
import type { ProbeChartColumns } from './probeChartData';
import { PHASES } from './probeFormat';
import { useUiStore } from '../app/uiStore';

const HEIGHT = 200;
/** Up to this many runs in the range, each is marked with a dot. */
const FEW_RUNS = 60;

interface Props {
  columns: ProbeChartColumns;
  /** The window the x axis spans, whatever runs fall in it. */
  span: TimeWindow;
  /** The fleet host's name when the probe also runs there: a line of its total time. */
  remoteName: string | null;
}

/**
 * Options for the timing chart. The phases are drawn stacked (each line is the top edge of its
 * phase, the band below it is the phase), while the legend shows each phase's own ms. Colours
 * are read from CSS (uPlot draws on canvas), so the chart is rebuilt when the theme changes.
 */
function timingOptions(
  el: Element,
  width: number,
  remoteName: string | null,
  span: () => TimeWindow,
  phases: () => (number | null)[][],
): uPlot.Options {
  const css = getComputedStyle(el);
  const v = (name: string): string => css.getPropertyValue(name).trim();
  const axis: uPlot.Axis = {
    stroke: v('--text-muted'),
    grid: { stroke: v('--chart-grid'), width: 1 },
    ticks: { stroke: v('--chart-grid'), width: 1 },
    font: '11px system-ui, sans-serif',
  };
  const phaseSeries: uPlot.Series[] = PHASES.map((p, i) => ({
    label: p.label,
    stroke: v(`--phase-${p.tone}`),
    width: 1,
    // A new probe has a handful of runs in an hour: dots make them visible.
    points: { show: (u) => u.data[0].length <= FEW_RUNS, size: 4 },
    ...(i === 0 ? { fill: `${v(`--phase-${p.tone}`)}99` } : {}),
    value: (_u, _raw, _si, idx) => (idx == null ? '—' : formatChartValue('ms', phases()[i]?.[idx])),
  }));
  const remote: uPlot.Series[] = remoteName
    ? [
        {
          label: `Total from ${remoteName}`,
          stroke: v('--phase-remote'),
          width: 2,
          dash: [6, 4],
          spanGaps: true,
          points: { show: true, size: 4 },
          value: (_u, raw) => formatChartValue('ms', raw),
        },
      ]
    : [];
  return {
    width,
    height: HEIGHT,
    padding: [10, 24, 0, 0],
    cursor: { y: false, drag: { x: false, y: false } },
    legend: { live: true },
    hooks: {
      // At rest the legend shows the newest run rather than dashes; hovering shows the one under the cursor.
      setLegend: [
        (u) => {
          const last = u.data[0].length - 1;
          if (u.cursor.idx == null && last >= 0 && u.data.length === u.series.length)
            u.setLegend({ idx: last }, false);
        },
      ],
    },
    scales: {
      x: { time: true, range: () => [span().from / 1000, span().to / 1000] },
      y: { range: (_u, _min, max) => [0, max > 0 ? uPlot.rangeNum(0, max, 0.1, true)[1] : 100] },
    },
    axes: [
      {
        ...axis,
        incrs: TIME_INCRS,
        space: (_u, _ax, _min, _max, plotDim) => timeAxisSpace(plotDim),
        values: (_u, ticks, _ax, _sp, incr) => ticks.map((t) => formatTimeTick(t, incr)),
      },
      { ...axis, size: 56, values: (_u, ticks) => ticks.map((t) => formatTick('ms', t)) },
    ],
    series: [
      { label: 'At', value: (_u, ts) => (ts == null ? '—' : formatMoment(ts)) },
      ...phaseSeries,
      ...remote,
    ],
    // Each phase fills the space between its top edge and the one below it.
    bands: PHASES.slice(1).map((p, i) => ({ series: [i + 2, i + 1], fill: `${v(`--phase-${p.tone}`)}99` })),
  };
}

/** The probe's request phases over time, stacked, with the fleet host's total as a dashed line. */
export function ProbeTimingChart({ columns, span, remoteName }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  const theme = useUiStore((s) => s.theme);
  const data = useMemo<uPlot.AlignedData>(
    () => [columns.ts, ...columns.stacked, ...(columns.remote ? [columns.remote] : [])],
    [columns],
  );
  const live = useRef({ data, span, phases: columns.phases });

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const opts = timingOptions(
      el,
      el.clientWidth,
      remoteName,
      () => live.current.span,
      () => live.current.phases,
    );
    const chart = new uPlot(opts, live.current.data, el);
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: HEIGHT }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
      chartRef.current = null;
    };
  }, [remoteName, theme]);

  useEffect(() => {
    live.current = { data, span, phases: columns.phases };
    chartRef.current?.setData(data);
  }, [data, span, columns.phases]);

  return (
    <div
      className="chart probe-chart"
      ref={containerRef}
      role="figure"
      aria-label={`Request phases over time: ${PHASES.map((p) => p.label).join(', ')}${remoteName ? `, and total from ${remoteName}` : ''}; ${columns.points} runs`}
      data-testid="probe-chart"
      data-points={columns.points}
    />
  );
}
