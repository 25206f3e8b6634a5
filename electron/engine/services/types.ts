import type { ServiceConfig, ServiceKind, ServiceProblem, ServiceReading } from '../../../shared/services';
import type { RunOutput } from '../collectors/types';

/**
 * One kind of service (PostgreSQL, MySQL/MariaDB, Redis): how one poll is asked for, and how
 * its answer becomes a reading. A poll is ONE command run on the host (one exec over the
 * host's SSH session, or a local process for this machine), with a timeout: every query of
 * the poll goes in that one command, and its output is split into sections by marker lines.
 * Drivers are pure: no I/O, no clock; the watch runs the command and keeps `prev`.
 */
export interface ServiceDriver<Snap> {
  readonly kind: ServiceKind;
  /**
   * The argv to run on the host (quoted by the runner, never by a shell here). `ask` says
   * what else to fetch this time: statement texts for query ids seen for the first time.
   */
  command(cfg: ServiceConfig, ask: PollAsk): string[];
  /**
   * The command's output as a snapshot (counters as the service reports them). Throws a
   * ServiceProblemError when the answer says the service cannot be read (refused, stopped,
   * extension missing, garbage), with what to do in words.
   */
  parse(out: RunOutput, cfg: ServiceConfig): Snap;
  /** The reading: gauges from `cur`, rates and top-query deltas against `prev` (null on the first poll). */
  derive(prev: Snap | null, cur: Snap, ctx: DeriveContext): Derived;
  /** Whether a statement's text is one of the poll's own (left out of the top list), where the kind can tell. */
  ownStatement?: (text: string) => boolean;
}

export interface PollAsk {
  /** Query ids whose text to fetch (at most 50), seen in the previous poll's top list for the first time. */
  textsFor: readonly string[];
  /** Sessions running longer than this are listed (seconds). */
  longQuerySec: number;
  /**
   * The client's full path, found by an earlier answer (PostgreSQL: the server's own versioned
   * psql, which skips Debian's Perl wrapper); absent or null: the client's bare name, from the PATH.
   */
  client?: string | null;
}

export interface DeriveContext {
  serviceId: string;
  ts: number;
  /** ms between the two snapshots (rates are per second over it). */
  elapsedMs: number;
  pollMs: number;
}

export interface Derived {
  reading: ServiceReading;
  /** Statement texts that came with this poll, by query id (cut to 4 kB each). */
  texts: ReadonlyMap<string, string>;
  /** A faster client's full path this answer names, for the next polls (see PollAsk.client). */
  client?: string | null;
}

export class ServiceProblemError extends Error {
  constructor(
    readonly problem: ServiceProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceProblemError';
  }
}
