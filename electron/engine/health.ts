import { formatClock } from '../../shared/format';
import { memUsedPct } from '../../shared/metrics';
import type { Health, HealthState, Sample } from '../../shared/schemas';
import { DEFAULT_RULES, type RuleSet } from './rules/ruleTypes';

/** Warn (amber) and critical (red) levels for one signal; a value at or above the level trips it. */
export interface Level {
  warn: number;
  crit: number;
}

export interface Thresholds {
  cpuBusyPct: Level;
  iowaitPct: Level;
  memUsedPct: Level;
  swapUsedPct: Level;
  diskUsedPct: Level;
  /** 5-minute load average divided by the number of cores. */
  loadPerCore: Level;
  /** No sample for this many intervals turns a host grey. */
  staleAfterIntervals: number;
}

/** The trip levels of the default alert rules (one source: DEFAULT_RULES). */
export const DEFAULT_THRESHOLDS: Thresholds = thresholdsOf(DEFAULT_RULES);

/** A rule set's trip levels, for judging one poll on its own (no `for`, no hysteresis). */
export function thresholdsOf(set: RuleSet): Thresholds {
  const lvl = (k: keyof RuleSet['rules']): Level => {
    const r = set.rules[k];
    return r.enabled ? { warn: r.warn, crit: r.critical } : { warn: Infinity, crit: Infinity };
  };
  return {
    cpuBusyPct: lvl('cpu'),
    iowaitPct: lvl('iowait'),
    memUsedPct: lvl('memory'),
    swapUsedPct: lvl('swap'),
    diskUsedPct: lvl('disk'),
    loadPerCore: lvl('load'),
    staleAfterIntervals: set.staleAfterIntervals,
  };
}

export interface Evaluation {
  state: HealthState;
  reasons: string[];
}

interface Finding {
  state: 'amber' | 'red';
  /** How far over its level, as a fraction, to put the worst reason first. */
  excess: number;
  reason: string;
}

/**
 * Health of one host at `now`: waiting before the first sample, grey when samples stopped,
 * else the worst of its signals. Every non-green state carries its reasons in words.
 */
export function evaluateHealth(
  sample: Sample | null,
  lastSampleTs: number | null,
  now: number,
  intervalMs: number,
  t: Thresholds = DEFAULT_THRESHOLDS,
): Evaluation {
  if (lastSampleTs === null || sample === null)
    return { state: 'waiting', reasons: ['waiting for the first poll'] };
  if (now - lastSampleTs > t.staleAfterIntervals * intervalMs) {
    return { state: 'grey', reasons: [`no data since ${formatClock(lastSampleTs)}`] };
  }
  const findings: Finding[] = [];
  const check = (
    value: number | null,
    level: Level,
    describe: (v: string, lvl: string) => string,
    fmt = pctFmt,
  ): void => {
    if (value == null || !Number.isFinite(value)) return;
    const hit = value >= level.crit ? 'red' : value >= level.warn ? 'amber' : null;
    if (!hit) return;
    const lvl = hit === 'red' ? level.crit : level.warn;
    findings.push({
      state: hit,
      excess: (value - lvl) / Math.max(lvl, 1e-9),
      reason: describe(fmt(value), fmt(lvl)),
    });
  };

  check(sample.cpu.busyPct, t.cpuBusyPct, (v, l) => `CPU ${v} ≥ ${l}`);
  check(sample.cpu.iowaitPct, t.iowaitPct, (v, l) => `iowait ${v} ≥ ${l}`);
  check(memUsedPct(sample), t.memUsedPct, (v, l) => `memory ${v} ≥ ${l}`);
  if (sample.swap.totalBytes > 0) {
    check(
      (sample.swap.usedBytes / sample.swap.totalBytes) * 100,
      t.swapUsedPct,
      (v, l) => `swap ${v} ≥ ${l}`,
    );
  }
  for (const d of sample.disks) check(d.usedPct, t.diskUsedPct, (v, l) => `disk ${d.mount} ${v} ≥ ${l}`);
  if (sample.load) {
    const perCore = sample.load[1] / Math.max(1, sample.cpu.cores);
    check(
      perCore,
      t.loadPerCore,
      (v, l) => `load ${v} per core ≥ ${l}`,
      (n) => n.toFixed(2).replace(/\.?0+$/, ''),
    );
  }

  if (findings.length === 0) return { state: 'green', reasons: [] };
  findings.sort((a, b) => rank(b.state) - rank(a.state) || b.excess - a.excess);
  return { state: findings[0]?.state ?? 'green', reasons: findings.map((f) => f.reason) };
}

function pctFmt(v: number): string {
  return `${Math.round(v)}%`;
}

function rank(s: HealthState): number {
  return s === 'red' ? 2 : s === 'amber' ? 1 : 0;
}

/**
 * A remote host's link, when it stops polling, decides its colour on its own: an untrusted
 * key waits for the user (grey), every failure is red with the link's message as the reason.
 * Returns null while the link is fine, so the metrics decide.
 */
export function linkHealth(link: { state: string; message: string }): Evaluation | null {
  switch (link.state) {
    case 'ok':
    case 'connecting':
      return null;
    case 'hostkey_unknown':
      return { state: 'grey', reasons: [link.message] };
    case 'hostkey_changed':
      return { state: 'red', reasons: ['host key changed', link.message] };
    default:
      return { state: 'red', reasons: [link.message] };
  }
}

/**
 * A host's health after an evaluation: null when nothing moved, else the new record (with
 * `since` kept while the state holds) and whether state or reasons changed (an event), not only
 * the time of the last sample. A grey host says why its last poll failed.
 */
export function nextHealth(
  prev: Health,
  ev: Evaluation,
  at: { hostId: string; lastSampleTs: number | null; lastError: string | null; now: number },
): { health: Health; changed: boolean } | null {
  const { lastError } = at;
  if (lastError && ev.state === 'grey' && !ev.reasons.some((r) => r.includes(lastError)))
    ev.reasons.push(`last poll failed: ${lastError}`);
  const same = prev.state === ev.state && prev.reasons.join('\n') === ev.reasons.join('\n');
  if (same && prev.lastSampleTs === at.lastSampleTs) return null;
  return {
    health: {
      hostId: at.hostId,
      state: ev.state,
      reasons: ev.reasons,
      lastSampleTs: at.lastSampleTs,
      since: prev.state === ev.state ? prev.since : at.now,
    },
    changed: !same,
  };
}
