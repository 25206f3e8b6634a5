import type { Clock, Logger } from './clock';
import type { Collector } from './collectors/types';
import type { SecretVault } from './ssh/credentials';
import type { Host } from '../../shared/schemas';
import type { EarlyReading } from './procfs/readProc';

export interface EngineOptions {
  /** Folder holding greenboard.sqlite; created if missing. */
  dataDir: string;
  mode: 'desktop' | 'headless';
  version?: string;
  clock?: Clock;
  logger?: Logger;
  /** Overrides the stored local polling interval for this run. */
  localIntervalMs?: number;
  /** Builds the collector for a host; tests pass their own. */
  createCollector?: (host: Host, clock: Clock) => Collector | null;
  /** known_hosts to trust besides Greenboard's own list; null for none. Default ~/.ssh/known_hosts. */
  knownHostsPath?: string | null;
  /** Keeps SSH secrets across runs (desktop: safeStorage); without one they stay in memory. */
  secretVault?: SecretVault;
  /**
   * Review a saved history file instead of monitoring: read-only, no polling, nothing written
   * to the file (it is read through a private copy). `dataDir` is then not used.
   */
  history?: string;
  /** SSH step timeout (TCP connect, handshake, channel open), ms. */
  sshTimeoutMs?: number;
  /**
   * A reading of this machine taken before the engine loaded: the local collector's first
   * baseline (the CLI's `status` reads it first thing, so its rate window overlaps start-up).
   */
  localBaseline?: EarlyReading | null;
}

export type { HostState } from './core/context';
