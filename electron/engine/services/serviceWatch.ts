import { GreenboardError } from '../../../shared/errors';
import { LOCAL_HOST_ID } from '../../../shared/hosts';
import {
  SERVICE_LABELS,
  serviceSeriesKey,
  type ServiceConfig,
  type ServiceInput,
  type ServiceKind,
  type ServiceState,
} from '../../../shared/services';
import type { EngineContext } from '../core/context';
import type { HostRegistry } from '../core/hostRegistry';
import type { RemoteExec } from '../collectors/types';
import { LOCAL_TUNNEL, type TunnelOpener } from '../collectors/tunnel';
import { runLocal } from '../diagnostics/runLocal';
import type { CredentialStore } from '../ssh/credentials';
import { ServiceStore } from '../store/serviceStore';
import { serviceConfigOf } from './serviceDefaults';
import { UNJUDGED, type ServiceJudge } from './serviceHealth';
import { withServices } from './serviceHealth';
import { pollService, readingPoints, type PollResult, type PrevSnapshot } from './servicePoll';
import type { ServiceDriver } from './types';

type Deps = Pick<EngineContext, 'clock' | 'log' | 'store' | 'review' | 'hosts' | 'emit'>;

interface Watched {
  config: ServiceConfig;
  state: ServiceState;
  prev: PrevSnapshot | null;
  /** Statement ids whose text the next poll fetches (new in the last top list). */
  textsFor: string[];
  knownTexts: Set<string>;
  /** The poll's own statements, known by their text: never in the top list. */
  own: Set<string>;
  /** The client's full path an answer named (PostgreSQL: the server's versioned psql), used from the next poll on. */
  client: string | null;
  /** Client paths that could not be run (gone, or refused by sudo): not tried again by this watch. */
  badClients: Set<string>;
  timer: unknown;
  /** The poll in flight, so a "poll now" joins it rather than running two at once. */
  inFlight: Promise<ServiceState> | null;
}

/** Who follows each poll's outcome and each removal (the alert rules). */
export interface ServiceHooks {
  /** A poll ended (answer or failure), before its state is judged. */
  onPoll?(config: ServiceConfig, state: ServiceState): void;
  onRemove?(serviceId: string): void;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Per-interval statement rows are kept two weeks, hourly ones two years (as the 1 m and 1 h tiers). */
const TOP_RAW_DAYS = 14;
const TOP_HOURLY_DAYS = 730;

/** This machine's commands run here, without SSH; its tunnels are plain sockets to 127.0.0.1. */
const LOCAL_EXEC: RemoteExec & TunnelOpener = {
  exec: (argv, timeoutMs, opts) => runLocal(argv, timeoutMs, opts),
  openTunnel: (port, timeoutMs) => LOCAL_TUNNEL.openTunnel(port, timeoutMs),
};

/** Where a tunnel service's password is kept: with the other secrets, under this name. */
const secretName = (serviceId: string): string => `service:${serviceId}`;

/** The secrets store as the watch uses it (a password per tunnel service). */
export type ServiceSecrets = Pick<CredentialStore, 'secret' | 'setSecret' | 'forgetSecret'>;

/**
 * Databases and caches on the fleet's hosts: each polled on its own timer (never on the host
 * poll's path), through the host's existing SSH session, by its kind's driver. Keeps each
 * service's state and last reading, stores its metrics beside the hosts' and its top statements
 * in their own tables, and says what changed on the event bus.
 */
export class ServiceWatch {
  readonly store: ServiceStore;
  private readonly watched = new Map<string, Watched>();
  private running = false;
  private judge: ServiceJudge = UNJUDGED;
  private readonly hooks: ServiceHooks[] = [];
  private lastPrune = 0;

  constructor(
    private readonly ctx: Deps,
    private readonly drivers: Partial<Record<ServiceKind, ServiceDriver<unknown>>>,
    /** Tunnel services' passwords; none (tests of peer access) means tunnels have none kept. */
    private readonly secrets: ServiceSecrets | null = null,
  ) {
    this.store = new ServiceStore(ctx.store.db);
    for (const config of this.store.list()) this.watch(config);
  }

