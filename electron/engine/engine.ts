import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { EventName } from '../../shared/channels';
import type { ApiHandlers, EventPayload } from '../../shared/contract';
import type { DispatchOptions } from '../../shared/dispatch';
import { GreenboardError } from '../../shared/errors';
import type { BoardEntry, Host, Link, Sample, Settings } from '../../shared/schemas';
import { buildApi } from './api';
import { defaultCollector } from './collectorFactory';
import type { EngineOptions, HostState } from './engineTypes';
import { consoleLogger, systemClock, type Clock, type Logger } from './clock';
import { createFileLogger, type FileLogger } from './log/fileLogger';
import type { Collector } from './collectors/types';
import { Alerting } from './alerting';
import { ScreenReceivers } from './notify/screenReceivers';
import { linkHealth, nextHealth, type Evaluation } from './health';
import { judgeAt } from './timeTravel';
import { Scheduler } from './scheduler';
import { CredentialStore } from './ssh/credentials';
import { SshCollector } from './ssh/sshCollector';
import { TrustPolicy } from './ssh/trust';
import { SshError } from './ssh/types';
import { Store } from './store/store';
import { LinkLog } from './store/linkLog';
import { HistoryWriter } from './historyWriter';
import { checkRules, DEFAULT_SETTINGS, loadSettings, saveSettings } from './settingsFile';
import { WalCheckpointer } from './store/walCheckpointer';
import { openHistoryCopy } from './store/historyCopy';
import { secureDataDir } from './dataDir';
import { ProbeService } from './probes/probeService';
import { IncidentService } from './incidents/service';
import { LoadTestService } from './loadtests/loadTestService';
import { SecurityWatch } from './securityWatch';
import { withSecurity } from './audit/securityHealth';
import { PromFleet, withPromAlerts } from './prometheus/promFleet';
import { PromCollector, PromTargetError } from './prometheus/promCollector';
import { LOCAL_LINK, REVIEW_COLLECTOR, REVIEW_LINK } from './fixedLinks';

export const LOCAL_HOST_ID = 'local';
export const DEFAULT_LOCAL_INTERVAL_MS = DEFAULT_SETTINGS.localIntervalMs;
export const DEFAULT_SSH_INTERVAL_MS = 5000;
/** How often the WAL is folded into the database file, off the main thread. */
const CHECKPOINT_EVERY_MS = 30_000;
/** How often health is re-evaluated between samples, so a silent host turns grey on time. */
const HEALTH_TICK_MS = 1000;

type EngineEvents = { [E in EventName]: [EventPayload<E>] };

/** The data folder's log; stderr instead when the folder cannot hold one (read-only, not ours). */
function openOwnLog(dataDir: string): FileLogger | null {
  try {
    return createFileLogger({ dataDir });
  } catch (err) {
    consoleLogger.warn(`cannot write the log in ${dataDir}, logging to stderr: ${(err as Error).message}`);
    return null;
  }
}

/**
 * The command center: owns the store, the scheduler and one collector per host, and
 * implements the API contract. Plain Node: the Electron shell and the HTTP server both wrap it.
 */
export class Greenboard {
  readonly store: Store;
  readonly api: ApiHandlers;
  readonly credentials: CredentialStore;
  readonly clock: Clock;
  readonly log: Logger;
  /** The log this engine opened itself (no logger given), closed when it stops. */
  private readonly ownLog: FileLogger | null;
  /** What the transports pass to dispatch: a handler's bug is logged here, and its message names the log. */
  readonly dispatchOptions: DispatchOptions;
  private readonly trust: TrustPolicy;
  private readonly scheduler: Scheduler;
  private readonly emitter = new EventEmitter<EngineEvents>();
  private readonly hosts = new Map<string, HostState>();
  private readonly checkpointer: WalCheckpointer | null;
  private healthTimer: unknown = null;
  private running = false;
  /** Set when reviewing a saved history: the file and the time range it holds. */
  readonly review: { file: string; fromTs: number | null; toTs: number | null } | null = null;
  private cleanupReview: (() => void) | null = null;
  readonly settings: Settings;
  /** Null when reviewing a saved history (nothing is written). */
  readonly writer: HistoryWriter | null;
  readonly alerting: Alerting;
  /** Who shows notifications on a screen (Electron's main, the headless server's tabs). */
  readonly screens = new ScreenReceivers();
  readonly probes: ProbeService;
  readonly incidents: IncidentService;
  readonly loadTests: LoadTestService;
  /** Each host's last security audit, folded into its health; audited hosts re-audited daily. */
  readonly security: SecurityWatch;
  /** Hosts discovered from the Prometheus data sources (settings.prometheus). */
  readonly promFleet: PromFleet;

