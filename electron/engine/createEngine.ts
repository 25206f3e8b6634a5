import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ApiHandlers } from '../../shared/contract';
import type { DispatchOptions } from '../../shared/dispatch';
import { LOCAL_HOST_ID } from '../../shared/hosts';
import type { AppInfo, Sample, Settings } from '../../shared/schemas';
import { Alerting, wireAlerting } from './alerting';
import { buildApi } from './api';
import { consoleLogger, systemClock, type Logger } from './clock';
import { defaultCollector } from './collectorFactory';
import type { EngineContext, Review } from './core/context';
import { EngineEvents } from './core/events';
import { HostRegistry } from './core/hostRegistry';
import { SettingsService } from './core/settings';
import { secureDataDir } from './dataDir';
import type { EngineOptions } from './engineTypes';
import { appInfo } from './core/handlers';
import { REVIEW_COLLECTOR } from './fixedLinks';
import { exportsDir } from './historyExport';
import { HistoryWriter } from './historyWriter';
import { ForecastService, wireForecasts } from './forecast/forecastService';
import { GroupService } from './groups/groupService';
import { IncidentService } from './incidents/service';
import { LoadTestService } from './loadtests/loadTestService';
import { createFileLogger, type FileLogger } from './log/fileLogger';
import { ScreenReceivers } from './notify/screenReceivers';
import type { EngineParts } from './parts';
import { ProbeService } from './probes/probeService';
import { PromTargetError } from './prometheus/promCollector';
import { PromFleet, wirePromFleet } from './prometheus/promFleet';
import { SecurityWatch, wireSecurity } from './securityWatch';
import { SERVICE_DRIVERS } from './services/drivers';
import { wireServiceHealth } from './services/serviceAlerting';
import { ServiceWatch, wireServiceBoard, wireServices } from './services/serviceWatch';
import { DEFAULT_SETTINGS, loadSettings } from './settingsFile';
import { CredentialStore } from './ssh/credentials';
import { TrustPolicy } from './ssh/trust';
import { SshError } from './ssh/types';
import { openHistoryCopy } from './store/historyCopy';
import { Store } from './store/store';
import { WalCheckpointer } from './store/walCheckpointer';
import { judgeAt } from './timeTravel';

/** How often the WAL is folded into the database file, off the main thread. */
const CHECKPOINT_EVERY_MS = 30_000;

/** The whole engine as createEngine builds it: its parts, the API over them, and its life. */
export interface Engine extends EngineParts {
  readonly api: ApiHandlers;
  /** What the transports pass to dispatch: a handler's bug is logged here, and its message names the log. */
  readonly dispatchOptions: DispatchOptions;
  start(): void;
  stop(): Promise<void>;
}

/**
 * What Electron's main, the server and the CLI hold: the API and the engine's life, nothing
 * deeper. Whatever they need of the engine is an API method.
 */
export interface EngineHandle {
  readonly api: ApiHandlers;
  readonly dispatchOptions: DispatchOptions;
  readonly log: Logger;
  on: EngineContext['on'];
  /** Registers who shows notifications on a screen; returns the unregister function. */
  addScreen: ScreenReceivers['add'];
  start(): void;
  stop(): Promise<void>;
  info(): AppInfo;
  /** Where history exports are written (and the only place downloads and "Save as" read from). */
  readonly exportsDir: string;
}

/** The data folder's log; stderr instead when the folder cannot hold one (read-only, not ours). */
function openOwnLog(dataDir: string): FileLogger | null {
  try {
    return createFileLogger({ dataDir });
  } catch (err) {
    consoleLogger.warn(`cannot write the log in ${dataDir}, logging to stderr: ${(err as Error).message}`);
    return null;
  }
}

/** The engine for one data folder (or one saved history), ready to start. */
export function createEngine(opts: EngineOptions): EngineHandle {
  return handleOf(assembleEngine(opts));
}

/** The handle over an assembled engine: what main, the server and the CLI may reach, nothing deeper. */
export function handleOf(engine: Engine): EngineHandle {
  return {
    api: engine.api,
    dispatchOptions: engine.dispatchOptions,
    log: engine.log,
    on: (event, listener) => engine.on(event, listener),
    addScreen: (r) => engine.screens.add(r),
    start: () => engine.start(),
    stop: () => engine.stop(),
    info: () => appInfo(engine),
    exportsDir: exportsDir(engine),
  };
}

