import type { Forecast } from '../../../../shared/forecasts';
import type { TimeWindow } from '../../charts/chartRange';
import type { ChartDef } from './hostCharts';

/** A forecast drawn on a chart: a dashed line in its mount's colour, to the limit, with its ETA. */
export interface ForecastLine {
  /** The CSS custom property of the line it continues. */
  color: string;
  fromTs: number;
  fromValue: number;
  toTs: number;
  toValue: number;
  /** Said at the line's end: "/var full ~11 d". */
  label: string;
  /** The forecast in words, for the caption under the chart. */
  text: string;
}

/** Which forecasts a chart continues: disk use draws disk forecasts, inode use inode ones. */
const KIND_OF: Record<string, Forecast['kind']> = { disk: 'disk', inodes: 'inodes' };

/**
 * The forecast lines of one chart: each filling (or full) forecast of the chart's kind whose
 * mount has a line there. Forecasts not filling draw nothing (their words stay in the caption).
 */
export function forecastLines(def: ChartDef, forecasts: readonly Forecast[]): ForecastLine[] {
  const kind = KIND_OF[def.id];
  if (!kind) return [];
  const out: ForecastLine[] = [];
  for (const f of forecasts) {
    if (f.kind !== kind || !f.line || (f.status !== 'filling' && f.status !== 'full')) continue;
    const line = def.lines.find((l) => l.key === `mount=${f.mount}`);
    if (!line) continue;
    out.push({
      color: line.color,
      ...f.line,
      label: `${f.mount} ${etaShort(f.line.toTs - f.line.fromTs)}`,
      text: f.text,
    });
  }
  return out;
}

/** The forecasts a chart's caption says: every one of the chart's kind that is filling or full. */
export function forecastNotes(def: ChartDef, forecasts: readonly Forecast[]): string[] {
  const kind = KIND_OF[def.id];
  if (!kind) return [];
  return forecasts
    .filter((f) => f.kind === kind && (f.status === 'filling' || f.status === 'full'))
    .map((f) => f.text);
}

/** "full ~11 d", "full ~7 h". */
export function etaShort(ms: number): string {
  const h = ms / 3_600_000;
  return h < 48 ? `full ~${Math.max(1, Math.round(h))} h` : `full ~${Math.round(h / 24)} d`;
}

/**
 * The window a chart with forecasts spans: a third more than asked for, to the right of now, so
 * the dashed line shows where the use is heading (and meets the limit if that is within it).
 */
export function withForecastRoom(span: TimeWindow, lines: readonly ForecastLine[]): TimeWindow {
  if (lines.length === 0) return span;
  return { from: span.from, to: span.to + (span.to - span.from) / 3 };
}