  constructor(readonly opts: EngineOptions) {
    this.clock = opts.clock ?? systemClock;
    // Without a logger the engine writes the data folder's log (never the reviewed file's folder).
    this.ownLog = opts.logger ? null : openOwnLog(opts.dataDir);
    this.log = opts.logger ?? this.ownLog ?? consoleLogger;
    this.dispatchOptions = {
      logPath: this.log.file ?? null,
      onInternalError: (method, err) =>
        this.log.error(`${method} failed: ${err instanceof Error ? err.message : String(err)}`, {
          method,
          err,
        }),
    };
    this.scheduler = new Scheduler(this.clock);
    if (opts.history) {
      const opened = openHistoryCopy(opts.history);
      this.store = opened.store;
      this.cleanupReview = opened.cleanup;
      const range = this.whileOpening(() => this.store.timeRange());
      this.review = { file: opts.history, fromTs: range?.fromTs ?? null, toTs: range?.toTs ?? null };
    } else {
      secureDataDir(opts.dataDir);
      this.store = new Store(join(opts.dataDir, 'greenboard.sqlite'), { manualCheckpoints: true });
    }
    this.checkpointer = this.review ? null : new WalCheckpointer(this.store.path);
    this.trust = new TrustPolicy(this.store, opts.knownHostsPath);
    this.credentials = new CredentialStore(process.env, opts.secretVault ?? null);
    this.emitter.setMaxListeners(100);
    // Settings live in greenboard.json in the data folder; older versions kept the interval in the db.
    const legacyInterval = this.review ? undefined : this.store.getSetting<number>('localIntervalMs');
    this.settings = this.review
      ? { ...DEFAULT_SETTINGS }
      : loadSettings(opts.dataDir, this.log, legacyInterval ? { localIntervalMs: legacyInterval } : {});
    if (opts.localIntervalMs) this.settings.localIntervalMs = opts.localIntervalMs;
    this.writer = this.review
      ? null
      : new HistoryWriter(this.store, this.clock, this.log, () => this.settings.retentionDays);
    this.alerting = new Alerting({
      store: this.store,
      clock: this.clock,
      log: this.log,
      rules: () => this.settings.rules,
      notify: () => this.settings.notify,
      onEntry: (e) => this.emitter.emit('alerts:changed', e),
      onNotify: (n) => {
        this.emitter.emit('notify:host', n);
        return this.screens.deliver(n);
      },
    });
    this.security = new SecurityWatch(this, (id) => {
      const s = this.hosts.get(id);
      if (s) this.refreshHealth(s);
    });
    this.probes = new ProbeService(this);
    this.incidents = new IncidentService(this);
    this.loadTests = new LoadTestService(this);
    this.promFleet = new PromFleet(this, {
      secret: (id) => this.credentials.secret(`prometheus:${id}`),
    });
    this.api = buildApi(this);
    // Every host's last sample in one query, rather than one query per host.
    const stored = new Map(this.whileOpening(() => this.store.latestSamples()).map((x) => [x.hostId, x]));
    const last = (id: string): Sample | null => stored.get(id) ?? null;
    // A stored host that no longer reads (a crafted or damaged file) is left off, and said so.
    const skipped = (why: string): void => this.log.warn(`${this.review?.file ?? this.dbPath}: ${why}`);
    if (this.review) {
      // Every host the file holds, as it was last seen; nothing is polled.
      this.whileOpening(() => {
        for (const h of this.store.listHosts(skipped)) this.mount(h, last(h.id));
      });
      return;
    }
    // Zero configuration: the machine Greenboard runs on is always on the board.
    this.mount(
      {
        id: LOCAL_HOST_ID,
        name: hostname(),
        kind: 'local',
        intervalMs: this.settings.localIntervalMs,
        tags: [],
      },
      last(LOCAL_HOST_ID),
    );
    this.whileOpening(() => {
      for (const h of this.store.listHosts(skipped)) if (h.kind === 'ssh') this.mount(h, last(h.id));
    });
  }