/** Builds every part; the only place that knows them all. Tests that drive the whole engine hold this. */
export function assembleEngine(opts: EngineOptions): Engine {
  const clock = opts.clock ?? systemClock;
  // Without a logger the engine writes the data folder's log (never the reviewed file's folder).
  const ownLog = opts.logger ? null : openOwnLog(opts.dataDir);
  const log = opts.logger ?? ownLog ?? consoleLogger;
  const events = new EngineEvents();
  let store: Store;
  let review: Review | null = null;
  let cleanupReview: (() => void) | null = null;
  /** A step that reads stored data; if it throws, nothing is left open (no engine is returned to stop). */
  const whileOpening = <T>(step: () => T): T => {
    try {
      return step();
    } catch (err) {
      store.close();
      cleanupReview?.();
      ownLog?.close();
      throw err;
    }
  };
  if (opts.history) {
    const opened = openHistoryCopy(opts.history);
    store = opened.store;
    cleanupReview = opened.cleanup;
    const range = whileOpening(() => store.timeRange());
    review = { file: opts.history, fromTs: range?.fromTs ?? null, toTs: range?.toTs ?? null };
  } else {
    secureDataDir(opts.dataDir);
    store = new Store(join(opts.dataDir, 'greenboard.sqlite'), { manualCheckpoints: true });
  }
  const checkpointer = review ? null : new WalCheckpointer(store.path);
  const trust = new TrustPolicy(store, opts.knownHostsPath);
  const credentials = new CredentialStore(process.env, opts.secretVault ?? null);
  // Settings live in greenboard.json in the data folder; older versions kept the interval in the db.
  const legacyInterval = review ? undefined : store.getSetting<number>('localIntervalMs');
  const settings: Settings = review
    ? { ...DEFAULT_SETTINGS }
    : loadSettings(opts.dataDir, log, legacyInterval ? { localIntervalMs: legacyInterval } : {});
  if (opts.localIntervalMs) settings.localIntervalMs = opts.localIntervalMs;
  const writer = review ? null : new HistoryWriter(store, clock, log, () => settings.retentionDays);
  const emit: EngineContext['emit'] = (event, payload) => events.emit(event, payload);
  const on: EngineContext['on'] = (event, listener) => events.on(event, listener);
  const hosts = new HostRegistry({ clock, log, store, writer, review, emit });
  const ctx: EngineContext = {
    clock,
    log,
    store,
    writer,
    review,
    settings,
    dataDir: opts.dataDir,
    hosts,
    emit,
    on,
  };
  const screens = new ScreenReceivers();
  const alerting = new Alerting({
    store,
    clock,
    log,
    rules: () => settings.rules,
    notify: () => settings.notify,
    onEntry: (e) => emit('alerts:changed', e),
    onNotify: (n) => {
      emit('notify:host', n);
      return screens.deliver(n);
    },
  });
  const security = new SecurityWatch(ctx, (id) => hosts.refresh(id));
  const probes = new ProbeService({ ...ctx, alerting });
  const incidents = new IncidentService({ ...ctx, alerting, probes });
  const loadTests = new LoadTestService(ctx);
  const promFleet = new PromFleet(ctx, { secret: (id) => credentials.secret(`prometheus:${id}`) });
  const services = new ServiceWatch(ctx, SERVICE_DRIVERS, credentials);
  const groups = new GroupService(ctx, { alerting, runnerOf: (id) => services.runnerOf(id) });
  const settingsService = new SettingsService(settings, opts.dataDir);
  const forecasts = new ForecastService({ ...ctx, hosts });
  const parts: EngineParts = {
    ...ctx,
    opts,
    hosts,
    settings,
    settingsService,
    credentials,
    alerting,
    screens,
    probes,
    incidents,
    loadTests,
    security,
    promFleet,
    services,
    forecasts,
    groups,
  };

  hosts.useCollectors((host, onLinkChange) => {
    if (review) return REVIEW_COLLECTOR;
    if (host.kind === 'prometheus')
      return promFleet.collectorFor(host, (_link, changed) => onLinkChange(changed));
    return (
      opts.createCollector?.(host, clock) ??
      defaultCollector(host, clock, {
        hostKeys: trust,
        credentials,
        sshTimeoutMs: opts.sshTimeoutMs,
        localBaseline: opts.localBaseline,
        onLinkChange: (_link, changed) => onLinkChange(changed),
      })
    );
  });
  settingsService.onChange((patch) => {
    if (patch.localIntervalMs !== undefined) hosts.setInterval(LOCAL_HOST_ID, patch.localIntervalMs);
  });
  // A saved history's settings never change and its health has no live inputs (read-only).
  if (!review) wirePromFleet(hosts, promFleet, settingsService);
  wireAlerting(hosts, alerting, settingsService);
  // SSH and Prometheus failures are reported once, as link changes.
  hosts.addHooks({ isQuietFailure: (err) => err instanceof SshError || err instanceof PromTargetError });
  if (review) {
    // A saved history is judged by its own past, not by today's rules: this replaces alerting's judge.
    hosts.setJudge((s, now) => judgeAt(parts, s.host, s.latest, now));
  } else {
    wireSecurity(hosts, security);
    wireServiceBoard(hosts, services, on);
    wireForecasts(hosts, forecasts);
  }
  wireServices(hosts, services);
  wireServiceHealth(services, alerting);

  const api = buildApi(parts);
  mountStoredHosts(parts, whileOpening);

  let running = false;
  /** The parts with a life of their own: started with the engine, stopped (and awaited) before the store closes. */
  const lives = (): { start?(): void; stop(): void | Promise<void> }[] => [
    probes,
    incidents,
    security,
    promFleet,
    services,
    forecasts,
    groups,
    // Load tests start per run (start(targetId)), never with the engine.
    { stop: () => loadTests.stop() },
  ];
  const start = (): void => {
    if (running) return;
    if (review) {
      log.info(`reviewing ${review.file} (read-only)`, { version: opts.version, file: review.file });
      return;
    }
    running = true;
    log.info(`Greenboard started (${opts.mode})`, {
      version: opts.version,
      mode: opts.mode,
      db: store.path,
      hosts: hosts.size,
    });
    hosts.start();
    alerting.start();
    for (const part of lives()) part.start?.();
    writer?.startRetention();
    checkpointer?.startEvery(clock, CHECKPOINT_EVERY_MS, (error) =>
      log.warn(`WAL checkpoint failed: ${error}`),
    );
  };
  const stop = async (): Promise<void> => {
    const wasRunning = running;
    running = false;
    await Promise.allSettled([hosts.stop(), ...lives().map((part) => part.stop())]);
    await alerting.stop();
    writer?.stop();
    await checkpointer?.close();
    store.close();
    cleanupReview?.();
    events.clear();
    if (wasRunning) log.info('Greenboard stopped', { mode: opts.mode });
    ownLog?.close();
  };
  const dispatchOptions: DispatchOptions = {
    logPath: log.file ?? null,
    onInternalError: (method, err) =>
      log.error(`${method} failed: ${err instanceof Error ? err.message : String(err)}`, { method, err }),
  };
  return Object.assign(parts, { api, dispatchOptions, start, stop });
}

