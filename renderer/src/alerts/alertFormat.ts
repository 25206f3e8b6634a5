import { PERCENT_KINDS, SIGNAL_KINDS, type SignalKind, type SignalState } from '../../../shared/alerts';
import { formatClock, formatDay as formatCalendarDay, formatTime } from '../../../shared/format';
import type { HealthState } from '../../../shared/schemas';

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

/** A day in local time: "3 Mar" this year, "3 Mar 2025" before; the same words as formatTime. */
export function formatDay(ts: number, now: number): string {
  const full = formatCalendarDay(ts);
  return new Date(ts).getFullYear() === new Date(now).getFullYear() ? full.replace(/ \d{4}$/, '') : full;
}

/** "14:05" in local time. */
export const formatHourMinute = formatClock;

/**
 * When a change happened, in local time and as short as stays unambiguous: "14:05:09" today,
 * "3 Mar 14:05" this year, "2025-03-03 14:05" before.
 */
export function formatWhen(ts: number, now: number, seconds = true): string {
  return formatTime(ts, { now, seconds });
}

/** The full local date and time, for a tooltip. */
export function formatFullTime(ts: number): string {
  return formatTime(ts, { fullDate: true });
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
  if (kind === 'replicationLag' || kind === 'longQuery') return `${Math.round(value)} s`;
  const trimmed = value.toFixed(2).replace(/\.?0+$/, '');
  return kind === 'netErrors' || kind === 'evictions' ? `${trimmed}/s` : trimmed;
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
