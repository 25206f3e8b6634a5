import type { AlertEntry, SignalState } from '../../../shared/alerts';
import type { Host } from '../../../shared/schemas';
import type { ServiceConfig, ServiceState } from '../../../shared/services';
import type { Clock } from '../clock';
import type { Notifier } from '../notify/notifier';
import type { RuleEngine, StateChange } from '../rules/ruleEngine';
import { findMute, type MuteHit, type Mutes, type NotificationGate } from '../rules/silences';
import type { SignalKind } from '../rules/signals';
import { redOrRecovered, type AlertLog } from '../store/alertLog';
import { healthOfStatus, serviceName, serviceReadings } from './serviceHealth';
import type { ServiceWatch } from './serviceWatch';

export interface ServiceAlertingDeps {
  /** The hosts' rule engine: one config, one tick, one staleness rule for hosts and services. */
  rules: RuleEngine;
  log: AlertLog;
  clock: Clock;
  gate: NotificationGate;
  notifier: Notifier;
  mutes: () => Mutes;
  /** Logs a signal's change as a host's are logged. */
  record: (c: StateChange) => void;
  /** A new overall row, for the UI. */
  onEntry: (e: AlertEntry) => void;
  /** The service's host as alerting knows it (its tags), if it is on the board. */
  hostOf: (hostId: string) => Host | undefined;
}

interface Subject {
  config: ServiceConfig;
  name: string;
  /** The last logged overall state and when it began; seeded from the log. */
  level: { level: SignalState; since: number } | null;
  /** Its current red was announced: only then is its recovery. */
  announced: boolean;
}

/**
 * Databases and caches in alerting, as hosts are: a service is a subject of the rule engine
 * ("db-1/postgres", judged by its host's rules and tags), its signals' changes go in the alert
 * log under that id, and its overall red and recovery are `service` rows, notified through the
 * same gate. A silence or maintenance window on the host (or its tags) covers its services: the
 * host is what someone works on; one on the service's id covers just the service.
 */
export class ServiceAlerting {
  private readonly subjects = new Map<string, Subject>();

  constructor(private readonly deps: ServiceAlertingDeps) {}

  /** One poll's outcome: feeds the rules, logs changes, notifies a red or its recovery. */
  observe(config: ServiceConfig, state: ServiceState): void {
    const s = this.ensure(config);
    const readings = serviceReadings(config, state);
    if (!readings) return;
    const ts = state.status === 'ok' && state.latest ? state.latest.ts : this.deps.clock.now();
    for (const c of this.deps.rules.observeReadings(config.id, ts, readings)) this.deps.record(c);
    this.judge(s, ts);
  }

  /** The card's health by the rules (what `watch.useJudge` is given). */
  health(config: ServiceConfig, state: ServiceState): ServiceState['health'] {
    return healthOfStatus(config, state, this.deps.rules.hostStatus(config.id));
  }

  /** After the rule engine's tick: a service whose polls stopped turns stale. */
  tick(): void {
    const now = this.deps.clock.now();
    for (const s of this.subjects.values()) this.judge(s, now);
  }

  /** New tags on a host: its services are judged by them from now on. */
  hostChanged(host: Host): void {
    for (const s of this.subjects.values()) if (s.config.hostId === host.id) this.register(s.config);
  }

  remove(serviceId: string): void {
    if (!this.subjects.delete(serviceId)) return;
    this.deps.rules.removeHost(serviceId);
    this.deps.gate.forgetHost(serviceId);
  }

  forgetHost(hostId: string): void {
    for (const s of [...this.subjects.values()]) if (s.config.hostId === hostId) this.remove(s.config.id);
  }

  private register(config: ServiceConfig): void {
    const host = this.deps.hostOf(config.hostId);
    this.deps.rules.setHost({
      id: config.id,
      tags: host?.tags ?? [],
      intervalMs: config.intervalMs,
      rulesOf: config.hostId,
    });
  }