/** Puts the stored hosts on the board: every one of a saved history; the local machine and SSH hosts otherwise. */
function mountStoredHosts(parts: EngineParts, whileOpening: <T>(step: () => T) => T): void {
  const { store, review, hosts, log, settings } = parts;
  // Every host's last sample in one query, rather than one query per host.
  const stored = new Map(whileOpening(() => store.latestSamples()).map((x) => [x.hostId, x]));
  const last = (id: string): Sample | null => stored.get(id) ?? null;
  // A stored host that no longer reads (a crafted or damaged file) is left off, and said so.
  const skipped = (why: string): void => log.warn(`${review?.file ?? store.path}: ${why}`);
  if (review) {
    // Every host the file holds, as it was last seen; nothing is polled.
    whileOpening(() => {
      for (const h of store.listHosts(skipped)) hosts.mount(h, last(h.id));
    });
    return;
  }
  // Zero configuration: the machine Greenboard runs on is always on the board.
  hosts.mount(
    { id: LOCAL_HOST_ID, name: hostname(), kind: 'local', intervalMs: settings.localIntervalMs, tags: [] },
    last(LOCAL_HOST_ID),
  );
  whileOpening(() => {
    for (const h of store.listHosts(skipped)) if (h.kind === 'ssh') hosts.mount(h, last(h.id));
  });
}
