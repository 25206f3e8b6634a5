import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { memUsedPct } from '../../../shared/metrics';
import type { Sample } from '../../../shared/schemas';
import { useAppInfo } from '../hooks/useAppInfo';
import { RANGES, useMetricRange, type RangeId } from '../hooks/useMetricRange';
import { useUiStore } from '../stores/ui';
import { ErrorNotice } from './ErrorNotice';

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

/**
 * CPU and memory %: live (the samples received since the page opened) or over a stored range,
 * which for a saved history ends at its last sample.
 */
export function HostChart({ hostId, history }: { hostId: string; history: readonly Sample[] }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  const theme = useUiStore((s) => s.theme);
  const info = useAppInfo();
  const reviewing = info?.history ?? null;
  const [range, setRange] = useState<RangeId>('live');
  const effective: RangeId = reviewing && range === 'live' ? '1h' : range;
  const stored = useMetricRange(hostId, effective, reviewing?.toTs ?? null);
  const data = useMemo<uPlot.AlignedData>(
    () =>
      effective === 'live'
        ? toData(history)
        : stored.data
          ? [stored.data.ts, stored.data.cpu, stored.data.mem]
          : [[], [], []],
    [effective, history, stored.data],
  );
  const dataRef = useRef(data);

  // Recreated per theme because the colours are baked into the canvas options.
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const chart = new uPlot(chartOptions(el.clientWidth), dataRef.current, el);
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
    dataRef.current = data;
    chartRef.current?.setData(data);
  }, [data]);

  const points = data[0].length;
  return (
    <section className="panel panel--wide" aria-labelledby="chart-title">
      <div className="panel__header">
        <h2 className="panel__title" id="chart-title">
          CPU and memory
        </h2>
        <div className="segmented" role="group" aria-label="Time range" data-testid="range-picker">
          {RANGES.filter((r) => !(reviewing && r.id === 'live')).map((r) => (
            <button
              key={r.id}
              type="button"
              className="segmented__button"
              aria-pressed={effective === r.id}
              onClick={() => setRange(r.id)}
            >
              {r.label}
            </button>
          ))}
        </div>
      </div>
      <div className="chart" ref={containerRef} data-testid="host-chart" data-points={points} />
      <ErrorNotice message={stored.error} prefix="Could not load the history: " />
      {points < 2 && (
        <p className="muted chart__hint">
          {effective === 'live'
            ? 'The chart fills in as samples arrive.'
            : 'No samples stored in this range.'}
        </p>
      )}
    </section>
  );
}