  /** The first time, its raised states come back from the log, so a restart repeats nothing. */
  private ensure(config: ServiceConfig): Subject {
    const known = this.subjects.get(config.id);
    if (known) {
      if (known.config !== config) {
        known.config = config;
        this.register(config);
      }
      return known;
    }
    this.register(config);
    const now = this.deps.clock.now();
    for (const e of this.deps.log.signalsAt(config.id, now)) {
      if (e.to === 'warn' || e.to === 'critical')
        this.deps.rules.restore(config.id, e.signal, e.kind as SignalKind, e.to, e.at, e.value ?? 0);
    }
    const last = this.deps.log.lastSubjectRow(config.id, 'service');
    const s: Subject = {
      config,
      name: serviceName(config),
      level: last ? { level: last.to, since: last.at } : null,
      announced: last?.to === 'critical' && (last.notice?.startsWith('notified') ?? false),
    };
    this.subjects.set(config.id, s);
    return s;
  }

  /** Logs a change of the service's overall state; notifies a red and the recovery of a notified red. */
  private judge(s: Subject, at: number): void {
    const st = this.deps.rules.hostStatus(s.config.id);
    if (st.state === 'waiting') return;
    const to = st.state;
    const prev = s.level;
    if (prev?.level === to) return;
    s.level = { level: to, since: at };
    if (!prev && to === 'ok') return; // a first green is not news
    const from = prev?.level ?? 'ok';
    const first = st.reasons[0];
    // Signal reasons name the service already; staleness ("no data since …") does not.
    const reason = !first
      ? `${s.name}: ${to === 'ok' ? 'all signals ok' : to}`
      : to === 'stale'
        ? `${s.name}: ${first}`
        : first;
    const entry = this.deps.log.insertLevel({ id: s.config.id, kind: 'service' }, { from, to, at, reason });
    if (redOrRecovered(from, to)) {
      entry.notice = this.notify(s, entry, prev?.since);
      this.deps.log.setNotice(entry.id, entry.notice);
    }
    this.deps.onEntry(entry);
  }

  /** A mute on the host (or a tag of it, or a signal of it) or on the service's own id. */
  private muteOf(s: Subject, signal: string, mutes: Mutes, now: number): MuteHit | null {
    const change = { hostId: s.config.id, signal };
    const host = this.deps.hostOf(s.config.hostId);
    return (
      findMute(change, { id: s.config.hostId, tags: host?.tags ?? [] }, mutes, now) ??
      findMute(change, { id: s.config.id, tags: [] }, mutes, now)
    );
  }

  private notify(s: Subject, entry: AlertEntry, fromSince: number | undefined): string {
    if (entry.to !== 'critical') {
      if (!s.announced) return 'not notified: its red was not announced either';
      s.announced = false;
    }
    const now = this.deps.clock.now();
    const mutes = this.deps.mutes();
    let mute = this.muteOf(s, 'service', mutes, now);
    // As for a host: silences on its signals mute its red only when they cover every red one.
    if (!mute && entry.to === 'critical') {
      const red = this.deps.rules.signalStates(s.config.id).filter((x) => x.state === 'critical');
      const hits = red.map((x) => this.muteOf(s, x.signal, mutes, now));
      if (red.length > 0 && hits.every((h) => h?.kind === 'silence')) mute = hits[0] ?? null;
    }
    const decision = this.deps.gate.decide(
      entry,
      { id: s.config.id, tags: [], name: s.name },
      mutes,
      now,
      mute,
    );
    if (!decision.notify) return `not notified: ${decision.reason}`;
    // The notification opens the host's page, where the service is a section.
    const { notice, delivered } = this.deps.notifier.send(
      { kind: 'host', id: s.config.hostId, name: s.name },
      entry,
      fromSince,
    );
    if (delivered && entry.to === 'critical') s.announced = true;
    return notice;
  }
}

/**
 * The service watch judged by the alert rules: each poll's outcome (answer or failure) goes to
 * alerting, a removed service leaves it, and the card's health is read back from the rules.
 */
export function wireServiceHealth(
  watch: Pick<ServiceWatch, 'addHooks' | 'useJudge'>,
  alerting: { readonly services: ServiceAlerting },
): void {
  const services = alerting.services;
  watch.addHooks({
    onPoll: (config, state) => services.observe(config, state),
    onRemove: (serviceId) => services.remove(serviceId),
  });
  watch.useJudge((config, state) => services.health(config, state));
}
