import { hostname, platform } from 'node:os';
import type { AppInfo, BoardEntry } from '../../../shared/schemas';
import type { EngineContext } from './context';
import type { SettingsService } from './settings';
import type { Handlers } from './slices';

/** What the core's own methods use: the context, the settings writer and what this run is. */
export type CoreDeps = Pick<
  EngineContext,
  'clock' | 'dataDir' | 'hosts' | 'log' | 'review' | 'settings' | 'store'
> & {
  readonly settingsService: Pick<SettingsService, 'update'>;
  readonly opts: { readonly mode: AppInfo['mode']; readonly version?: string };
};

/** The board, the host list, latest metrics, processes, settings and what this engine is. */
export function coreHandlers(
  engine: CoreDeps,
): Pick<
  Handlers,
  | 'app:info'
  | 'board:get'
  | 'hosts:list'
  | 'hosts:poll'
  | 'metrics:latest'
  | 'processes:top'
  | 'settings:get'
  | 'settings:set'
> {
  return {
    'app:info': () => appInfo(engine),
    'board:get': () => engine.hosts.board(),
    'hosts:list': () => engine.hosts.list().map((s) => s.host),
    'hosts:poll': ({ hostIds, windowMs }) => pollOnce(engine, hostIds, windowMs ?? BASELINE_GAP_MS),
    'metrics:latest': ({ hostId }) => engine.hosts.get(hostId).latest,
    'processes:top': ({ hostId, by, limit }) => engine.hosts.get(hostId).collector.topProcesses(by, limit),
    'settings:get': () => ({ ...engine.settings }),
    'settings:set': (patch) => engine.settingsService.update(patch),
  };
}

/** The gap between a host's baseline and its poll unless the caller says: rates need two readings. */
const BASELINE_GAP_MS = 1000;

/** `hosts:poll`: a baseline, then one poll `gapMs` later, of each named host. */
async function pollOnce(engine: CoreDeps, hostIds: readonly string[], gapMs: number): Promise<BoardEntry[]> {
  for (const id of hostIds) engine.hosts.get(id); // unknown names fail before any connection
  await Promise.all(hostIds.map((id) => engine.hosts.primeNow(id).catch(() => undefined)));
  await new Promise<void>((resolve) => engine.clock.setTimeout(resolve, gapMs));
  await Promise.all(hostIds.map((id) => engine.hosts.pollNow(id)));
  return engine.hosts.board().filter((b) => hostIds.includes(b.host.id));
}

export function appInfo(engine: CoreDeps): AppInfo {
  return {
    name: 'Greenboard',
    version: engine.opts.version ?? '0.0.0',
    mode: engine.opts.mode,
    dataDir: engine.dataDir,
    dbPath: engine.store.path,
    logFile: engine.log.file ?? null,
    platform: platform(),
    hostname: hostname(),
    history: engine.review,
    dataRange: engine.store.timeRange(),
  };
}
