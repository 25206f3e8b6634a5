import type { Link, ProcessInfo, Sample } from '../../../shared/schemas';
import type { PresentedKey } from '../ssh/types';
import type { TunnelOpener } from './tunnel';

/** What a command run on a host gave back (a diagnostic, an audit, a remote probe). */
export interface RunOutput {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  /** Set when the deadline stopped the command (its output is what came before). */
  timedOut?: boolean;
}

export interface ExecOptions {
  /** Output kept per stream (default 256 KiB: a diagnostic is for reading). A service poll's answer can be larger. */
  maxBytes?: number;
}

/** Anything that runs an argv on a host, quoted safely, over the host's existing session. */
export interface RemoteExec {
  exec(argv: string[], timeoutMs: number, opts?: ExecOptions): Promise<RunOutput>;
}

/**
 * A host reached over SSH: what features need beyond polling. Commands run on an exec channel
 * beside the poll shell (no new login), and tunnels to its loopback ports open on the same
 * session; the host key it last presented and a reconnect are what trusting a key and new
 * credentials take.
 */
export interface RemoteAccess extends RemoteExec, TunnelOpener {
  /** The host key the server last presented that is not trusted, with its endpoint. */
  readonly presentedKey: PresentedKey | null;
  /** Forgets failures and the session, so the next attempt connects afresh. */
  reset(): void;
}

/**
 * Something that can poll one host. The scheduler never runs two polls of one collector at
 * once. A new kind of host implements all of it: features read the link and the remote side
 * from here and never test which class a collector is.
 */
export interface Collector {
  /** How the host is reached right now (this machine and a saved history: always ok). */
  readonly link: Link;
  /** Present only for hosts reached over SSH. */
  readonly remote?: RemoteAccess;
  /**
   * Takes the baseline reading that rates (CPU %, bytes/s) are computed against, so the first
   * real sample one interval later is complete rather than a sample with no rates.
   */
  prime(): Promise<void>;
  collect(): Promise<Sample>;
  topProcesses(by: 'cpu' | 'memory', limit: number): Promise<ProcessInfo[]>;
  close(): Promise<void>;
}