  /**
   * Runs a step of the constructor that reads stored data; if it throws, the store is closed
   * and a reviewed history's private copy removed before the error goes on (no engine is
   * returned, so no stop() would ever do it).
   */
  private whileOpening<T>(step: () => T): T {
    try {
      return step();
    } catch (err) {
      this.store.close();
      this.cleanupReview?.();
      this.ownLog?.close();
      throw err;
    }
  }

  /** The engine's parts with a life of their own: started with it, stopped (and awaited) before the store closes. */
  private parts(): { start?(): void; stop(): void | Promise<void> }[] {
    // Load tests start per run (start(targetId)), never with the engine.
    return [
      this.probes,
      this.incidents,
      this.security,
      this.promFleet,
      { stop: () => this.loadTests.stop() },
    ];
  }

  get dbPath(): string {
    return this.store.path;
  }

  private createCollector(host: Host): Collector {
    if (this.review) return REVIEW_COLLECTOR;
    if (host.kind === 'prometheus')
      return this.promFleet.collectorFor(host, (_link, changed) => this.onLinkChange(host.id, changed));
    return (
      this.opts.createCollector?.(host, this.clock) ??
      defaultCollector(host, this.clock, {
        hostKeys: this.trust,
        credentials: this.credentials,
        sshTimeoutMs: this.opts.sshTimeoutMs,
        onLinkChange: (_link, stateChanged) => this.onLinkChange(host.id, stateChanged),
      })
    );
  }

  /** Saves a host and puts it on the board (and in the schedule, when running). */
  /** @param stored its last stored sample, when the caller already read it */
  mount(host: Host, stored?: Sample | null): HostState {
    if (!this.review) this.store.upsertHost(host, this.clock.now());
    const old = this.hosts.get(host.id);
    if (old) {
      this.scheduler.remove(host.id);
      void old.collector.close();
    }
    const latest = old?.latest ?? (stored !== undefined ? stored : this.store.latestSample(host.id));
    const state: HostState = {
      host,
      collector: this.createCollector(host),
      latest,
      lastSampleTs: latest?.ts ?? null,
      health: {
        hostId: host.id,
        state: 'waiting',
        reasons: [],
        lastSampleTs: latest?.ts ?? null,
        since: this.clock.now(),
      },
      lastError: null,
    };
    this.hosts.set(host.id, state);
    this.alerting.setHost(host);
    this.refreshHealth(state);
    if (this.running) this.schedule(state);
    this.emitter.emit('hosts:changed', { hostId: host.id, removed: false });
    return state;
  }

  unmount(hostId: string): void {
    const s = this.hostState(hostId);
    this.scheduler.remove(hostId);
    void s.collector.close();
    this.hosts.delete(hostId);
    this.alerting.removeHost(hostId);
    this.security.forget(hostId);
    this.store.removeHost(hostId);
    this.emitter.emit('hosts:changed', { hostId, removed: true });
  }

