import { unflattenSample } from '../../shared/metrics';
import type { AlertEntry, SignalState } from '../../shared/alerts';
import type { BoardEntry, Host, HealthState, Link, Sample } from '../../shared/schemas';
import type { PastBoard } from '../../shared/timeTravel';
import { formatClock } from '../../shared/format';
import { securityVerdict, withSecurity } from './audit/securityHealth';
import type { EngineContext } from './core/context';
import type { Alerting } from './alerting';
import { LOCAL_LINK, REVIEW_LINK } from './fixedLinks';
import { evaluateHealth, linkHealth, thresholdsOf, type Evaluation } from './health';
import { incidentsOpenAt, probesAt } from './pastProbes';
import { resolveRules } from './rules/ruleConfig';
import { AuditStore } from './store/auditStore';
import { LinkLog } from './store/linkLog';
import { PastMoments } from './store/pastMoments';

/** What this part of the engine uses of it. */
type Deps = Pick<EngineContext, 'hosts' | 'review' | 'settings' | 'store'> & {
  readonly alerting: Pick<Alerting, 'log'>;
};

/**
 * The board as it was at `ts`, rebuilt from what was recorded then: each host's last poll, its
 * link, the alert log's verdicts (signals and the host as a whole), its audit as of then; the
 * probes judged on their runs up to then; the incidents open then. Hosts and probes added
 * later are absent. With `step`, the moment is first moved to the poll just before or after.
 */
export function boardAt(engine: Deps, ts: number, step?: 'prev' | 'next'): PastBoard {
  const moments = new PastMoments(engine.store.db);
  const at = (step && moments.step(ts, step)) ?? ts;
  const links = new LinkLog(engine.store.db);
  const audits = new AuditStore(engine.store.db);
  const logSince = alertLogSince(engine);
  const hosts: BoardEntry[] = [];
  for (const s of engine.hosts.list()) {
    const firstPoll = moments.firstPoll(s.host.id);
    const created = moments.createdAt(s.host.id);
    // A host exists from when it was added (or its first poll, in a file that says otherwise).
    const since = Math.min(created ?? Infinity, firstPoll ?? Infinity);
    if (!(since <= at)) continue;
    const found = engine.store.pointsAt(s.host.id, at);
    // A rollup bucket starts before its polls: one holding the first poll is not yet data at `at`.
    const usable =
      found && (found.tier === 'raw' || firstPoll === null || found.ts >= firstPoll ? found : null);
    const latest = usable
      ? unflattenSample(s.host.id, usable.ts, usable.points, s.latest?.cpu.cores ?? 1)
      : null;
    const link = pastLink(engine, s.host, links.at(s.host.id, at), at);
    const ev = judgeAt(engine, s.host, latest, at, logSince, { link, audits });
    hosts.push({
      host: s.host,
      health: {
        hostId: s.host.id,
        state: ev.state,
        reasons: ev.reasons,
        lastSampleTs: latest?.ts ?? null,
        since: ev.since ?? latest?.ts ?? since,
      },
      latest,
      link,
    });
  }
  return {
    ts: at,
    hosts,
    probes: probesAt(engine, at),
    incidents: incidentsOpenAt(engine.store.db, at),
  };
}

/** The link as recorded then; a host with no record (local, or before links were kept) was fine. */
function pastLink(engine: Deps, host: Host, recorded: ReturnType<LinkLog['at']>, at: number): Link {
  const base = engine.review
    ? REVIEW_LINK
    : host.kind === 'local'
      ? LOCAL_LINK
      : { ...LOCAL_LINK, message: '' };
  if (!recorded) return { ...base, since: at };
  // Never a retry time: nothing is retried in the past.
  return {
    ...base,
    state: recorded.state,
    message: recorded.message,
    since: recorded.at,
    nextAttemptAt: null,
  };
}

interface PastSources {
  link?: Link;
  audits?: AuditStore;
}

/**
 * A host's health at `ts` from what is stored. A broken link decides on its own, as it did
 * live. Then the alert log: the signals raised then, so `for` delays and hysteresis are judged
 * exactly as they were live, with the audit of then folded in; and the host's own row (the
 * engine's overall verdict, which also knew what is not stored otherwise, e.g. a Prometheus
 * alert) when it was worse. Moments from before the file had an alert log (older Greenboards)
 * are judged by the rules' trip levels on the poll alone.
 */
export function judgeAt(
  engine: Deps,
  host: Host,
  sample: Sample | null,
  ts: number,
  logSince = alertLogSince(engine),
  sources: PastSources = {},
): Evaluation & { since?: number } {
  const byLink = sources.link ? linkHealth(sources.link) : null;
  if (byLink) return { ...byLink, since: sources.link?.since };
  const logged = logSince !== undefined && ts >= logSince;
  const hostRow = logged ? lastHostRow(engine, host.id, ts) : null;
  if (sample === null) {
    // No poll yet, but the engine had a verdict (it could not reach the host, say): that one.
    if (hostRow && hostRow.to !== 'ok') return fromRow(hostRow);
    return { state: 'waiting', reasons: ['waiting for the first poll'] };
  }
  const rules = resolveRules(engine.settings.rules, host);
  if (ts - sample.ts > rules.staleAfterIntervals * host.intervalMs) {
    return { state: 'grey', reasons: [`no data since ${formatClock(sample.ts)}`] };
  }
  if (!logged) return evaluateHealth(sample, sample.ts, ts, host.intervalMs, thresholdsOf(rules));
  const raised = engine.alerting.log
    .signalsAt(host.id, ts)
    .filter((e) => e.to === 'warn' || e.to === 'critical')
    .sort((a, b) => (a.to === b.to ? b.at - a.at : a.to === 'critical' ? -1 : 1));
  const bySignals: Evaluation =
    raised.length === 0
      ? { state: 'green', reasons: [] }
      : { state: raised[0]?.to === 'critical' ? 'red' : 'amber', reasons: raised.map((e) => e.reason) };
  const report = sources.audits?.latest(host.id, ts) ?? null;
  const ev = withSecurity(bySignals, securityVerdict(report));
  if (!hostRow || hostRow.to === 'stale' || RANK[STATE_OF[hostRow.to]] <= RANK[ev.state]) return ev;
  const row = fromRow(hostRow);
  return { ...row, reasons: [...row.reasons, ...ev.reasons.filter((r) => !row.reasons.includes(r))] };
}

const STATE_OF: Record<SignalState, HealthState> = {
  ok: 'green',
  warn: 'amber',
  critical: 'red',
  stale: 'grey',
};
const RANK: Record<HealthState, number> = { waiting: -1, grey: -1, green: 0, amber: 1, red: 2 };

function fromRow(row: AlertEntry): Evaluation & { since: number } {
  return { state: STATE_OF[row.to], reasons: [row.reason], since: row.at };
}

function lastHostRow(engine: Deps, hostId: string, ts: number): AlertEntry | null {
  return engine.alerting.log.list({ hostId, scope: 'host', until: ts, limit: 1 }).entries[0] ?? null;
}

/** When the file's alert log begins (set by migration 4); undefined for a file without one. */
function alertLogSince(engine: Deps): number | undefined {
  const since = engine.store.getSetting<unknown>('alertLogSince');
  // Anything but a number (a crafted file) counts as no alert log: polls are judged on their own.
  return typeof since === 'number' && Number.isFinite(since) ? since : undefined;
}
