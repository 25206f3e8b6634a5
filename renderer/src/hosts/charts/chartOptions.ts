import uPlot from 'uplot';
import type { ChartColumns } from './chartData';
import { isolatedPoints, LINE_DASHES, timeAxisSpace } from '../../charts/chartMarks';
import type { TimeWindow } from '../../charts/chartRange';
import {
  BINARY_INCRS,
  formatMoment,
  formatTick,
  formatTimeTick,
  formatWithSpread,
  TIME_INCRS,
} from '../../charts/chartUnits';
import type { ChartDef } from './hostCharts';
import type { ForecastLine } from './forecastLines';

export const PLOT_HEIGHT = 170;

/**
 * uPlot's columns: time, each line's mean, then each line's max and min (the band's edges).
 * The bounds come last so a line's series index is its position in `def.lines`, plus one.
 */
export function uplotData(c: ChartColumns): uPlot.AlignedData {
  const bounds = c.mean.flatMap((_, i) => [c.max[i]!, c.min[i]!]);
  return [c.ts, ...c.mean, ...bounds];
}

/**
 * Options for one chart. uPlot draws on canvas and cannot read CSS variables, so the colours
 * are read from `el` here, and the chart is built again when the theme changes.
 * `span` is read on every redraw: the x axis covers the range picked, not just the data in it.
 */
export function chartOptions(
  def: ChartDef,
  el: Element,
  width: number,
  syncKey: string,
  span: () => TimeWindow | null,
  forecasts: () => readonly ForecastLine[] = () => [],
): uPlot.Options {
  const css = getComputedStyle(el);
  const v = (name: string): string => css.getPropertyValue(name).trim();
  const n = def.lines.length;
  const axis: uPlot.Axis = {
    stroke: v('--text-muted'),
    grid: { stroke: v('--chart-grid'), width: 1 },
    ticks: { stroke: v('--chart-grid'), width: 1 },
    font: '11px system-ui, sans-serif',
  };
  const means: uPlot.Series[] = def.lines.map((line, i) => ({
    label: line.label,
    stroke: v(line.color),
    width: 2,
    ...(LINE_DASHES[i] ? { dash: LINE_DASHES[i] } : {}),
    // Only samples with no neighbour are dotted: a line needs two points to be seen at all.
    points: { show: true, size: 5, filter: (u, si) => isolatedPoints(u.data[si] ?? []) },
    value: (u, raw, _si, idx) =>
      idx == null
        ? '—'
        : formatWithSpread(def.unit, raw, u.data[2 + n + 2 * i]?.[idx], u.data[1 + n + 2 * i]?.[idx]),
  }));
  const bounds: uPlot.Series[] = def.lines.flatMap((line) => {
    const edge = `${v(line.color)}55`;
    const bound = (label: string): uPlot.Series => ({
      label,
      class: 'u-bound',
      stroke: edge,
      width: 0.5,
      points: { show: false },
    });
    return [bound(`${line.label} max`), bound(`${line.label} min`)];
  });
  return {
    width,
    height: PLOT_HEIGHT,
    // Room on the right for the last time label, which is centred on the plot's edge.
    padding: [10, 24, 0, 0],
    // No horizontal crosshair: synced charts would draw it at the same height, meaning nothing.
    cursor: { y: false, drag: { x: false, y: false }, sync: { key: syncKey } },
    legend: { live: true },
    hooks: {
      draw: [(u) => drawForecasts(u, forecasts(), v)],
      // At rest the legend shows the latest values rather than dashes; hovering shows the moment's.
      setLegend: [
        (u) => {
          const last = u.data[0].length - 1;
          // Only with every column there: reading a missing one would throw inside uPlot's commit.
          if (u.cursor.idx == null && last >= 0 && u.data.length === u.series.length)
            u.setLegend({ idx: last }, false);
        },
      ],
    },
    scales: {
      x: {
        time: true,
        range: (_u, min, max) => {
          const s = span();
          if (s) return [s.from / 1000, s.to / 1000];
          // Live with fewer than two samples: uPlot would invent a multi-year axis.
          if (max - min >= 1) return [min, max];
          const now = Date.now() / 1000;
          return [now - 120, now];
        },
      },
      y: {
        range: def.fullScale
          ? [0, 100]
          : (_u, _min, max) => [0, max > 0 ? uPlot.rangeNum(0, max, 0.1, true)[1] : 1],
      },
    },
    axes: [
      {
        ...axis,
        incrs: TIME_INCRS,
        space: (_u, _ax, _min, _max, plotDim) => timeAxisSpace(plotDim),
        values: (_u, ticks, _ax, _space, incr) => ticks.map((t) => formatTimeTick(t, incr)),
      },
      {
        ...axis,
        size: def.unit === 'bytesPerSec' ? 76 : def.unit === 'bytes' ? 64 : 56,
        ...(def.unit === 'bytesPerSec' || def.unit === 'bytes' ? { incrs: BINARY_INCRS } : {}),
        values: (_u, ticks) => ticks.map((t) => formatTick(def.unit, t)),
      },
    ],
    series: [{ label: 'At', value: (_u, ts) => (ts == null ? '—' : formatMoment(ts)) }, ...means, ...bounds],
    bands: def.lines.map((line, i) => ({
      series: [1 + n + 2 * i, 2 + n + 2 * i],
      fill: `${v(line.color)}2e`,
    })),
  };
}

/**
 * Each forecast as a fine dotted line from now at its fitted level towards its limit, clipped to
 * the plot (where the limit is further away than the axis reaches, it leaves at the right edge),
 * a mark where "now" is, and its ETA written under its end.
 */
function drawForecasts(u: uPlot, lines: readonly ForecastLine[], v: (name: string) => string): void {
  if (lines.length === 0) return;
  const { ctx, bbox } = u;
  const px = uPlot.pxRatio;
  const right = bbox.left + bbox.width;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  const nowX = u.valToPos(lines[0]!.fromTs / 1000, 'x', true);
  // Where the forecast begins: what is right of this line is not data.
  ctx.strokeStyle = v('--text-muted');
  ctx.lineWidth = px;
  ctx.setLineDash([2 * px, 3 * px]);
  ctx.beginPath();
  ctx.moveTo(nowX, bbox.top);
  ctx.lineTo(nowX, bbox.top + bbox.height);
  ctx.stroke();
  ctx.font = `${11 * px}px system-ui, sans-serif`;
  lines.forEach((l, i) => {
    const x0 = u.valToPos(l.fromTs / 1000, 'x', true);
    const y0 = u.valToPos(l.fromValue, 'y', true);
    let x1 = u.valToPos(l.toTs / 1000, 'x', true);
    let y1 = u.valToPos(l.toValue, 'y', true);
    if (x1 > right && x1 > x0) {
      y1 = y0 + ((y1 - y0) * (right - x0)) / (x1 - x0);
      x1 = right;
    }
    ctx.strokeStyle = v(l.color);
    ctx.lineWidth = 2 * px;
    ctx.setLineDash([1.5 * px, 4 * px]);
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
    // Under the line's end, right-aligned to it: the line arrives from the lower left, so the
    // words sit beside it rather than on it.
    ctx.fillStyle = v(l.color);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillText(
      l.label,
      Math.min(x1, right) - 2 * px,
      Math.min(bbox.top + bbox.height - 14 * px, y1 + 8 * px + i * 14 * px),
    );
  });
  ctx.restore();
}
