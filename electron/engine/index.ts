export { Greenboard, LOCAL_HOST_ID, DEFAULT_LOCAL_INTERVAL_MS, type EngineOptions } from './engine';
export { systemClock, consoleLogger, silentLogger, type Clock, type Logger } from './clock';
export { defaultDataDir } from './dataDir';
