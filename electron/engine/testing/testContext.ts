import { platform } from 'node:os';
import { join } from 'node:path';
import { LOCAL_HOST_ID } from '../../../shared/hosts';
import { DEFAULT_SETTINGS, type Host, type Settings } from '../../../shared/schemas';
import { METHOD_NAMES } from '../../../shared/channels';
import type { ApiHandlers } from '../../../shared/contract';
import { Alerting } from '../alerting';
import { promised } from '../api';
import { silentLogger, type Clock, type Logger } from '../clock';
import { LinuxLocalCollector } from '../collectors/linuxLocal';
import { SiLocalCollector } from '../collectors/siLocal';
import type { Collector } from '../collectors/types';
import type { EngineContext } from '../core/context';
import type { Handlers } from '../core/slices';
import { EngineEvents } from '../core/events';
import { HostRegistry } from '../core/hostRegistry';
import { SettingsService } from '../core/settings';
import { HistoryWriter } from '../historyWriter';
import type { ScreenReceivers } from '../notify/screenReceivers';
import { Store } from '../store/store';
import { FakeClock, ScriptedCollector } from './fakes';

/**
 * What a service is handed, built without the rest of the engine: a real store in the test's
 * folder, the clock (a FakeClock unless given), the log (silent unless given), the real event
 * bus and host registry, and the settings. A service test builds this and then only the
 * service it tests, with the narrow slices that service takes.
 */
export interface TestContext extends EngineContext {
  readonly clock: Clock;
  readonly hosts: HostRegistry;
  readonly writer: HistoryWriter;
  readonly settings: Settings;
  /** The settings writer over `settings` (greenboard.json in the test's folder), as `settings:set` uses it. */
  readonly settingsService: SettingsService;
  /** The collector each mounted host was given, by host id. */
  readonly collectors: Map<string, Collector>;
  /** Stops the hosts and the writer and closes the store (the folder is the test's to remove). */
  close(): Promise<void>;
}

export interface TestContextOptions {
  /** Folder for greenboard.sqlite (the test creates and removes it). */
  dataDir: string;
  clock?: Clock;
  logger?: Logger;
  settings?: Partial<Settings>;
  /** Each host's collector, told how to report link changes; a ScriptedCollector (a fake) unless given. */
  createCollector?: (host: Host, clock: Clock, onLinkChange: (stateChanged: boolean) => void) => Collector;
  /** Puts this machine on the board as the engine does at start (ScriptedCollector unless createCollector says). */
  local?: boolean;
}

export function testContext(opts: TestContextOptions): TestContext {
  const clock = opts.clock ?? new FakeClock();
  const log = opts.logger ?? silentLogger;
  const store = new Store(join(opts.dataDir, 'greenboard.sqlite'));
  const settings: Settings = { ...DEFAULT_SETTINGS, ...opts.settings };
  const writer = new HistoryWriter(store, clock, log, () => settings.retentionDays);
  const events = new EngineEvents();
  const emit: EngineContext['emit'] = (event, payload) => events.emit(event, payload);
  const hosts = new HostRegistry({ clock, log, store, writer, review: null, emit });
  const collectors = new Map<string, Collector>();
  hosts.useCollectors((host, onLinkChange) => {
    const c = opts.createCollector?.(host, clock, onLinkChange) ?? new ScriptedCollector(host.id, clock);
    collectors.set(host.id, c);
    return c;
  });
  if (opts.local) mountThisMachine({ hosts, settings });
  return {
    clock,
    log,
    store,
    writer,
    review: null,
    settings,
    settingsService: new SettingsService(settings, opts.dataDir),
    dataDir: opts.dataDir,
    hosts,
    emit,
    on: (event, listener) => events.on(event, listener),
    collectors,
    close: async () => {
      await hosts.stop();
      writer.stop();
      store.close();
      events.clear();
    },
  };
}

/**
 * Puts this machine on the board as the engine does at start. A test that wires features into
 * the board (wireAlerting, ...) calls it after wiring them, as the engine mounts after wiring.
 */
export function mountThisMachine(ctx: Pick<TestContext, 'hosts' | 'settings'>): void {
  ctx.hosts.mount({
    id: LOCAL_HOST_ID,
    name: 'this machine',
    kind: 'local',
    intervalMs: ctx.settings.localIntervalMs,
    tags: [],
  });
}

/** This machine's real collector, as the engine picks it, for tests that need real readings. */
export function realLocalCollector(host: Host, clock: Clock): Collector {
  const now = (): number => clock.now();
  return platform() === 'linux' ? new LinuxLocalCollector(host.id, now) : new SiLocalCollector(host.id, now);
}

/**
 * The real alerting over a test context, wired as the engine wires it (rules and channels from
 * the settings, new log rows as 'alerts:changed'); notifications go to `screens` when given,
 * else to no screen.
 */
export function testAlerting(ctx: TestContext, screens?: ScreenReceivers): Alerting {
  return new Alerting({
    store: ctx.store,
    clock: ctx.clock,
    log: ctx.log,
    rules: () => ctx.settings.rules,
    notify: () => ctx.settings.notify,
    onEntry: (e) => ctx.emit('alerts:changed', e),
    onNotify: (n) => {
      ctx.emit('notify:host', n);
      return screens?.deliver(n) ?? [];
    },
  });
}

/**
 * One domain's API slice as a whole API map, for `dispatch` (which takes every method): the
 * slice's methods answer as api.ts makes them answer; any other method rejects, naming itself.
 */
export function sliceApi(slice: Partial<Handlers>): ApiHandlers {
  const own = promised(slice) as Partial<Record<string, (input: unknown) => Promise<unknown>>>;
  return Object.fromEntries(
    METHOD_NAMES.map((m) => [
      m,
      own[m] ?? (() => Promise.reject(new Error(`${m} is not in this test's API slice`))),
    ]),
  ) as ApiHandlers;
}