  addHooks(hooks: ServiceHooks): void {
    this.hooks.push(hooks);
  }

  /** Replaces how a reading is judged (the alert rules, once wired). */
  useJudge(judge: ServiceJudge): void {
    this.judge = judge;
    for (const w of this.watched.values()) w.state.health = judge(w.config, w.state);
  }

  start(): void {
    if (this.running || this.ctx.review) return;
    this.running = true;
    for (const w of this.watched.values()) this.schedule(w, 1_000);
  }

  stop(): void {
    this.running = false;
    for (const w of this.watched.values()) this.ctx.clock.clearTimeout(w.timer);
  }

  list(hostId?: string): ServiceState[] {
    return [...this.watched.values()]
      .filter((w) => !hostId || w.config.hostId === hostId)
      .map((w) => w.state);
  }

  get(serviceId: string): Watched {
    const w = this.watched.get(serviceId);
    if (!w)
      throw new GreenboardError(
        'not_found',
        `No service "${serviceId}". "greenboard services list" shows them.`,
      );
    return w;
  }

  /** Adds a service (or updates its settings), polls it once and returns its state. */
  async add(input: ServiceInput): Promise<ServiceState> {
    const host = this.ctx.hosts.get(input.hostId).host;
    if (host.kind === 'prometheus')
      throw new GreenboardError(
        'bad_request',
        `${host.name} comes from Prometheus, which has no SSH session to reach a database through. Add the service to the server's SSH host instead.`,
      );
    if (!this.drivers[input.kind])
      throw new GreenboardError(
        'bad_request',
        `${SERVICE_LABELS[input.kind]} services are not supported yet.`,
      );
    if (input.via === 'tunnel' && input.kind !== 'redis' && !input.dbUser)
      throw new GreenboardError(
        'bad_request',
        `A tunnel to ${SERVICE_LABELS[input.kind]} logs in as a database user: give the DB user (--db-user).`,
      );
    const config = serviceConfigOf(input, this.ctx.clock.now());
    const old = this.watched.get(config.id);
    if (old) this.ctx.clock.clearTimeout(old.timer);
    this.store.save(old ? { ...config, addedAt: old.config.addedAt } : config);
    const w = this.watch(old ? { ...config, addedAt: old.config.addedAt } : config);
    this.ctx.log.info(`service ${config.id} added`, { serviceId: config.id, hostId: config.hostId });
    const state = await this.pollNow(config.id);
    if (this.running) this.schedule(w, config.intervalMs);
    return state;
  }

  /**
   * Keeps a tunnel service's password with the other secrets (never in its config, SQLite or a
   * log) and polls the service with it in the background; the state says only that one is kept.
   */
  setSecret(serviceId: string, secret: string): { serviceId: string; stored: true } {
    const w = this.get(serviceId);
    if (w.config.via !== 'tunnel')
      throw new GreenboardError(
        'bad_request',
        `${serviceId} is read through its client on the host (peer), which needs no password. Add it again with --via tunnel to read it with a password.`,
      );
    if (!this.secrets)
      throw new GreenboardError('conflict', 'This engine keeps no secrets; passwords cannot be set here.');
    this.secrets.setSecret(secretName(serviceId), secret);
    w.state = { ...w.state, secretKept: true };
    this.ctx.log.info(`service ${serviceId}: password set`, { serviceId });
    if (this.running) this.schedule(w, 0);
    return { serviceId, stored: true };
  }

  remove(serviceId: string): { removed: string } {
    const w = this.get(serviceId);
    this.ctx.clock.clearTimeout(w.timer);
    this.secrets?.forgetSecret(secretName(serviceId));
    this.watched.delete(serviceId);
    this.store.remove(serviceId);
    this.ctx.store.deletePoints(serviceSeriesKey(serviceId));
    for (const h of this.hooks) h.onRemove?.(serviceId);
    this.ctx.emit('services:changed', { serviceId, state: null });
    return { removed: serviceId };
  }