  private schedule(s: HostState): void {
    // Prime now, poll one interval later: the first sample then has every rate in it.
    s.collector.prime().catch((err: unknown) => {
      if (!(err instanceof SshError)) this.log.warn(`could not prime ${s.host.name}: ${String(err)}`);
      this.refreshHealth(s);
    });
    this.scheduler.add(
      { id: s.host.id, intervalMs: s.host.intervalMs, run: () => this.poll(s) },
      s.host.intervalMs,
    );
  }

  start(): void {
    if (this.running) return;
    if (this.review) {
      this.log.info(`reviewing ${this.review.file} (read-only)`, {
        version: this.opts.version,
        file: this.review.file,
      });
      return;
    }
    this.running = true;
    this.log.info(`Greenboard started (${this.opts.mode})`, {
      version: this.opts.version,
      mode: this.opts.mode,
      db: this.store.path,
      hosts: this.hosts.size,
    });
    for (const s of this.hosts.values()) this.schedule(s);
    this.alerting.start();
    for (const part of this.parts()) part.start?.();
    const tick = (): void => {
      this.alerting.tick();
      for (const s of this.hosts.values()) this.refreshHealth(s);
      if (this.running) this.healthTimer = this.clock.setTimeout(tick, HEALTH_TICK_MS);
    };
    this.healthTimer = this.clock.setTimeout(tick, HEALTH_TICK_MS);
    this.writer?.startRetention();
    this.checkpointer?.startEvery(this.clock, CHECKPOINT_EVERY_MS, (error) =>
      this.log.warn(`WAL checkpoint failed: ${error}`),
    );
  }

  async stop(): Promise<void> {
    const wasRunning = this.running;
    this.running = false;
    this.scheduler.stop();
    this.clock.clearTimeout(this.healthTimer);
    await Promise.allSettled([
      ...[...this.hosts.values()].map((s) => s.collector.close()),
      ...this.parts().map((part) => part.stop()),
    ]);
    await this.alerting.stop();
    this.writer?.stop();
    await this.checkpointer?.close();
    this.store.close();
    this.cleanupReview?.();
    this.emitter.removeAllListeners();
    if (wasRunning) this.log.info('Greenboard stopped', { mode: this.opts.mode });
    this.ownLog?.close();
  }

