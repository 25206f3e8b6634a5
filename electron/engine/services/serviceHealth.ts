import type { HealthState } from '../../../shared/schemas';
import type { Evaluation } from '../health';
import type { ServiceConfig, ServiceReading, ServiceState } from '../../../shared/services';
import type { HostStatus } from '../rules/ruleEngine';
import { signalLabel, type SignalReading } from '../rules/signals';
import type { SERVICE_SIGNAL_KINDS } from '../../../shared/alerts';

type ServiceSignalKind = (typeof SERVICE_SIGNAL_KINDS)[number];

/**
 * A service's health goes through the alert rules (rules/ruleEngine.ts) as a host's does: this
 * file turns one poll into the rule engine's readings, each with its value in words, and the
 * rule state back into the card's health.
 */

export type ServiceJudge = (config: ServiceConfig, state: ServiceState) => ServiceState['health'];

/** Before the rules are wired (and in a reviewed history, where nothing polls): not judged. */
export const UNJUDGED: ServiceJudge = () => ({ state: 'unknown', reasons: [] });

/** "db-1 postgres": how a service is named in a reason, an alert and a notification. */
export function serviceName(config: Pick<ServiceConfig, 'id' | 'hostId' | 'kind' | 'port'>): string {
  const port = config.id.endsWith(`/${config.kind}`) ? '' : `:${config.port}`;
  return `${config.hostId} ${config.kind}${port}`;
}

const pct = (x: number): string => `${Math.round(x)} %`;

/**
 * A reading's signals as the rules judge them, each with its words: connections against the
 * maximum (with who holds them), replication lag, the cache miss ratio (100 − hit: rules raise
 * at or above a level), the longest running query and evictions. A value the reading lacks
 * gives no signal, so it neither raises nor clears one.
 */
export function serviceSignals(name: string, r: ServiceReading): SignalReading[] {
  const m = r.metrics;
  const out: SignalReading[] = [];
  const add = (kind: ServiceSignalKind, value: number, words: string): void => {
    if (Number.isFinite(value))
      out.push({ id: kind, kind, label: signalLabel(kind), value, words: `${name}: ${words}` });
  };
  const conn = m['pg.connections'] ?? m['mysql.threads_connected'];
  const max = m['pg.max_connections'] ?? m['mysql.max_connections'];
  if (conn != null && max != null && max > 0) {
    const idleTx = m['pg.conn_idle_in_tx'];
    const extra = idleTx ? `, ${idleTx} idle in transaction` : '';
    const used = (conn / max) * 100;
    add('dbConnections', used, `${conn} of ${max} connections (${pct(used)})${extra}`);
  }
  const lag = m['pg.replication_lag_sec'] ?? m['mysql.replication_lag_sec'];
  if (lag != null) add('replicationLag', lag, `replication ${Math.round(lag)} s behind`);
  const hit = m['pg.cache_hit_pct'] ?? m['mysql.buffer_pool_hit_pct'] ?? m['redis.hit_pct'];
  if (hit != null) add('cacheMiss', 100 - hit, `cache hit ratio ${pct(hit)}`);
  const oldest = m['pg.oldest_query_sec'] ?? m['mysql.oldest_query_sec'];
  if (oldest != null) {
    const who = r.sessions.find((s) => s.runningSec >= oldest - 1);
    const by = who ? ` (pid ${who.pid}, ${who.user})` : '';
    add('longQuery', oldest, `a query running ${runningFor(oldest)}${by}`);
  }
  const ev = m['redis.evictions_ps'];
  if (ev != null) add('evictions', ev, `${ev.toFixed(1)} evictions/s`);
  return out;
}

function runningFor(sec: number): string {
  return sec < 120 ? `${Math.round(sec)} s` : `${Math.round(sec / 60)} min`;
}

/**
 * What one poll tells the rules: an answer gives its signals and "reachable"; a failure gives
 * "unreachable" with what went wrong. Null when there is nothing to judge: not polled yet, or
 * the host itself is down (that is the host's alert; the service's readings pause, and stay
 * unknown until it is back).
 */
export function serviceReadings(config: ServiceConfig, state: ServiceState): SignalReading[] | null {
  const name = serviceName(config);
  const down = (value: number, words: string): SignalReading => ({
    id: 'serviceDown',
    kind: 'serviceDown',
    label: signalLabel('serviceDown'),
    value,
    words: `${name}: ${words}`,
  });
  if (state.status === 'pending' || state.problem === 'host-down') return null;
  if (state.status === 'failed') return [down(1, state.message ?? 'not reachable')];
  if (!state.latest) return null;
  return [down(0, 'answering'), ...serviceSignals(name, state.latest)];
}

const CARD: Record<HostStatus['state'], ServiceState['health']['state']> = {
  waiting: 'unknown',
  stale: 'unknown',
  ok: 'green',
  warn: 'amber',
  critical: 'red',
};

/** The card's health from the rule state, reasons worst first ("db-1 postgres: …"). */
export function healthOfStatus(
  config: ServiceConfig,
  state: ServiceState,
  status: HostStatus,
): ServiceState['health'] {
  if (state.status === 'pending') return { state: 'unknown', reasons: [] };
  if (state.problem === 'host-down')
    return { state: 'unknown', reasons: [`${serviceName(config)}: ${state.message ?? 'host down'}`] };
  if (status.state === 'stale' || status.state === 'waiting')
    return { state: 'unknown', reasons: status.reasons.map((r) => `${serviceName(config)}: ${r}`) };
  const judged = { state: CARD[status.state], reasons: status.reasons };
  // A failed poll the rules do not count yet (its `for` runs) is not "green": the card says what
  // failed, amber, until the rule turns it red or a poll answers again.
  if (state.status === 'failed' && judged.state === 'green')
    return { state: 'amber', reasons: [`${serviceName(config)}: ${state.message ?? 'not answering'}`] };
  return judged;
}

const RANK: Record<HealthState, number> = { waiting: -1, grey: -1, green: 0, amber: 1, red: 2 };

/** A host's evaluation with its services' amber and red in it (a host still waiting or grey stays so). */
export function withServices(ev: Evaluation, services: readonly ServiceState[]): Evaluation {
  if (RANK[ev.state] < 0) return ev;
  let state = ev.state;
  const reasons = [...ev.reasons];
  for (const s of services) {
    const h = s.health.state;
    if (h !== 'amber' && h !== 'red') continue;
    reasons.push(...s.health.reasons);
    if (RANK[h] > RANK[state]) state = h;
  }
  return { state, reasons };
}
