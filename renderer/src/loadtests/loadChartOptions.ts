import type uPlot from 'uplot';
import { formatCount, formatMs, formatRps } from './loadFormat';
import { secondsTick } from './loadChartData';
import { LINE_DASHES } from '../charts/chartMarks';

export const LOAD_PLOT_HEIGHT = 150;
/** Both y axes' width, on every chart of a run, so the plots' time axes line up. */
const AXIS_SIZE = 64;

/** Room on the right without labels, for a chart with one y scale. */
function blankRightAxis(scale: string): uPlot.Axis {
  return {
    scale,
    side: 1,
    size: AXIS_SIZE,
    grid: { show: false },
    ticks: { show: false },
    values: (_u, ticks) => ticks.map(() => ''),
  };
}

export interface LoadLine {
  label: string;
  /** A CSS variable holding the colour. */
  color: string;
  /** uPlot scale key: lines on the same key share a y axis. */
  scale: 'rps' | 'ms' | 'pct';
}

const SCALE_FORMAT: Record<LoadLine['scale'], (v: number) => string> = {
  rps: (v) => formatRps(v),
  ms: (v) => formatMs(v),
  pct: (v) => `${v.toFixed(1)}%`,
};

const TICK_FORMAT: Record<LoadLine['scale'], (v: number) => string> = {
  rps: (v) => formatCount(v),
  ms: (v) => `${Number(v.toPrecision(3))} ms`,
  pct: (v) => `${Math.round(v)}%`,
};

/**
 * Options for one of a run's charts. The x axis is seconds into the run, fixed to the run's
 * length on every chart of the run so they line up; up to two y axes (left, right) by scale.
 * uPlot draws on canvas and cannot read CSS variables, so colours are read from `el`.
 */
export function loadChartOptions(
  lines: readonly LoadLine[],
  el: Element,
  width: number,
  spanSec: number,
  syncKey: string,
): uPlot.Options {
  const css = getComputedStyle(el);
  const v = (name: string): string => css.getPropertyValue(name).trim();
  const axisStyle = {
    stroke: v('--text-muted'),
    grid: { stroke: v('--chart-grid'), width: 1 },
    ticks: { stroke: v('--chart-grid'), width: 1 },
    font: '11px system-ui, sans-serif',
  };
  const scales = [...new Set(lines.map((l) => l.scale))];
  const yScales: uPlot.Scales = {};
  for (const s of scales)
    yScales[s] = {
      range: s === 'pct' ? [0, 100] : (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1],
    };
  return {
    width,
    height: LOAD_PLOT_HEIGHT,
    padding: [10, 0, 0, 0],
    cursor: { y: false, drag: { x: false, y: false }, sync: { key: syncKey } },
    legend: { live: true },
    scales: { x: { time: false, range: () => [0, spanSec] }, ...yScales },
    hooks: {
      // At rest the legend shows the last values rather than dashes; hovering shows the moment's.
      setLegend: [
        (u) => {
          const last = u.data[0].length - 1;
          if (u.cursor.idx == null && last >= 0 && u.data.length === u.series.length)
            u.setLegend({ idx: last }, false);
        },
      ],
    },
    axes: [
      {
        ...axisStyle,
        // Round steps of seconds: uPlot's own would tick at 0.25 s and label it 0.3.
        incrs: [0.5, 1, 2, 5, 10, 15, 30, 60],
        values: (_u, ticks, _a, _s, incr) => ticks.map((t) => secondsTick(t, incr)),
      },
      ...scales.map((s, i): uPlot.Axis => ({
        ...axisStyle,
        scale: s,
        side: i === 0 ? 3 : 1,
        size: AXIS_SIZE,
        ...(i > 0 ? { grid: { show: false } } : {}),
        values: (_u, ticks) => ticks.map(TICK_FORMAT[s]),
      })),
      // Every chart of a run has a right axis of the same width, so their seconds line up.
      ...(scales.length === 1 ? [blankRightAxis(scales[0]!)] : []),
    ],
    series: [
      { label: 'Into the run', value: (_u, t) => (t == null ? '—' : `${t.toFixed(1)} s`) },
      ...lines.map((l, i): uPlot.Series => ({
        label: l.label,
        scale: l.scale,
        stroke: v(l.color),
        width: 2,
        ...(LINE_DASHES[i] ? { dash: LINE_DASHES[i] } : {}),
        spanGaps: true,
        points: { show: false },
        value: (_u, raw) => (raw == null ? '—' : SCALE_FORMAT[l.scale](raw)),
      })),
    ],
  };
}