  /** A host left the board: its services go with it. */
  forgetHost(hostId: string): void {
    for (const w of [...this.watched.values()]) if (w.config.hostId === hostId) this.remove(w.config.id);
  }

  /** A service's stored metrics over [from, to] (see Store.range). */
  range(
    serviceId: string,
    series: readonly { metric: string; labels: string }[],
    from: number,
    to: number,
    maxPoints: number,
  ): ReturnType<Deps['store']['range']> {
    return this.ctx.store.range(serviceSeriesKey(serviceId), series, from, to, maxPoints);
  }

  pollNow(serviceId: string, baselineMs?: number): Promise<ServiceState> {
    const w = this.get(serviceId);
    if (baselineMs !== undefined && !w.prev && !w.inFlight) return this.pollTwice(serviceId, baselineMs);
    w.inFlight ??= this.poll(w).finally(() => {
      w.inFlight = null;
    });
    return w.inFlight;
  }

  /** A baseline, then the poll `gapMs` later (rates and statement deltas need two readings). */
  private async pollTwice(serviceId: string, gapMs: number): Promise<ServiceState> {
    const first = await this.pollNow(serviceId);
    if (first.status !== 'ok') return first;
    await new Promise<void>((resolve) => this.ctx.clock.setTimeout(resolve, gapMs));
    return this.pollNow(serviceId);
  }

  private watch(config: ServiceConfig): Watched {
    const state: ServiceState = {
      config,
      status: 'pending',
      problem: null,
      message: null,
      latest: null,
      lastOkTs: null,
      health: { state: 'unknown', reasons: [] },
      secretKept: this.secrets?.secret(secretName(config.id)) != null,
    };
    const w: Watched = {
      config,
      state,
      prev: null,
      textsFor: [],
      knownTexts: this.store.knownTextIds(config.id),
      own: this.ownStatements(config),
      client: null,
      badClients: new Set(),
      timer: null,
      inFlight: null,
    };
    this.watched.set(config.id, w);
    return w;
  }

  private schedule(w: Watched, afterMs: number): void {
    this.ctx.clock.clearTimeout(w.timer);
    w.timer = this.ctx.clock.setTimeout(() => {
      if (!this.running || this.watched.get(w.config.id) !== w) return;
      void this.pollNow(w.config.id)
        .catch((err: unknown) => this.ctx.log.warn(`service ${w.config.id} poll failed: ${String(err)}`))
        .finally(() => {
          if (this.running && this.watched.get(w.config.id) === w) this.schedule(w, w.config.intervalMs);
        });
    }, afterMs);
  }

  /** How commands reach a host, or why they cannot. */
  runnerOf(hostId: string): (RemoteExec & TunnelOpener) | string {
    const h = this.ctx.hosts.find(hostId);
    if (!h) return `the host ${hostId} is no longer on the board`;
    if (h.collector.remote) {
      if (h.collector.link.state !== 'ok')
        return `${h.host.name} is not reachable: ${h.collector.link.message}`;
      return h.collector.remote;
    }
    if (hostId === LOCAL_HOST_ID || h.host.kind === 'local') return LOCAL_EXEC;
    return `${h.host.name} has no shell to run the client in`;
  }

