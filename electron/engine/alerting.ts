import { randomUUID } from 'node:crypto';
import type {
  AlertEntry,
  Delivery,
  HostNotification,
  MaintenanceWindow,
  NotifySettings,
  Silence,
  SignalState,
  SignalStatus,
} from '../../shared/alerts';
import { GreenboardError } from '../../shared/errors';
import type { Health, HealthState, Host, Sample } from '../../shared/schemas';
import type { Clock, Logger } from './clock';
import type { HostRegistry } from './core/hostRegistry';
import type { SettingsService } from './core/settings';
import { Notifier } from './notify/notifier';
import type { ScreenReceipt } from './notify/screenReceivers';
import { HEALTH_OF, RuleEngine, type StateChange } from './rules/ruleEngine';
import type { RulesConfig } from './rules/ruleTypes';
import { findMute, NotificationGate } from './rules/silences';
import { ProbeAlerting } from './probes/probeAlerting';
import { ServiceAlerting } from './services/serviceAlerting';
import { GroupAlerting } from './groups/groupAlerting';
import type { SignalKind } from './rules/signals';
import { AlertLog, redOrRecovered } from './store/alertLog';
import { MutesStore } from './store/mutesStore';
import type { Store } from './store/store';

const LEVEL_OF: Record<Exclude<HealthState, 'waiting'>, SignalState> = {
  green: 'ok',
  amber: 'warn',
  red: 'critical',
  grey: 'stale',
};

export interface AlertingDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  rules: () => RulesConfig;
  notify: () => NotifySettings;
  /** A new alert log row, for the UI. */
  onEntry: (e: AlertEntry) => void;
  /** A notification to show (desktop or browser tabs); returns what each receiver did with it. */
  onNotify: (n: HostNotification) => ScreenReceipt[];
}

/**
 * Alert rules wired to the engine: turns samples into signal states (RuleEngine), records
 * every change of hosts, their signals and probes in the alert log, and decides which host
 * and probe changes are notified (silences, maintenance windows, one per host or probe per
 * few minutes) on the desktop and the webhook.
 */
export class Alerting {
  readonly log: AlertLog;
  readonly mutes: MutesStore;
  private readonly rules: RuleEngine;
  private readonly gate: NotificationGate;
  private readonly hosts = new Map<string, Host>();
  /** Each host's last logged overall state, and when it began; seeded from the log at start. */
  private readonly hostLevel = new Map<string, { level: SignalState; since: number }>();
  /** Hosts whose current red was announced: only those get a "recovered". */
  private readonly announcedRed = new Set<string>();
  private readonly notifier: Notifier;
  /** Probes' state changes: the same log, gate, mutes and channels as hosts'. */
  readonly probes: ProbeAlerting;
  /** Databases' and caches' rule states: the same engine, log, gate, mutes and channels. */
  readonly services: ServiceAlerting;
  /** Groups' (tags') rule states: the same engine, log, gate, mutes and channels. */
  readonly groups: GroupAlerting;

  constructor(private readonly deps: AlertingDeps) {
    this.log = new AlertLog(deps.store.db);
    this.mutes = new MutesStore(deps.store.db);
    this.notifier = new Notifier(deps);
    this.rules = new RuleEngine({ clock: deps.clock, config: deps.rules() });
    this.gate = new NotificationGate(deps.notify().minGapMinutes * 60_000);
    this.probes = new ProbeAlerting({
      log: this.log,
      clock: deps.clock,
      gate: this.gate,
      notifier: this.notifier,
      mutes: () => this.currentMutes(),
      onEntry: deps.onEntry,
    });
    // Services and groups are subjects of the same rule engine, log, gate, mutes and channels.
    const subjects = {
      rules: this.rules,
      log: this.log,
      clock: deps.clock,
      gate: this.gate,
      notifier: this.notifier,
      mutes: () => this.currentMutes(),
      record: (c: StateChange) => this.record(c),
      onEntry: deps.onEntry,
    };
    this.services = new ServiceAlerting({ ...subjects, hostOf: (id) => this.hosts.get(id) });
    this.groups = new GroupAlerting(subjects);
  }

  /** Adds or updates a host; the first time, its raised states come back from the log. */
  setHost(host: Host): void {
    const known = this.hosts.has(host.id);
    this.hosts.set(host.id, host);
    this.rules.setHost({ id: host.id, tags: host.tags, intervalMs: host.intervalMs });
    this.services.hostChanged(host);
    if (known) return;
    const now = this.deps.clock.now();
    for (const e of this.log.signalsAt(host.id, now)) {
      if (e.to === 'warn' || e.to === 'critical') {
        this.rules.restore(host.id, e.signal, e.kind as SignalKind, e.to, e.at, e.value ?? e.threshold ?? 0);
      }
    }
    const last = this.log.lastHostRow(host.id);
    if (last) this.hostLevel.set(host.id, { level: last.to, since: last.at });
    if (last?.to === 'critical' && last.notice?.startsWith('notified')) this.announcedRed.add(host.id);
  }

  removeHost(hostId: string): void {
    this.hosts.delete(hostId);
    this.hostLevel.delete(hostId);
    this.announcedRed.delete(hostId);
    this.rules.removeHost(hostId);
    this.gate.forgetHost(hostId);
    this.services.forgetHost(hostId);
  }

  /** New rules or notification settings from Settings; states carry over. */
  applySettings(): void {
    this.rules.setConfig(this.deps.rules());
    this.gate.minGapMs = this.deps.notify().minGapMinutes * 60_000;
    this.notifier.sync();
  }

  /** Starts the webhook sender when one is configured (pending messages from last run first). */
  start(): void {
    this.notifier.sync();
  }

