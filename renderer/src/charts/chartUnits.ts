/**
 * Units on the host page's charts: the axis ticks (short) and the hover values (precise).
 * Rates are binary (KiB/s, MiB/s) so the byte axis can tick on powers of two.
 */

/**
 * `perSec`: events a second (network errors), which are small and often fractional. `count`:
 * things there are a number of (connections, clients); `bytes`: an amount (memory used).
 */
export type ChartUnit = 'pct' | 'bytesPerSec' | 'ms' | 'perCore' | 'perSec' | 'count' | 'bytes';

const RATE_UNITS = ['B/s', 'KiB/s', 'MiB/s', 'GiB/s', 'TiB/s'];

function scaleRate(bps: number, units: readonly string[] = RATE_UNITS): { value: number; unit: string } {
  let value = Math.abs(bps);
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return { value: bps < 0 ? -value : value, unit: units[i]! };
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Drops trailing zeros so ticks read "1.5", "2", not "1.50", "2.00". */
function trim(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

/** A hover value: "12.3%", "1.46 MiB/s", "3.2 ms", "0.42", "0.5/s". */
export function formatChartValue(unit: ChartUnit, v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '—';
  switch (unit) {
    case 'pct':
      return `${v.toFixed(1)}%`;
    case 'bytesPerSec': {
      const { value, unit: u } = scaleRate(v);
      const digits = u === 'B/s' || Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
      return `${value.toFixed(digits)} ${u}`;
    }
    case 'ms':
      return `${v.toFixed(Math.abs(v) >= 100 ? 0 : 1)} ms`;
    case 'perCore':
      return v.toFixed(2);
    case 'perSec':
      return `${trim(v, Math.abs(v) >= 10 ? 0 : 2)}/s`;
    case 'count':
      return trim(v, Math.abs(v) >= 10 ? 0 : 1);
    case 'bytes': {
      const { value, unit: u } = scaleRate(v, BYTE_UNITS);
      return `${value.toFixed(u === 'B' || Math.abs(value) >= 100 ? 0 : 1)} ${u}`;
    }
  }
}

/** A hover value with its bucket's spread, when the bucket had one: "12.3% (5.0% – 20.1%)". */
export function formatWithSpread(
  unit: ChartUnit,
  mean: number | null | undefined,
  min: number | null | undefined,
  max: number | null | undefined,
): string {
  const value = formatChartValue(unit, mean);
  if (mean == null || min == null || max == null) return value;
  const lo = formatChartValue(unit, min);
  const hi = formatChartValue(unit, max);
  return lo === hi ? value : `${value} (${lo} – ${hi})`;
}

/** An axis tick: as short as it can be while still naming the unit. */
export function formatTick(unit: ChartUnit, v: number): string {
  switch (unit) {
    case 'pct':
      return `${trim(v, 1)}%`;
    case 'bytesPerSec': {
      const { value, unit: u } = scaleRate(v);
      return `${trim(value, 1)} ${u}`;
    }
    case 'ms':
      return v >= 1000 ? `${trim(v / 1000, 2)} s` : `${trim(v, 1)} ms`;
    case 'perCore':
      return trim(v, 2);
    case 'perSec':
      return `${trim(v, 2)}/s`;
    case 'count':
      return trim(v, 1);
    case 'bytes': {
      const { value, unit: u } = scaleRate(v, BYTE_UNITS);
      return `${trim(value, 1)} ${u}`;
    }
  }
}

/**
 * Tick steps for a byte-rate axis: 1, 2, 4 … 512 of each binary unit, so ticks land on
 * "256 KiB/s", "1 MiB/s" rather than on decimal steps that read as "488.3 KiB/s".
 */
export const BINARY_INCRS: number[] = (() => {
  const out: number[] = [];
  for (let k = 0; k < 5; k++) for (let m = 1; m < 1024; m *= 2) out.push(m * 1024 ** k);
  return out;
})();

const H = 3600;
const D = 86_400;
/**
 * Tick steps for the time axis, never under a second: uPlot's own go down to milliseconds,
 * and ticks half a second apart would print the same second twice.
 */
export const TIME_INCRS: number[] = [
  1,
  2,
  5,
  10,
  15,
  30,
  60,
  120,
  300,
  600,
  900,
  1800,
  H,
  2 * H,
  3 * H,
  6 * H,
  12 * H,
  D,
  2 * D,
  7 * D,
  14 * D,
  30 * D,
  60 * D,
  90 * D,
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');
const day = (d: Date): string => `${d.getDate()} ${MONTHS[d.getMonth()]}`;

/**
 * A time-axis tick, in local time and the 24-hour clock the rest of the app uses: the day at
 * midnight or when ticks are a day apart, else "14:05" (with seconds when ticks are that close).
 */
export function formatTimeTick(sec: number, incrSec: number): string {
  const d = new Date(sec * 1000);
  const midnight = d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0;
  if (incrSec >= 86_400 || (midnight && incrSec >= 60)) return day(d);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return incrSec < 60 ? `${hm}:${pad(d.getSeconds())}` : hm;
}

/** The hovered moment: "28 Nov 14:05:09". */
export function formatMoment(sec: number): string {
  const d = new Date(sec * 1000);
  return `${day(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
