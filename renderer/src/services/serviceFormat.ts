import { SERVICE_LABELS, type ServiceState } from '../../../shared/services';
import type { HealthState } from '../../../shared/schemas';

/** The card's and the page's colour for a service: its health, or grey while nothing is known. */
export function serviceTone(s: ServiceState): HealthState {
  if (s.status === 'pending') return 'waiting';
  return s.health.state === 'unknown' ? 'grey' : s.health.state;
}

/** Short and round: "1.2k", "340", "4.5", "0.25". */
export function compactNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${trim(v / 1e6, 1)}M`;
  if (a >= 1e4) return `${Math.round(v / 1e3)}k`;
  if (a >= 1e3) return `${trim(v / 1e3, 1)}k`;
  if (a >= 10) return String(Math.round(v));
  return trim(v, 2);
}

const trim = (v: number, digits: number): string => String(Number(v.toFixed(digits)));

/** The one number a card shows per kind: connections used for databases, operations for Redis. */
export function keyNumber(s: ServiceState): { label: string; value: string } {
  const m = s.latest?.metrics ?? {};
  const num = (name: string): number | null => {
    const v = m[name];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  switch (s.config.kind) {
    case 'postgres':
    case 'mysql': {
      const v = num(s.config.kind === 'postgres' ? 'pg.connections_pct' : 'mysql.connections_pct');
      return { label: 'connections', value: v === null ? '—' : `${Math.round(v)}%` };
    }
    case 'redis': {
      const v = num('redis.ops_ps');
      return { label: 'ops/s', value: v === null ? '—' : compactNumber(v) };
    }
  }
}

/** "Redis :6380" off the default port, "Redis" on it: the name a person gives the service. */
export function serviceName(s: ServiceState, defaultPort: number): string {
  const label = SERVICE_LABELS[s.config.kind];
  return s.config.port === defaultPort ? label : `${label} :${s.config.port}`;
}

/** What the state means in words, and what to do when the service cannot be read. */
export function stateWords(s: ServiceState): string {
  if (s.status === 'pending') return 'Waiting for the first poll…';
  if (s.status === 'failed') {
    const lead = PROBLEM_WORDS[s.problem ?? 'unreachable'];
    return s.message ? `${lead}: ${s.message}` : lead;
  }
  const first = s.health.reasons[0];
  if (first) return first.charAt(0).toUpperCase() + first.slice(1);
  return 'All checks passing';
}

const PROBLEM_WORDS: Record<NonNullable<ServiceState['problem']>, string> = {
  unreachable: 'Cannot reach it',
  refused: 'Access refused',
  setup: 'Needs setting up',
  garbage: 'Its answer made no sense',
  timeout: 'It did not answer in time',
  'host-down': 'The host is not connected',
};

/** The tooltip: state and every health reason, one a line. */
export function serviceTitle(s: ServiceState): string {
  const lines = [stateWords(s), ...s.health.reasons.slice(s.status === 'ok' ? 1 : 0)];
  return [...new Set(lines)].join('\n');
}

/**
 * A change in percent for the before/after table: "−20 %", "+5.0 %", "±0 %", and whether it is
 * good (green). `lowerIsBetter`: mean time (faster is good); calls and rows are neither.
 */
export function formatChange(
  pct: number | null,
  lowerIsBetter: boolean | null,
): { text: string; tone: 'good' | 'bad' | 'none' } {
  if (pct === null || !Number.isFinite(pct)) return { text: '—', tone: 'none' };
  const digits = Math.abs(pct) < 10 ? 1 : 0;
  const rounded = Number(pct.toFixed(digits));
  if (rounded === 0) return { text: '±0 %', tone: 'none' };
  const text = `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(digits)} %`;
  if (lowerIsBetter === null) return { text, tone: 'none' };
  const good = lowerIsBetter ? rounded < 0 : rounded > 0;
  return { text, tone: good ? 'good' : 'bad' };
}

/** Milliseconds as a person reads them: "0.42 ms", "12 ms", "3.4 s", "2.1 min". */
export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  if (ms >= 120_000) return `${trim(ms / 60_000, 1)} min`;
  if (ms >= 1000) return `${trim(ms / 1000, 1)} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  return `${trim(ms, 2)} ms`;
}

/** How long a session has run: "45 s", "12 min", "3 h 5 min". */
export function formatRunning(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '—';
  if (sec < 120) return `${Math.round(sec)} s`;
  if (sec < 7200) return `${Math.round(sec / 60)} min`;
  const h = Math.floor(sec / 3600);
  return `${h} h ${Math.round((sec - h * 3600) / 60)} min`;
}