  /** Pushes an event to every subscriber (the engine's parts, e.g. probes, report through this). */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    (this.emitter.emit as (e: E, p: EventPayload<E>) => boolean)(event, payload);
  }

  /** Subscribes to an engine event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const l = listener as (...args: EngineEvents[E]) => void;
    this.emitter.on(event, l as never);
    return () => this.emitter.off(event, l as never);
  }

  /** Takes a host's baseline reading now (see Collector.prime). */
  primeNow(hostId: string): Promise<void> {
    return this.hostState(hostId).collector.prime();
  }

  /** Polls a host now, outside its schedule (tests, the CLI, a "refresh" button). */
  async pollNow(hostId: string): Promise<void> {
    await this.poll(this.hostState(hostId));
    this.writer?.flush();
  }

  /** One poll of one host: collect, store in one transaction, publish, re-evaluate health. */
  private async poll(s: HostState): Promise<void> {
    let sample: Sample;
    try {
      sample = await s.collector.collect();
    } catch (err) {
      s.lastError = (err as Error).message;
      // SSH failures are reported once, as link changes; anything else is unexpected.
      if (!(err instanceof SshError || err instanceof PromTargetError))
        this.log.warn(`poll of ${s.host.name} failed: ${s.lastError}`);
      this.refreshHealth(s);
      return;
    }
    if (!this.store.db.open || this.hosts.get(s.host.id) !== s) return; // stopped or removed meanwhile
    s.lastError = null;
    s.latest = sample;
    s.lastSampleTs = sample.ts;
    // History of Prometheus hosts stays in Prometheus; only their health changes are kept here.
    if (s.host.kind !== 'prometheus') this.writer?.add(sample);
    this.alerting.observe(sample);
    this.emitter.emit('metrics:sample', sample);
    this.refreshHealth(s);
  }

  private onLinkChange(hostId: string, stateChanged: boolean): void {
    const s = this.hosts.get(hostId);
    if (!s) return;
    const link = this.linkOf(s);
    if (stateChanged && link.state !== 'ok' && link.state !== 'connecting')
      this.log.info(`${s.host.name}: ${link.message}`, { hostId, link: link.state });
    // Kept so the board at a past moment shows the link as it was (see timeTravel.ts).
    if (stateChanged && !this.review && this.store.db.open)
      new LinkLog(this.store.db).record({
        hostId,
        at: link.since || this.clock.now(),
        state: link.state,
        message: link.message,
      });
    this.refreshHealth(s);
    this.emitter.emit('hosts:changed', { hostId, removed: false });
  }

  linkOf(s: HostState): Link {
    if (this.review) return REVIEW_LINK;
    if (s.collector instanceof PromCollector) return s.collector.link;
    return s.collector instanceof SshCollector ? s.collector.link : LOCAL_LINK;
  }

  private refreshHealth(s: HostState): void {
    // A saved history is judged as of its last sample, not as of today (which would be grey).
    const now = this.review ? (this.review.toTs ?? this.clock.now()) : this.clock.now();
    const ev: Evaluation = this.review
      ? judgeAt(this, s.host, s.latest, now)
      : (linkHealth(this.linkOf(s)) ??
        withSecurity(
          withPromAlerts(this.alerting.hostHealth(s.host.id), this.promFleet.alertsOf(s.host)),
          this.security.verdict(s.host.id),
        ));
    const prev = s.health;
    const next = nextHealth(prev, ev, {
      hostId: s.host.id,
      lastSampleTs: s.lastSampleTs,
      lastError: s.lastError,
      now,
    });
    if (!next) return;
    s.health = next.health;
    if (!next.changed) return; // only the timestamp moved: not a change worth an event
    // The alert log's host rows are the record of health changes (health_changes is legacy).
    if (prev.state !== ev.state && this.store.db.open && !this.review)
      this.alerting.onHostHealth(s.host, s.health);
    if (prev.state !== s.health.state && !this.review)
      this.log.info(`${s.host.name}: ${prev.state} → ${s.health.state}`, {
        hostId: s.host.id,
        from: prev.state,
        to: s.health.state,
        reasons: s.health.reasons,
      });
    this.emitter.emit('health:changed', s.health);
  }

  hostState(hostId: string): HostState {
    const s = this.hosts.get(hostId);
    if (!s)
      throw new GreenboardError(
        'not_found',
        `No host named "${hostId}". Run "greenboard hosts list" (or hosts:list) to see the hosts.`,
      );
    return s;
  }

  hostStates(): HostState[] {
    return [...this.hosts.values()];
  }

  board(): BoardEntry[] {
    return this.hostStates().map((s) => ({
      host: s.host,
      health: s.health,
      latest: s.latest,
      link: this.linkOf(s),
    }));
  }

  /** Applies and saves settings (to greenboard.json in the data folder). */
  updateSettings(patch: Partial<Settings>): Settings {
    if (patch.rules) checkRules(patch.rules);
    const next = { ...this.settings, ...patch };
    saveSettings(this.opts.dataDir, next);
    Object.assign(this.settings, next);
    if (patch.localIntervalMs !== undefined) {
      const local = this.hostState(LOCAL_HOST_ID);
      local.host = { ...local.host, intervalMs: patch.localIntervalMs };
      this.scheduler.setInterval(LOCAL_HOST_ID, patch.localIntervalMs);
      this.alerting.setHost(local.host);
    }
    if (patch.prometheus) this.promFleet.sync();
    if (patch.rules || patch.notify) {
      this.alerting.applySettings();
      for (const s of this.hosts.values()) this.refreshHealth(s);
    }
    return { ...this.settings };
  }
}
