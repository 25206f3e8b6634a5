import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { memUsedPct } from '../../../shared/metrics';
import type { Sample } from '../../../shared/schemas';
import { useUiStore } from '../stores/ui';

const HEIGHT = 240;

function toData(history: readonly Sample[]): uPlot.AlignedData {
  return [
    history.map((s) => s.ts / 1000),
    history.map((s) => s.cpu.busyPct),
    history.map((s) => memUsedPct(s)),
  ];
}

/** uPlot draws on canvas, so it cannot use CSS variables directly; read them once per theme. */
function chartOptions(width: number): uPlot.Options {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string): string => css.getPropertyValue(name).trim();
  const axis: uPlot.Axis = {
    stroke: v('--text-muted'),
    grid: { stroke: v('--chart-grid'), width: 1 },
    ticks: { stroke: v('--chart-grid'), width: 1 },
    font: '11px system-ui, sans-serif',
  };
  return {
    width,
    height: HEIGHT,
    padding: [12, 12, 0, 0],
    cursor: { drag: { x: false, y: false } },
    scales: {
      // With fewer than two samples uPlot would invent a multi-year axis; show the last minutes.
      x: {
        time: true,
        range: (_u, min, max) => (max - min >= 1 ? [min, max] : [Date.now() / 1000 - 120, Date.now() / 1000]),
      },
      y: { range: [0, 100] },
    },
    axes: [axis, { ...axis, values: (_u, ticks) => ticks.map((t) => `${t}%`), size: 48 }],
    series: [
      {},
      {
        label: 'CPU busy',
        stroke: v('--chart-cpu'),
        fill: v('--chart-cpu-fill'),
        width: 2,
        points: { show: false },
        value: (_u, val) => (val == null ? '—' : `${val.toFixed(1)}%`),
      },
      {
        label: 'Memory used',
        stroke: v('--chart-mem'),
        width: 2,
        points: { show: false },
        value: (_u, val) => (val == null ? '—' : `${val.toFixed(1)}%`),
      },
    ],
  };
}

/** Live CPU and memory % over the samples received since the page opened. */
export function HostChart({ history }: { history: readonly Sample[] }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  const historyRef = useRef(history);
  const theme = useUiStore((s) => s.theme);

  // Recreated per theme because the colours are baked into the canvas options.
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const chart = new uPlot(chartOptions(el.clientWidth), toData(historyRef.current), el);
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: HEIGHT }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
      chartRef.current = null;
    };
  }, [theme]);

  useEffect(() => {
    historyRef.current = history;
    chartRef.current?.setData(toData(history));
  }, [history]);

  return (
    <section className="panel panel--wide" aria-labelledby="chart-title">
      <h2 className="panel__title" id="chart-title">
        CPU and memory
      </h2>
      <div className="chart" ref={containerRef} data-testid="host-chart" />
      {history.length < 2 && <p className="muted chart__hint">The chart fills in as samples arrive.</p>}
    </section>
  );
}
