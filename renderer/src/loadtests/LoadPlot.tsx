import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { LOAD_PLOT_HEIGHT, loadChartOptions, type LoadLine } from './loadChartOptions';
import { useUiStore } from '../app/uiStore';

interface Props {
  lines: readonly LoadLine[];
  data: uPlot.AlignedData;
  spanSec: number;
  syncKey: string;
  label: string;
  testId: string;
}

/** One uPlot chart of a run; built again per theme, since colours are baked into the canvas. */
export function LoadPlot({ lines, data, spanSec, syncKey, label, testId }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  const theme = useUiStore((s) => s.theme);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = new uPlot(
      loadChartOptions(lines, el, el.clientWidth, spanSec, syncKey),
      dataRef.current,
      el,
    );
    chartRef.current = chart;
    const observer = new ResizeObserver(() =>
      chart.setSize({ width: el.clientWidth, height: LOAD_PLOT_HEIGHT }),
    );
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
      chartRef.current = null;
    };
  }, [lines, spanSec, syncKey, theme]);

  useEffect(() => {
    dataRef.current = data;
    chartRef.current?.setData(data);
  }, [data]);

  return (
    <div
      className="load-plot"
      ref={ref}
      role="figure"
      aria-label={label}
      data-testid={testId}
      data-points={data[0].length}
    />
  );
}
