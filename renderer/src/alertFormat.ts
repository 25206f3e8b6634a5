import { PERCENT_KINDS, SIGNAL_KINDS, type SignalKind, type SignalState } from '../../shared/alerts';
import type { HealthState } from '../../shared/schemas';

/**
 * A signal's state drawn as the board draws a host's: the same colour, icon and word, so
 * "✖ Critical" on the Alerts page means what it means on a card.
 */
export const SIGNAL_STATE_HEALTH: Record<SignalState, HealthState> = {
  ok: 'green',
  warn: 'amber',
  critical: 'red',
  stale: 'grey',
};

/** The filter chips' order: what needs attention first. */
export const FILTER_STATES: readonly SignalState[] = ['critical', 'warn', 'stale', 'ok'];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** A day in local time: "3 Mar" this year, "2025-03-03" before. */
export function formatDay(ts: number, now: number): string {
  const d = new Date(ts);
  if (d.getFullYear() === new Date(now).getFullYear()) return `${d.getDate()} ${MONTHS[d.getMonth()]}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "14:05" in local time. */
export function formatHourMinute(ts: number): string {
  const d = new Date(ts);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * When a change happened, in local time and as short as stays unambiguous: "14:05:09" today,
 * "3 Mar 14:05" this year, "2025-03-03 14:05" before.
 */
export function formatWhen(ts: number, now: number): string {
  const d = new Date(ts);
  if (d.toDateString() === new Date(now).toDateString())
    return `${formatHourMinute(ts)}:${pad(d.getSeconds())}`;
  return `${formatDay(ts, now)} ${formatHourMinute(ts)}`;
}

/** The full local date and time, for a tooltip. */
export function formatFullTime(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function isSignalKind(kind: string): kind is SignalKind {
  return (SIGNAL_KINDS as readonly string[]).includes(kind);
}

/**
 * A rule's value in its unit, rounded as the engine's reasons round it: "93%", "2.41",
 * "812 ms", "0.5/s".
 */
export function formatAlertValue(kind: string, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (isSignalKind(kind) && PERCENT_KINDS.has(kind)) return `${Math.round(value)}%`;
  if (kind === 'pollLatency') return `${Math.round(value)} ms`;
  const trimmed = value.toFixed(2).replace(/\.?0+$/, '');
  return kind === 'netErrors' ? `${trimmed}/s` : trimmed;
}

/** "45 s", "12 min", "3 h 20 min", "2 d 4 h": how far away a moment is, for "until … (in …)". */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}