  private async poll(w: Watched): Promise<ServiceState> {
    const driver = this.drivers[w.config.kind];
    const runner = this.runnerOf(w.config.hostId);
    const now = (): number => this.ctx.clock.now();
    const r =
      typeof runner === 'string' || !driver
        ? ({
            ok: false,
            problem: 'host-down',
            message: typeof runner === 'string' ? runner : 'no driver',
            pollMs: null,
          } as const)
        : await pollService(
            driver,
            w.config,
            runner,
            w.prev,
            { textsFor: w.textsFor, client: w.client },
            now,
            { opener: runner, secret: this.secrets?.secret(secretName(w.config.id)) ?? null },
          );
    if (this.watched.get(w.config.id) !== w) return w.state; // removed meanwhile
    const ts = now();
    this.followClient(w, r);
    if (r.ok) {
      const own = driver?.ownStatement;
      for (const [id, text] of r.derived.texts)
        if (own?.(text)) {
          w.own.add(id);
          this.store.dropStatement(w.config.id, id);
        }
      const derived = r.derived.reading;
      const reading = { ...derived, topQueries: derived.topQueries.filter((q) => !w.own.has(q.queryId)) };
      const prevTs = w.prev?.ts ?? null;
      w.prev = { snap: r.snap, ts: reading.ts };
      for (const id of r.derived.texts.keys()) w.knownTexts.add(id);
      w.textsFor = reading.topQueries.map((q) => q.queryId).filter((id) => !w.knownTexts.has(id));
      try {
        this.ctx.store.writePoints(serviceSeriesKey(w.config.id), reading.ts, readingPoints(reading));
        this.store.writeTop(w.config.id, reading.ts, prevTs, reading.topQueries, r.derived.texts);
        this.pruneNow(ts);
      } catch (err) {
        this.ctx.log.warn(`service ${w.config.id}: could not store its reading: ${(err as Error).message}`);
      }
      w.state = {
        ...w.state,
        status: 'ok',
        problem: null,
        message: null,
        latest: reading,
        lastOkTs: reading.ts,
      };
    } else {
      // A restart resets the service's counters: the next good poll starts a new baseline.
      if (r.problem !== 'timeout') w.prev = null;
      try {
        this.ctx.store.writePoints(serviceSeriesKey(w.config.id), ts, [['svc.up', '', 0]]);
      } catch {
        // the failure is what the card shows; a store error here would only hide it
      }
      if (w.state.problem !== r.problem)
        this.ctx.log.warn(`service ${w.config.id}: ${r.problem}: ${r.message}`, { serviceId: w.config.id });
      w.state = { ...w.state, status: 'failed', problem: r.problem, message: r.message };
    }
    for (const h of this.hooks) h.onPoll?.(w.config, w.state);
    w.state.health = this.judge(w.config, w.state);
    this.ctx.emit('services:changed', { serviceId: w.config.id, state: w.state });
    return w.state;
  }

  /** Adopts a faster client path an answer named, or drops one that could not be run. */
  private followClient(w: Watched, r: PollResult): void {
    if (r.clientFailed) {
      w.badClients.add(r.clientFailed.path);
      w.client = null;
      this.ctx.log.warn(
        `service ${w.config.id}: ${r.clientFailed.path} could not be run (${r.clientFailed.why}); polling with the client on the PATH`,
        { serviceId: w.config.id },
      );
    } else if (r.ok && r.derived.client && !w.badClients.has(r.derived.client)) {
      w.client = r.derived.client;
    }
  }

  private ownStatements(config: ServiceConfig): Set<string> {
    const own = this.drivers[config.kind]?.ownStatement;
    if (!own) return new Set();
    return new Set([...this.store.texts(config.id)].filter(([, text]) => own(text)).map(([id]) => id));
  }

  private pruneNow(now: number): void {
    if (now - this.lastPrune < HOUR_MS) return;
    this.lastPrune = now;
    this.store.prune(now - TOP_RAW_DAYS * DAY_MS, now - TOP_HOURLY_DAYS * DAY_MS);
  }
}

/** Hooks a host registry's removals to the watch: a host that leaves the board takes its services with it. */
export function wireServices(
  hosts: Pick<HostRegistry, 'addHooks'>,
  watch: Pick<ServiceWatch, 'forgetHost'>,
): void {
  hosts.addHooks({ onUnmount: (hostId) => watch.forgetHost(hostId) });
}

/**
 * A host's card shows its databases and caches: an amber or red service makes its host at least
 * as bad, with the service's reasons, and the host is judged again after each of its services'
 * polls. Live only: a reviewed history's hosts are judged by their own past.
 */
export function wireServiceBoard(
  hosts: Pick<HostRegistry, 'addHealthInput' | 'refresh'>,
  watch: Pick<ServiceWatch, 'list'>,
  on: EngineContext['on'],
): void {
  hosts.addHealthInput((host, ev) => withServices(ev, watch.list(host.id)));
  on('services:changed', ({ serviceId }) => hosts.refresh(serviceId.slice(0, serviceId.indexOf('/'))));
}
