import type { ExpectStatus, ProbeCert, ProbeResult, ProbeStatus, ProbeTimings } from '../../../shared/probes';
import type { HealthState } from '../../../shared/schemas';
import { headline } from '../ui/healthStates';
import { formatDay, formatTime } from '../../../shared/format';

/** Worst first, as the board lists probes: what needs attention leads. */
const STATE_RANK: Record<HealthState, number> = { red: 0, amber: 1, grey: 2, waiting: 3, green: 4 };

/** Orders probes worst first, then by name, so a probe that turns red moves to the front. */
export function compareProbes(a: ProbeStatus, b: ProbeStatus): number {
  return (
    STATE_RANK[a.health.state] - STATE_RANK[b.health.state] ||
    a.def.name.localeCompare(b.def.name) ||
    a.def.id.localeCompare(b.def.id)
  );
}

/** A request time: "0.4 ms", "87 ms", "1.42 s", "12.3 s". */
export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  if (ms < 10) return `${Number(ms.toFixed(1))} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${Number((ms / 1000).toFixed(2))} s`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** "200–399" or "200, 204": the statuses a probe accepts, as the form also reads them. */
export function formatExpectStatus(expect: ExpectStatus): string {
  return Array.isArray(expect) ? expect.join(', ') : `${expect.min}–${expect.max}`;
}

/** "15 min", "2 h", "45 s": an SLO window or an interval. */
export function formatSpan(ms: number): string {
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  if (ms < 2 * 3_600_000) return `${Number((ms / 60_000).toFixed(1))} min`;
  return `${Number((ms / 3_600_000).toFixed(1))} h`;
}

export type PhaseKey = 'dnsMs' | 'connectMs' | 'tlsMs' | 'ttfbMs' | 'downloadMs';

/** The phases of a request in the order they happen; `tone` names their colour in probes.css. */
export const PHASES: readonly { key: PhaseKey; label: string; tone: string }[] = [
  { key: 'dnsMs', label: 'DNS', tone: 'dns' },
  { key: 'connectMs', label: 'Connect', tone: 'connect' },
  { key: 'tlsMs', label: 'TLS', tone: 'tls' },
  { key: 'ttfbMs', label: 'TTFB', tone: 'ttfb' },
  { key: 'downloadMs', label: 'Download', tone: 'download' },
];

export interface TimingSegment {
  key: PhaseKey;
  label: string;
  tone: string;
  ms: number;
  /** Share of the stacked bar, 0–100. */
  pct: number;
}

/**
 * The stacked bar's segments: each phase the request reached, as a share of their sum (which
 * is the total for a completed request). Phases never reached (null) are left out.
 */
export function timingSegments(t: ProbeTimings): TimingSegment[] {
  const reached = PHASES.flatMap((p) => {
    const ms = t[p.key];
    return ms == null ? [] : [{ ...p, ms }];
  });
  const sum = reached.reduce((s, p) => s + p.ms, 0);
  return reached.map((p) => ({ ...p, pct: sum > 0 ? (p.ms / sum) * 100 : 100 / reached.length }));
}

/** "12 days left", "5 hours left", "expired 3 days ago". */
export function certDaysWords(daysLeft: number): string {
  if (daysLeft < 0) {
    const ago = Math.round(-daysLeft);
    return ago < 1 ? 'expired today' : `expired ${ago} day${ago === 1 ? '' : 's'} ago`;
  }
  if (daysLeft < 1) return `${Math.floor(daysLeft * 24)} hours left`;
  const days = Math.floor(daysLeft);
  return `${days} day${days === 1 ? '' : 's'} left`;
}

/** The certificate's state for its badge: past the probe's critical or warning threshold. */
export function certState(cert: ProbeCert, warnDays: number, critDays: number): HealthState {
  if (!cert.trusted || cert.daysLeft <= critDays) return 'red';
  return cert.daysLeft <= warnDays ? 'amber' : 'green';
}

/** One run in a few words: "200 · 87 ms", or the error or first failure when it failed. */
export function resultWords(r: ProbeResult): string {
  const status = r.status === null ? 'no response' : String(r.status);
  return `${status} · ${formatMs(r.timings.totalMs)}`;
}

/** Why a run failed, in words, or null when it passed. */
export function resultProblem(r: ProbeResult): string | null {
  if (r.error) return r.error;
  if (r.failures.length > 0) return r.failures.join('; ');
  return r.ok ? null : 'failed';
}

/**
 * recentMs scaled to 0–100 for the sparkline (which draws percentages), against the slowest of
 * them: the card's line shows the shape of recent times, and the number beside it the value.
 */
export function sparkValues(recentMs: readonly (number | null)[]): (number | null)[] {
  const max = Math.max(1, ...recentMs.map((v) => v ?? 0));
  return recentMs.map((v) => (v == null ? null : (v / max) * 100));
}

/** Probes per state, for the section's heading. */
export function countByState(probes: readonly ProbeStatus[]): Record<HealthState, number> {
  const counts: Record<HealthState, number> = { green: 0, amber: 0, red: 0, grey: 0, waiting: 0 };
  for (const p of probes) counts[p.health.state]++;
  return counts;
}

/** "28 Nov 2026": a certificate's expiry. */
export function formatDate(ts: number): string {
  return formatDay(ts);
}

/** "28 Nov 14:05:09": when a run happened. */
export function formatRunTime(ts: number): string {
  return formatTime(ts);
}

/**
 * The line under a probe's name: its worst reason, or what its state means. Like a host's, but
 * "p95 1.4 s …" keeps its lower-case p, which is how percentiles are written.
 */
export function probeHeadline(state: HealthState, reasons: readonly string[]): string {
  if (state === 'waiting') return 'Waiting for the first run…';
  const first = reasons[0];
  if (first && /^p\d/.test(first)) return first;
  return headline(state, reasons);
}

/** The time ranges a probe's chart offers. */
export const PROBE_RANGES = [
  { id: '15m', label: '15 min', ms: 15 * 60_000 },
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '24h', label: '24 h', ms: 86_400_000 },
  { id: '7d', label: '7 d', ms: 7 * 86_400_000 },
] as const;

/** The narrowest range that holds every run up to `to` (runs oldest first); the widest if none do. */
export function fitRange(runs: readonly { ts: number }[], to: number): number {
  const oldest = runs[0]?.ts;
  if (oldest === undefined) return PROBE_RANGES[0].ms;
  const age = to - oldest;
  return (PROBE_RANGES.find((r) => r.ms >= age) ?? PROBE_RANGES[PROBE_RANGES.length - 1]!).ms;
}
