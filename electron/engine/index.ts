export { Greenboard, LOCAL_HOST_ID, DEFAULT_LOCAL_INTERVAL_MS } from './engine';
export type { EngineOptions, HostState } from './engineTypes';
export { systemClock, consoleLogger, silentLogger, type Clock, type Logger } from './clock';
export { defaultDataDir } from './dataDir';
