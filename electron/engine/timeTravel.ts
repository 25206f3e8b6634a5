import { unflattenSample } from '../../shared/metrics';
import type { BoardEntry, Host, Sample } from '../../shared/schemas';
import { formatClock } from '../../shared/format';
import type { Greenboard } from './engine';
import { evaluateHealth, thresholdsOf, type Evaluation } from './health';
import { resolveRules } from './rules/ruleConfig';

/**
 * The board as it was at `ts`: each host's last stored poll at or before then, judged as of
 * then (waiting before its first sample, grey once its data had stopped).
 */
export function boardAt(engine: Greenboard, ts: number): BoardEntry[] {
  const logSince = alertLogSince(engine);
  return engine.hostStates().map((s) => {
    const found = engine.store.pointsAt(s.host.id, ts);
    const latest = found
      ? unflattenSample(s.host.id, found.ts, found.points, s.latest?.cpu.cores ?? 1)
      : null;
    const ev = judgeAt(engine, s.host, latest, ts, logSince);
    return {
      host: s.host,
      health: {
        hostId: s.host.id,
        state: ev.state,
        reasons: ev.reasons,
        lastSampleTs: found?.ts ?? null,
        since: found?.ts ?? ts,
      },
      latest,
      link: engine.linkOf(s),
    };
  });
}

/**
 * A host's health at `ts` from what is stored: the signals the alert log says were raised
 * then, so `for` delays and hysteresis are judged exactly as they were live. Moments from
 * before the file had an alert log (older Greenboards) are judged by the rules' trip levels
 * on the poll alone.
 */
export function judgeAt(
  engine: Greenboard,
  host: Host,
  sample: Sample | null,
  ts: number,
  logSince = alertLogSince(engine),
): Evaluation {
  if (sample === null) return { state: 'waiting', reasons: ['waiting for the first poll'] };
  const rules = resolveRules(engine.settings.rules, host);
  if (ts - sample.ts > rules.staleAfterIntervals * host.intervalMs) {
    return { state: 'grey', reasons: [`no data since ${formatClock(sample.ts)}`] };
  }
  if (logSince === undefined || ts < logSince) {
    return evaluateHealth(sample, sample.ts, ts, host.intervalMs, thresholdsOf(rules));
  }
  const raised = engine.alerting.log
    .signalsAt(host.id, ts)
    .filter((e) => e.to === 'warn' || e.to === 'critical')
    .sort((a, b) => (a.to === b.to ? b.at - a.at : a.to === 'critical' ? -1 : 1));
  if (raised.length === 0) return { state: 'green', reasons: [] };
  return {
    state: raised[0]?.to === 'critical' ? 'red' : 'amber',
    reasons: raised.map((e) => e.reason),
  };
}

/** When the file's alert log begins (set by migration 4); undefined for a file without one. */
function alertLogSince(engine: Greenboard): number | undefined {
  return engine.store.getSetting<number>('alertLogSince');
}
