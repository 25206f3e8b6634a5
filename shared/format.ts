/** Human units for the board: binary sizes (GiB), decimal rates (MB/s), percentages. */

const SIZE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const RATE_UNITS = ['B/s', 'kB/s', 'MB/s', 'GB/s', 'TB/s'];

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null || !Number.isFinite(bytes)) return '—';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${bytes < 0 ? '-' : ''}${value.toFixed(digits)} ${SIZE_UNITS[unit]}`;
}

export function formatRate(bytesPerSec: number | null | undefined): string {
  if (bytesPerSec == null || !Number.isFinite(bytesPerSec)) return '—';
  let value = Math.abs(bytesPerSec);
  let unit = 0;
  while (value >= 1000 && unit < RATE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${RATE_UNITS[unit]}`;
}

export function formatPct(pct: number | null | undefined, digits = 0): string {
  if (pct == null || !Number.isFinite(pct)) return '—';
  return `${pct.toFixed(digits)}%`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

/** "14:05" in the viewer's local time zone. */
export function formatClock(ts: number): string {
  const d = new Date(ts);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The one way a moment is written everywhere: 24-hour local time, "14:03:21" today, "27 Nov
 * 14:03:21" on another day, "27 Nov 2025 14:03:21" in another year. Month names are fixed, not
 * the locale's, so a screenshot, a postmortem and the board read alike. `seconds: false` drops
 * the seconds ("27 Nov 14:03"); `fullDate` always writes the day and year (tooltips).
 */
export function formatTime(
  ts: number,
  opts: { now?: number; seconds?: boolean; fullDate?: boolean } = {},
): string {
  const d = new Date(ts);
  const now = new Date(opts.now ?? Date.now());
  const clock =
    opts.seconds === false
      ? formatClock(ts)
      : `${formatClock(ts)}:${String(d.getSeconds()).padStart(2, '0')}`;
  if (opts.fullDate) return `${formatDay(ts)} ${clock}`;
  if (d.toDateString() === now.toDateString()) return clock;
  const day = `${d.getDate()} ${MONTHS[d.getMonth()]!}`;
  return d.getFullYear() === now.getFullYear() ? `${day} ${clock}` : `${day} ${d.getFullYear()} ${clock}`;
}

/** "27 Nov 2026": a calendar day (a certificate's expiry), in the same words as formatTime. */
export function formatDay(ts: number): string {
  const d = new Date(ts);
  return `${d.getDate()} ${MONTHS[d.getMonth()]!} ${d.getFullYear()}`;
}

export function pct(part: number, whole: number): number {
  return whole > 0 ? (part / whole) * 100 : 0;
}