  async stop(): Promise<void> {
    await this.notifier.stop();
  }

  observe(sample: Sample): void {
    if (!this.hosts.has(sample.hostId)) return;
    for (const c of this.rules.observe(sample)) this.record(c);
  }

  /** Notices hosts whose data stopped; call once a second. */
  tick(): void {
    for (const c of this.rules.tick()) this.record(c);
    this.services.tick();
    this.groups.tick();
  }

  /** The host's state by its rules (link problems are the engine's to add). */
  hostHealth(hostId: string): { state: HealthState; reasons: string[] } {
    const st = this.rules.hostStatus(hostId);
    return { state: HEALTH_OF[st.state], reasons: st.reasons };
  }

  signals(hostId: string): SignalStatus[] {
    return this.rules.signalStates(hostId);
  }

  /**
   * The engine's verdict on a host changed (rules or link). Logs it as a `host` row and, when
   * the host turned red or recovered from red, notifies unless muted or rate limited.
   */
  onHostHealth(host: Host, health: Health): void {
    if (health.state === 'waiting') return;
    const to = LEVEL_OF[health.state];
    const prev = this.hostLevel.get(host.id);
    if (prev?.level === to) return;
    const from = prev?.level ?? 'ok';
    const at = health.since;
    this.hostLevel.set(host.id, { level: to, since: at });
    if (!prev && to === 'ok') return; // a first green is not news
    const reason = health.reasons[0] ?? (to === 'ok' ? 'all signals ok' : to);
    const entry = this.log.insertLevel({ id: host.id, kind: 'host' }, { from, to, at, reason });
    if (redOrRecovered(from, to)) entry.notice = this.notify(host, entry, prev?.since);
    if (entry.notice) this.log.setNotice(entry.id, entry.notice);
    this.deps.onEntry(entry);
  }

  currentMutes(): { silences: Silence[]; windows: MaintenanceWindow[] } {
    const now = this.deps.clock.now();
    return { silences: this.mutes.silences(now), windows: this.mutes.windows(now) };
  }

  addSilence(input: Omit<Silence, 'id' | 'until'> & { minutes: number }): Silence {
    const now = this.deps.clock.now();
    const s: Silence = {
      id: randomUUID(),
      target: input.target,
      until: now + Math.round(input.minutes * 60_000),
      by: input.by,
      why: input.why,
    };
    this.mutes.addSilence(s, now);
    return s;
  }

  addWindow(input: Omit<MaintenanceWindow, 'id'>): MaintenanceWindow {
    const w: MaintenanceWindow = { ...input, id: randomUUID() };
    this.mutes.addWindow(w);
    return w;
  }

  endMute(id: string): void {
    if (!this.mutes.end(id, this.deps.clock.now())) {
      throw new GreenboardError('not_found', `No active silence or maintenance window with id "${id}".`);
    }
  }

  deliveryLog(limit: number): Delivery[] {
    return this.notifier.deliveryLog(limit);
  }

  /** Queues a test message; refused with what to do when no webhook is set. */
  testWebhook(): Delivery {
    return this.notifier.testWebhook();
  }

  private record(c: StateChange): void {
    const { hostId, signal, kind, from, to, at, value, threshold, reason } = c;
    const entry = this.log.insert({
      hostId,
      signal,
      kind,
      from,
      to,
      at,
      value,
      threshold,
      reason,
      notice: null,
    });
    this.deps.onEntry(entry);
  }

  /** Sends (or holds back) the notification for a host row; returns what happened, in words. */
  private notify(host: Host, entry: AlertEntry, fromSince: number | undefined): string {
    const now = this.deps.clock.now();
    const recovery = entry.to !== 'critical';
    if (recovery && !this.announcedRed.delete(host.id))
      return 'not notified: its red was not announced either';
    const mutes = this.currentMutes();
    // A signal silence mutes the host's red only when it covers every signal that is red.
    if (entry.to === 'critical') {
      const red = this.rules.signalStates(host.id).filter((s) => s.state === 'critical');
      const hits = red.map((s) => findMute({ hostId: host.id, signal: s.signal }, host, mutes, now));
      if (red.length > 0 && hits.every((h) => h?.kind === 'silence'))
        return `not notified: ${hits[0]?.reason}`;
    }
    const decision = this.gate.decide(entry, host, mutes, now);
    if (!decision.notify) return `not notified: ${decision.reason}`;
    const { notice, delivered } = this.notifier.send(
      { kind: 'host', id: host.id, name: host.name },
      entry,
      fromSince,
    );
    if (delivered && entry.to === 'critical') this.announcedRed.add(host.id);
    return notice;
  }
}

/**
 * Alerting wired into the board, as the engine wires it: it follows each host put on or taken
 * off the board, each sample, each judged change and each second; it judges each host by its
 * rules; new rules or notification settings apply at once and every host is judged again.
 */
export function wireAlerting(
  hosts: Pick<HostRegistry, 'addHooks' | 'setJudge' | 'refreshAll'>,
  alerting: Alerting,
  settings: Pick<SettingsService, 'onChange'>,
): void {
  hosts.addHooks({
    onMount: (host) => alerting.setHost(host),
    onUnmount: (hostId) => alerting.removeHost(hostId),
    onSample: (sample) => alerting.observe(sample),
    onHealthChange: (host, health) => alerting.onHostHealth(host, health),
    onTick: () => alerting.tick(),
  });
  hosts.setJudge((s) => alerting.hostHealth(s.host.id));
  settings.onChange((patch) => {
    if (patch.rules || patch.notify) {
      alerting.applySettings();
      hosts.refreshAll();
    }
  });
}
