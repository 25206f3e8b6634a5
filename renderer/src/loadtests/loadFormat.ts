import type {
  ComparisonVerdict,
  LoadBaselineReport,
  LoadComparison,
  LoadRun,
  LoadTestResult,
  LoadTestSpec,
} from '../../../shared/loadTests';
import { formatTime } from '../../../shared/format';

/** Load test numbers in words for the Load tests page. */

const grouped = new Intl.NumberFormat('en-US');

/** "1,234": counts of requests, errors, timeouts. */
export function formatCount(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  return grouped.format(Math.round(n));
}

/** "0.42 ms", "12.3 ms", "480 ms", "1.25 s". */
export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** "1,234 req/s", "12.5 req/s". */
export function formatRps(rps: number | null | undefined): string {
  if (rps == null || !Number.isFinite(rps)) return '—';
  return `${rpsNumber(rps)} req/s`;
}

/** A rate under a "Requests/s" label: "1,234", "12.5". */
export function rpsNumber(rps: number | null | undefined): string {
  if (rps == null || !Number.isFinite(rps)) return '—';
  return rps >= 100 ? formatCount(rps) : String(Number(rps.toFixed(1)));
}

/** "12 s", "2.5 s": durations of a run, which are short. */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 || Number.isInteger(s) ? Math.round(s) : s.toFixed(1)} s`;
}

/** "4.2 / 10 s" for the progress bar. */
export function elapsedText(elapsedMs: number, totalMs: number): string {
  const total = Math.round(totalMs / 1000);
  const elapsed = Math.min(elapsedMs, totalMs) / 1000;
  return `${elapsed.toFixed(1)} / ${total} s`;
}

/** The progress bar's value, 0–100, whole numbers so screen readers do not chatter. */
export function progressPct(fraction: number): number {
  if (!Number.isFinite(fraction)) return 0;
  return Math.round(Math.min(1, Math.max(0, fraction)) * 100);
}

/**
 * Exactly what a run will send, for the confirmation: "About 10 connections for 10 s against
 * GET http://…, up to 100 requests/s (about 1,000 requests)". Without a fixed rate the
 * connections send back to back, so the ceiling is the server's own speed.
 */
export function trafficSentence(spec: LoadTestSpec): string {
  const conns = `${spec.connections} ${spec.connections === 1 ? 'connection' : 'connections'}`;
  const head = `About ${conns} for ${spec.durationSec} s against ${spec.method} ${spec.targetUrl}`;
  if (spec.rate === undefined)
    return `${head}, with no rate limit: each connection sends its next request as soon as the last one is answered, so as many requests/s as the server can answer.`;
  const total = Math.round(spec.rate * spec.durationSec);
  return `${head}, up to ${formatCount(spec.rate)} requests/s (about ${formatCount(total)} requests in all).`;
}

/** "10 conns · 10 s · 100 req/s": a target's spec on one short line. */
export function specSummary(spec: LoadTestSpec): string {
  const parts = [`${spec.connections} conn${spec.connections === 1 ? '' : 's'}`, `${spec.durationSec} s`];
  parts.push(spec.rate === undefined ? 'no rate limit' : `${formatCount(spec.rate)} req/s`);
  if (spec.thresholds.length > 0)
    parts.push(`${spec.thresholds.length} threshold${spec.thresholds.length === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

export interface VerdictView {
  icon: string;
  /** A state-* class, so colour comes from the theme. */
  tone: 'state-green' | 'state-grey' | 'state-red';
  word: string;
}

/** The icon repeats the word so a verdict never rests on colour alone. */
export const VERDICTS: Record<ComparisonVerdict, VerdictView> = {
  better: { icon: '▲', tone: 'state-green', word: 'better' },
  same: { icon: '=', tone: 'state-grey', word: 'same' },
  regression: { icon: '▼', tone: 'state-red', word: 'regression' },
};

/** Overall pass / fail by the run's thresholds; null with none set (nothing to judge by). */
export function overallPass(result: LoadTestResult): boolean | null {
  if (result.thresholds.length === 0) return null;
  return result.thresholds.every((t) => t.ok);
}

export interface OverallBadge {
  kind: 'pass' | 'fail' | 'pass-regressed' | 'regression' | 'none';
  tone: 'state-green' | 'state-amber' | 'state-red' | 'state-grey';
  icon: string;
  text: string;
}

/**
 * The run's headline: its thresholds, and the baseline verdict where it regressed. Thresholds
 * pass or fail on their own, but a green PASS beside a regression reads as "all good", so a
 * passing run that regressed is amber and says both.
 */
export function overallBadge(result: LoadTestResult, comparison: LoadBaselineReport | null): OverallBadge {
  const pass = overallPass(result);
  const regressed = comparison?.verdict === 'regression';
  if (pass === false) return { kind: 'fail', tone: 'state-red', icon: '✖', text: 'FAIL' };
  if (pass && regressed)
    return {
      kind: 'pass-regressed',
      tone: 'state-amber',
      icon: '▼',
      text: 'Thresholds pass · regression vs baseline',
    };
  if (pass) return { kind: 'pass', tone: 'state-green', icon: '✔', text: 'PASS' };
  if (regressed) return { kind: 'regression', tone: 'state-red', icon: '▼', text: 'Regression vs baseline' };
  return { kind: 'none', tone: 'state-grey', icon: '', text: 'No thresholds set' };
}

/** A threshold's measured value in its metric's unit: "512 ms", "0.4%", "1,200 req/s". */
export function thresholdActual(expr: string, actual: number | null): string {
  if (actual === null) return 'no data';
  if (expr.startsWith('errors')) return `${Number(actual.toFixed(2))}%`;
  if (expr.startsWith('rps')) return formatRps(actual);
  return formatMs(actual);
}

/** A comparison row's values in the metric's unit. */
export function metricValue(metric: 'p50' | 'p95' | 'p99' | 'rps' | 'errors', v: number): string {
  if (metric === 'rps') return formatRps(v);
  if (metric === 'errors') return `${Number(v.toFixed(2))}%`;
  return formatMs(v);
}

const signed = (n: number, unit: string): string => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n)}${unit}`;

/** "+23%", "−4%", "±0%"; error rates in points ("+0.5 pts"); "—" when the baseline was 0. */
export function changeText(c: Pick<LoadComparison, 'metric' | 'baseline' | 'current' | 'changePct'>): string {
  if (c.metric === 'errors') return signed(Number((c.current - c.baseline).toFixed(2)), ' pts');
  if (c.changePct === null) return '—';
  return signed(Math.round(c.changePct), '%');
}

const STATUS_WORDS: Record<LoadRun['status'], string> = {
  running: 'Running',
  done: 'Done',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

/** The run's status in a word. */
export function statusWord(status: LoadRun['status']): string {
  return STATUS_WORDS[status];
}

/** "28 Nov 14:05:09", local time, for the runs table. */
export function runTime(ts: number): string {
  return formatTime(ts);
}
