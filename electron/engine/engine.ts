import { EventEmitter } from 'node:events';
import { hostname, platform } from 'node:os';
import { join } from 'node:path';
import type { EventName } from '../../shared/channels';
import type { ApiHandlers, EventPayload } from '../../shared/contract';
import { GreenboardError } from '../../shared/errors';
import type { BoardEntry, Health, Host, Sample, Settings } from '../../shared/schemas';
import { systemClock, consoleLogger, type Clock, type Logger } from './clock';
import { LinuxLocalCollector } from './collectors/linuxLocal';
import { SiLocalCollector } from './collectors/siLocal';
import type { Collector } from './collectors/types';
import { DEFAULT_THRESHOLDS, evaluateHealth, type Thresholds } from './health';
import { Scheduler } from './scheduler';
import { Store } from './store/store';
import { WalCheckpointer } from './store/walCheckpointer';

export const LOCAL_HOST_ID = 'local';
export const DEFAULT_LOCAL_INTERVAL_MS = 2000;
/** How often the WAL is folded into the database file, off the main thread. */
const CHECKPOINT_EVERY_MS = 30_000;
/** How often health is re-evaluated between samples, so a silent host turns grey on time. */
const HEALTH_TICK_MS = 1000;

export interface EngineOptions {
  /** Folder holding greenboard.sqlite; created if missing. */
  dataDir: string;
  mode: 'desktop' | 'headless';
  version?: string;
  clock?: Clock;
  logger?: Logger;
  /** Overrides the stored local polling interval for this run. */
  localIntervalMs?: number;
  thresholds?: Thresholds;
  /** Builds the collector for a host; tests pass their own. */
  createCollector?: (host: Host, clock: Clock) => Collector;
}

interface HostState {
  host: Host;
  collector: Collector;
  latest: Sample | null;
  lastSampleTs: number | null;
  health: Health;
  lastError: string | null;
}

type EngineEvents = { [E in EventName]: [EventPayload<E>] };

function defaultCollector(host: Host, clock: Clock): Collector {
  const now = (): number => clock.now();
  return platform() === 'linux' ? new LinuxLocalCollector(host.id, now) : new SiLocalCollector(host.id, now);
}

/**
 * The command center: owns the store, the scheduler and one collector per host, and
 * implements the API contract. Plain Node: the Electron shell and the HTTP server both wrap it.
 */
export class Greenboard {
  readonly store: Store;
  readonly api: ApiHandlers;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly scheduler: Scheduler;
  private readonly emitter = new EventEmitter<EngineEvents>();
  private readonly hosts = new Map<string, HostState>();
  private readonly thresholds: Thresholds;
  private healthTimer: unknown = null;
  private checkpointTimer: unknown = null;
  private readonly checkpointer: WalCheckpointer;
  private running = false;
  private settings: Settings;

  constructor(private readonly opts: EngineOptions) {
    this.clock = opts.clock ?? systemClock;
    this.log = opts.logger ?? consoleLogger;
    this.thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
    this.scheduler = new Scheduler(this.clock);
    this.store = new Store(join(opts.dataDir, 'greenboard.sqlite'), { manualCheckpoints: true });
    this.checkpointer = new WalCheckpointer(this.store.path);
    this.emitter.setMaxListeners(100);
    this.settings = {
      localIntervalMs:
        opts.localIntervalMs ?? this.store.getSetting<number>('localIntervalMs') ?? DEFAULT_LOCAL_INTERVAL_MS,
    };
    this.addLocalHost();
    this.api = this.buildApi();
  }

  get dbPath(): string {
    return this.store.path;
  }

