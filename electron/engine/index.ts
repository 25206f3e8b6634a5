// The engine's one entry: Electron's main, the server and the CLI import from here only (the
// lint config holds them to it). createEngine is the engine; the rest are the few parts that
// work without one (the log, a history file, one-off checks).
export { createEngine, type EngineHandle } from './createEngine';
export { LOCAL_HOST_ID, DEFAULT_LOCAL_INTERVAL_MS } from '../../shared/hosts';
export type { EngineOptions, HostState } from './engineTypes';
export { systemClock, consoleLogger, silentLogger, type Clock, type Logger } from './clock';
export { defaultDataDir } from './dataDir';
export { createFileLogger, logFileFor, type FileLogger } from './log/fileLogger';
export { followLog, formatLine, logFiles, READ_LEVELS, readLogLines } from './log/logReader';
export { isInside, pathInside } from './files/safeName';
export type { SecretVault } from './ssh/credentials';
export type { EarlyReading } from './procfs/readProc';
export { parseSshAddress } from './fleet';
export { dbStats } from './store/dbStats';
export { exportHistory } from './store/exportHistory';
export { runLoadTest, runProbe, type LoadTestProgress } from './checks';
export { localRunner, runAudit } from './audit';
