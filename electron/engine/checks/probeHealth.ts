import type { HealthState } from '../../../shared/schemas';
import type { ProbeDef, ProbeHealth, ProbeResult } from '../../../shared/probes';
import { formatDay, formatMs } from './probeErrors';

/** Latency at or above this share of the SLO limit turns a probe amber: a warning before the breach. */
export const SLO_NEAR_FRACTION = 0.8;

/** No result for this many intervals and the probe goes grey: its schedule has stopped. */
export const STALE_INTERVALS = 3;

const RANK: Record<HealthState, number> = { waiting: 0, green: 1, grey: 2, amber: 3, red: 4 };

/**
 * Nearest-rank percentile (the smallest value with at least p% of the values at or below it):
 * always a value that was measured, and the p95 of 20 samples is the 19th, as people expect.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** "15 min", "2 h", "45 s". */
export function formatWindow(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

function certWords(daysLeft: number, validTo: number): string {
  const day = formatDay(validTo);
  if (daysLeft < 0) {
    const ago = Math.round(-daysLeft);
    return `certificate expired ${ago < 1 ? 'today' : `${ago} day${ago === 1 ? '' : 's'} ago`} (${day})`;
  }
  if (daysLeft < 1) return `certificate expires in ${Math.floor(daysLeft * 24)} hours (${day})`;
  const days = Math.round(daysLeft);
  return `certificate expires in ${days} day${days === 1 ? '' : 's'} (${day})`;
}

interface Finding {
  state: HealthState;
  reason: string;
}

/**
 * A probe's colour from its recent results, with every non-green reason in words, worst first.
 *
 * - red: the latest run failed (transport error, unexpected status, keyword or JSON path,
 *   untrusted certificate), with that failure as the reason; or the SLO percentile of total
 *   time over the window is at or above the limit ("p95 1.3 s ≥ 1 s over 15 min"); or the
 *   certificate has `certCritDays` or fewer days left.
 * - amber: the percentile is at or above {@link SLO_NEAR_FRACTION} of the limit; or the
 *   certificate has `certWarnDays` or fewer days left.
 * - grey: no result for {@link STALE_INTERVALS} intervals; waiting: no result at all.
 *
 * Up or down follows the latest run alone, so a probe recovers as soon as its target does;
 * latency is judged over the window, so one slow request is not a breach. The percentile is
 * over runs that got a response (failed connections and timeouts are failures, not latencies).
 * Certificate days are compared rounded to whole days, as they are written.
 */
export function evaluateProbeHealth(
  def: Pick<ProbeDef, 'slo' | 'certWarnDays' | 'certCritDays' | 'intervalMs'>,
  results: readonly ProbeResult[],
  now: number,
): ProbeHealth {
  const sorted = [...results].filter((r) => r.ts <= now).sort((a, b) => a.ts - b.ts);
  const latest = sorted[sorted.length - 1];
  if (!latest)
    return { state: 'waiting', reasons: ['no result yet'], latencyMs: null, samples: 0, certDaysLeft: null };

  const findings: Finding[] = [];
  const silentMs = now - latest.ts;
  if (silentMs > STALE_INTERVALS * def.intervalMs)
    findings.push({
      state: 'grey',
      reason: `no result for ${formatWindow(silentMs)} (one every ${formatWindow(def.intervalMs)} expected)`,
    });

  if (!latest.ok) {
    const why = [...(latest.error ? [latest.error] : []), ...latest.failures].join('; ');
    findings.push({ state: 'red', reason: why || 'the last check failed' });
  }

  const { percentile: p, underMs, windowMs } = def.slo;
  const completed = sorted.filter((r) => r.ts > now - windowMs && r.status !== null && r.error === null);
  const latencyMs = percentile(
    completed.map((r) => r.timings.totalMs),
    p,
  );
  if (latencyMs !== null) {
    const label = `p${p} ${formatMs(latencyMs)}`;
    const over = `over ${formatWindow(windowMs)}`;
    if (latencyMs >= underMs)
      findings.push({ state: 'red', reason: `${label} ≥ ${formatMs(underMs)} ${over}` });
    else if (latencyMs >= underMs * SLO_NEAR_FRACTION)
      findings.push({ state: 'amber', reason: `${label}, close to the ${formatMs(underMs)} limit ${over}` });
  }

  const cert = latest.cert;
  let certProblem = !latest.ok && latest.errorKind === 'tls';
  if (cert) {
    const days = Math.round(cert.daysLeft);
    if (days <= def.certCritDays)
      findings.push({ state: 'red', reason: certWords(cert.daysLeft, cert.validTo) });
    else if (days <= def.certWarnDays)
      findings.push({ state: 'amber', reason: certWords(cert.daysLeft, cert.validTo) });
    if (days <= def.certWarnDays) certProblem = true;
  }

  findings.sort((a, b) => RANK[b.state] - RANK[a.state]);
  return {
    state: findings[0]?.state ?? 'green',
    reasons: findings.map((f) => f.reason),
    latencyMs,
    samples: completed.length,
    certDaysLeft: cert?.daysLeft ?? null,
    // Said only when true, so a healthy probe's state reads as it always did.
    ...(certProblem ? { certProblem } : {}),
  };
}