  /** Zero configuration: the machine Greenboard runs on is always on the board. */
  private addLocalHost(): void {
    const host: Host = {
      id: LOCAL_HOST_ID,
      name: hostname(),
      kind: 'local',
      intervalMs: this.settings.localIntervalMs,
    };
    this.store.upsertHost(host, this.clock.now());
    const create = this.opts.createCollector ?? defaultCollector;
    const latest = this.store.latestSample(host.id);
    const state: HostState = {
      host,
      collector: create(host, this.clock),
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
    this.refreshHealth(state);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const s of this.hosts.values()) {
      // Prime now, poll one interval later: the first sample then has every rate in it.
      s.collector
        .prime()
        .catch((err: unknown) => this.log.warn(`could not prime ${s.host.name}: ${String(err)}`));
      this.scheduler.add(
        { id: s.host.id, intervalMs: s.host.intervalMs, run: () => this.poll(s) },
        s.host.intervalMs,
      );
    }
    const tick = (): void => {
      for (const s of this.hosts.values()) this.refreshHealth(s);
      if (this.running) this.healthTimer = this.clock.setTimeout(tick, HEALTH_TICK_MS);
    };
    this.healthTimer = this.clock.setTimeout(tick, HEALTH_TICK_MS);
    const checkpoint = (): void => {
      void this.checkpointer.checkpoint().then((r) => {
        if (!r.ok) this.log.warn(`WAL checkpoint failed: ${r.error ?? 'unknown error'}`);
        if (this.running) this.checkpointTimer = this.clock.setTimeout(checkpoint, CHECKPOINT_EVERY_MS);
      });
    };
    this.checkpointTimer = this.clock.setTimeout(checkpoint, CHECKPOINT_EVERY_MS);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.scheduler.stop();
    this.clock.clearTimeout(this.healthTimer);
    this.clock.clearTimeout(this.checkpointTimer);
    await Promise.allSettled([...this.hosts.values()].map((s) => s.collector.close()));
    await this.checkpointer.close();
    this.store.close();
    this.emitter.removeAllListeners();
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
  pollNow(hostId: string): Promise<void> {
    return this.poll(this.hostState(hostId));
  }

  /** One poll of one host: collect, store in one transaction, publish, re-evaluate health. */
  private async poll(s: HostState): Promise<void> {
    let sample: Sample;
    try {
      sample = await s.collector.collect();
    } catch (err) {
      s.lastError = (err as Error).message;
      this.log.warn(`poll of ${s.host.name} failed: ${s.lastError}`);
      this.refreshHealth(s);
      return;
    }
    if (!this.store.db.open) return; // stopped while this poll was in flight
    s.lastError = null;
    s.latest = sample;
    s.lastSampleTs = sample.ts;
    try {
      this.store.writeSample(sample);
    } catch (err) {
      // A full disk or a locked file must not stop the board: show live data, say so in the log.
      this.log.error(`could not save a sample of ${s.host.name}: ${(err as Error).message}`);
    }
    this.emitter.emit('metrics:sample', sample);
    this.refreshHealth(s);
  }

  private refreshHealth(s: HostState): void {
    const now = this.clock.now();
    const ev = evaluateHealth(s.latest, s.lastSampleTs, now, s.host.intervalMs, this.thresholds);
    if (s.lastError && ev.state === 'grey') ev.reasons.push(`last poll failed: ${s.lastError}`);
    const prev = s.health;
    const same = prev.state === ev.state && prev.reasons.join('\n') === ev.reasons.join('\n');
    if (same && prev.lastSampleTs === s.lastSampleTs) return;
    s.health = {
      hostId: s.host.id,
      state: ev.state,
      reasons: ev.reasons,
      lastSampleTs: s.lastSampleTs,
      since: prev.state === ev.state ? prev.since : now,
    };
    if (same) return; // only the timestamp moved: not a change worth an event
    if (prev.state !== ev.state && this.store.db.open) this.store.recordHealth(s.health);
    this.emitter.emit('health:changed', s.health);
  }

  private hostState(hostId: string): HostState {
    const s = this.hosts.get(hostId);
    if (!s)
      throw new GreenboardError(
        'not_found',
        `No host with id "${hostId}". Call hosts:list to see the hosts.`,
      );
    return s;
  }

  board(): BoardEntry[] {
    return [...this.hosts.values()].map((s) => ({ host: s.host, health: s.health, latest: s.latest }));
  }

  private buildApi(): ApiHandlers {
    const handlers: SyncOrAsync<ApiHandlers> = {
      'app:info': () => ({
        name: 'Greenboard' as const,
        version: this.opts.version ?? '0.0.0',
        mode: this.opts.mode,
        dataDir: this.opts.dataDir,
        dbPath: this.store.path,
        platform: platform(),
        hostname: hostname(),
      }),
      'board:get': () => this.board(),
      'hosts:list': () => [...this.hosts.values()].map((s) => s.host),
      'metrics:latest': ({ hostId }) => this.hostState(hostId).latest,
      'metrics:range': ({ hostId, metric, labels, from, to, maxPoints }) => {
        this.hostState(hostId);
        return this.store.range(hostId, metric, labels, from, to, maxPoints);
      },
      'processes:top': ({ hostId, by, limit }) => this.hostState(hostId).collector.topProcesses(by, limit),
      'settings:get': () => ({ ...this.settings }),
      'settings:set': (patch) => {
        if (patch.localIntervalMs !== undefined) {
          this.settings.localIntervalMs = patch.localIntervalMs;
          this.store.setSetting('localIntervalMs', patch.localIntervalMs);
          const local = this.hostState(LOCAL_HOST_ID);
          local.host = { ...local.host, intervalMs: patch.localIntervalMs };
          this.scheduler.setInterval(LOCAL_HOST_ID, patch.localIntervalMs);
        }
        return { ...this.settings };
      },
    };
    // Every handler answers with a promise, and a synchronous throw becomes a rejection.
    return Object.fromEntries(
      Object.entries(handlers).map(([name, fn]) => [
        name,
        (input: unknown) => {
          try {
            return Promise.resolve((fn as (i: unknown) => unknown)(input));
          } catch (err) {
            return Promise.reject(err instanceof Error ? err : new Error(String(err)));
          }
        },
      ]),
    ) as ApiHandlers;
  }
}

type SyncOrAsync<T> = {
  [K in keyof T]: T[K] extends (i: infer I) => Promise<infer O> ? (i: I) => O | Promise<O> : never;
};
