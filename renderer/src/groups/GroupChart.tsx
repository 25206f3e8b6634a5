import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { GroupView } from '../../../shared/groups';
import { api, errorMessage } from '../api';
import { useUiStore } from '../app/uiStore';
import { RANGES, type RangeId } from '../charts/chartRange';
import { ErrorNotice } from '../ui/ErrorNotice';
import { memberColumns } from './memberColumns';
import { Segmented } from '../ui/Segmented';

const CHOICES: RangeId[] = ['15m', '1h', '24h', '7d', '30d'];
const COLORS = ['--series-1', '--series-2', '--series-3', '--series-4', '--series-5', '--series-6'];
const HEIGHT = 220;

/** The members' CPU side by side on one chart over a stored range: the one out of line shows. */
export function GroupChart({ members }: { members: GroupView['members'] }) {
  const [range, setRange] = useState<RangeId>('1h');
  const ms = RANGES.find((r) => r.id === range)?.ms ?? 3_600_000;
  const ids = members.map((m) => m.hostId);
  const q = useQuery({
    queryKey: ['groups:chart', { ids, range }] as const,
    queryFn: async () => {
      const to = Date.now();
      const answers = await Promise.all(
        ids.map((hostId) =>
          api.call('metrics:range', {
            hostId,
            series: [{ metric: 'cpu.busy_pct', labels: '' }],
            from: to - ms,
            to,
            maxPoints: 300,
          }),
        ),
      );
      return { from: to - ms, to, series: answers.map((a) => a.series[0] ?? []) };
    },
    refetchInterval: 15_000,
  });
  const data = useMemo(() => (q.data ? memberColumns(q.data.series) : null), [q.data]);
  const points = data ? data[0].length : 0;
  return (
    <section className="group-chart host-charts" aria-labelledby="group-chart-title">
      <div className="group-chart__head">
        <h2 id="group-chart-title">Members’ CPU</h2>
        <Segmented
          label="Time range"
          options={CHOICES.map((id) => ({ id, label: RANGES.find((r) => r.id === id)?.label }))}
          value={range}
          onChange={setRange}
        />
      </div>
      <ErrorNotice
        message={q.error ? errorMessage(q.error) : null}
        prefix="Could not read the members’ history: "
      />
      {data && (
        <Plot
          data={data}
          names={members.map((m) => m.name)}
          span={q.data ? { from: q.data.from, to: q.data.to } : null}
          points={points}
        />
      )}
    </section>
  );
}

function Plot({
  data,
  names,
  span,
  points,
}: {
  data: uPlot.AlignedData;
  names: string[];
  span: { from: number; to: number } | null;
  points: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const theme = useUiStore((s) => s.theme);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const css = getComputedStyle(el);
    const v = (name: string): string => css.getPropertyValue(name).trim();
    const axis: uPlot.Axis = {
      stroke: v('--text-muted'),
      grid: { stroke: v('--chart-grid'), width: 1 },
      ticks: { stroke: v('--chart-grid'), width: 1 },
    };
    const chart = new uPlot(
      {
        width: el.clientWidth,
        height: HEIGHT,
        scales: {
          x: { time: true, ...(span ? { range: () => [span.from / 1000, span.to / 1000] } : {}) },
          y: { range: [0, 100] },
        },
        axes: [axis, { ...axis, values: (_u, ticks) => ticks.map((t) => `${t} %`) }],
        series: [
          {},
          ...names.map((label, i) => ({
            label,
            stroke: v(COLORS[i % COLORS.length] ?? '--series-1') || '#4dabf7',
            width: 2,
            value: (_u: uPlot, raw: number | null) => (raw == null ? '—' : `${Math.round(raw)} %`),
          })),
        ],
      },
      data,
      el,
    );
    const observer = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: HEIGHT }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [data, names, span, theme]);
  return (
    <div
      className="chart"
      ref={ref}
      role="figure"
      aria-label={`CPU of ${names.join(', ')}; ${points} points`}
      data-testid="group-chart"
      data-lines={names.length}
      data-points={points}
    />
  );
}
