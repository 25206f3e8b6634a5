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

/** Columns: time, CPU mean, memory mean, CPU max, CPU min, memory max, memory min. */
function toData(history: readonly Sample[]): uPlot.AlignedData {
  const none = history.map(() => null);
  return [
    history.map((s) => s.ts / 1000),
    history.map((s) => s.cpu.busyPct),
    history.map((s) => memUsedPct(s)),
    none,
    none,
    none,
    none,
  ];
}

const EMPTY: uPlot.AlignedData = [[], [], [], [], [], [], []];

const pct = (_u: uPlot, val: number | null): string => (val == null ? '—' : `${val.toFixed(1)}%`);

function bound(label: string, stroke: string): uPlot.Series {
  return { label, stroke, width: 0.5, points: { show: false }, value: pct };
}

function describeTier(tier: string, bucketMs: number): string {
  const width =
    bucketMs >= 3_600_000
      ? `${(bucketMs / 3_600_000).toFixed(1)} h`
      : bucketMs >= 60_000
        ? `${Math.round(bucketMs / 60_000)} min`
        : `${Math.max(1, Math.round(bucketMs / 1000))} s`;
  if (tier === 'raw')
    return `Each point is a stored poll, or the mean of the polls within ${width}; the shaded band spans their min to max.`;
  return `Each point is the mean of ${width} (from ${tier} rollups); the shaded band spans its min to max.`;
}

/** The `hours` before `endTs` (or now): where a custom range starts. */
function lastHours(hours: number, endTs: number | null): { from: number; to: number } {
  const to = endTs ?? Date.now();
  return { from: to - hours * 3_600_000, to };
}

function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
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
        width: 2,
        points: { show: false },
        value: pct,
      },
      {
        label: 'Memory used',
        stroke: v('--chart-mem'),
        width: 2,
        points: { show: false },
        value: pct,
      },
      bound('CPU max', v('--chart-cpu')),
      bound('CPU min', v('--chart-cpu')),
      bound('Mem max', v('--chart-mem')),
      bound('Mem min', v('--chart-mem')),
    ],
    bands: [
      { series: [3, 4], fill: v('--chart-cpu-fill') },
      { series: [5, 6], fill: v('--chart-mem-fill') || v('--chart-cpu-fill') },
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
  const [custom, setCustom] = useState<{ from: number; to: number } | null>(null);
  const endTs = reviewing?.toTs ?? null;
  const stored = useMetricRange(hostId, effective, endTs, custom);
  const data = useMemo<uPlot.AlignedData>(() => {
    if (effective === 'live') return toData(history);
    const d = stored.data;
    return d ? [d.ts, d.cpu, d.mem, d.cpuMax, d.cpuMin, d.memMax, d.memMin] : EMPTY;
  }, [effective, history, stored.data]);
  const pickRange = (id: RangeId): void => {
    if (id === 'custom' && !custom) setCustom(lastHours(6, endTs));
    setRange(id);
  };
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
              onClick={() => pickRange(r.id)}
            >
              {r.label}
            </button>
          ))}
        </div>
      </div>
      {effective === 'custom' && custom && (
        <div className="chart__custom" data-testid="custom-range">
          <label>
            From{' '}
            <input
              type="datetime-local"
              value={toLocalInput(custom.from)}
              onChange={(e) => {
                const from = new Date(e.target.value).getTime();
                if (Number.isFinite(from) && from < custom.to) setCustom({ ...custom, from });
              }}
            />
          </label>
          <label>
            To{' '}
            <input
              type="datetime-local"
              value={toLocalInput(custom.to)}
              onChange={(e) => {
                const to = new Date(e.target.value).getTime();
                if (Number.isFinite(to) && to > custom.from) setCustom({ ...custom, to });
              }}
            />
          </label>
        </div>
      )}
      <div className="chart" ref={containerRef} data-testid="host-chart" data-points={points} />
      {effective !== 'live' && stored.data && points >= 2 && (
        <p className="muted chart__hint" data-testid="chart-resolution">
          {describeTier(stored.data.tier, stored.data.bucketMs)}
        </p>
      )}
      <ErrorNotice message={stored.error} prefix="Could not load the history: " />
      {points < 2 && (
        <p className="muted chart__hint">
          {effective === 'live'
            ? 'The chart fills in as samples arrive.'
            : points === 1
              ? 'All the samples stored in this range fall in one point; pick a shorter range to see them apart.'
              : 'No samples stored in this range.'}
        </p>
      )}
    </section>
  );
}
