import type { AppInfo, BoardEntry, Host, Link, Sample, Settings } from '../../shared/schemas';
import { appInfo } from './core/handlers';
import { exportsDir } from './historyExport';
import type { ScreenReceiver } from './notify/screenReceivers';
import { LOCAL_HOST_ID } from '../../shared/hosts';
import type { HostState } from './core/context';
import { assembleEngine, type Engine } from './createEngine';
import type { EngineOptions } from './engineTypes';
import { DEFAULT_SETTINGS } from './settingsFile';

export { LOCAL_HOST_ID };
export const DEFAULT_LOCAL_INTERVAL_MS = DEFAULT_SETTINGS.localIntervalMs;

// The facade's members are the assembled engine's (Object.assign below); the interface says so.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Greenboard extends Engine {}

/**
 * The whole engine with its parts in reach, for tests that drive a part through the real
 * engine. Electron's main, the server and the CLI hold `createEngine`'s handle instead; this
 * facade only names what createEngine builds.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Greenboard {
  constructor(opts: EngineOptions) {
    Object.assign(this, assembleEngine(opts));
  }

  get dbPath(): string {
    return this.store.path;
  }

  hostState(hostId: string): HostState {
    return this.hosts.get(hostId);
  }

  hostStates(): HostState[] {
    return this.hosts.list();
  }

  board(): BoardEntry[] {
    return this.hosts.board();
  }

  mount(host: Host, stored?: Sample | null): HostState {
    return this.hosts.mount(host, stored);
  }

  unmount(hostId: string): void {
    this.hosts.unmount(hostId);
  }

  primeNow(hostId: string): Promise<void> {
    return this.hosts.primeNow(hostId);
  }

  pollNow(hostId: string): Promise<void> {
    return this.hosts.pollNow(hostId);
  }

  linkOf(s: HostState): Link {
    return s.collector.link;
  }

  updateSettings(patch: Partial<Settings>): Settings {
    return this.settingsService.update(patch);
  }

  // What makes the facade an EngineHandle too, so tests hand it to the server as main does the handle.
  addScreen(receiver: ScreenReceiver): () => void {
    return this.screens.add(receiver);
  }

  info(): AppInfo {
    return appInfo(this);
  }

  get exportsDir(): string {
    return exportsDir(this);
  }
}
