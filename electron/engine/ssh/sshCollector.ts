import type { Duplex } from 'node:stream';
import type { Link, ProcessInfo, Sample } from '../../../shared/schemas';
import type { Collector, ExecOptions, RemoteAccess } from '../collectors/types';
import type { RunOutput } from '../diagnostics/runLocal';
import { parsePs } from './parsePs';
import { shellCommand } from './shellQuote';
import { deriveSample, parseSnapshot, type ProcSnapshot } from '../procfs/snapshot';
import type { ConnectOptions } from './connect';
import { SshSession } from './sshSession';
import { endpointLabel, SshError, type PresentedKey, type SshTarget } from './types';

/** States that need the user (a trust decision, a passphrase) before trying again. */
const WAITS_FOR_USER = new Set(['hostkey_unknown', 'hostkey_changed', 'auth_failed', 'unsupported_os']);

export interface SshCollectorOptions extends ConnectOptions {
  now: () => number;
  /** Budget for one poll's round trip. */
  pollTimeoutMs: number;
  /** Reconnect backoff: base and cap, doubled per failure, with ±20% jitter. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** `stateChanged` is false when only the next retry time moved. */
  onLinkChange?: (link: Link, stateChanged: boolean) => void;
  random?: () => number;
}

/**
 * Polls one Linux server over a persistent SshSession, and owns that host's link state:
 * reconnects with exponential backoff and jitter, and waits for the user after host key or
 * authentication problems instead of retrying them.
 */
export class SshCollector implements Collector {
  private session: SshSession | null = null;
  private connecting: Promise<SshSession> | null = null;
  private prev: ProcSnapshot | null = null;
  private failures = 0;
  private nextAttemptAt = 0;
  private lastError: SshError | null = null;
  private pending: PresentedKey | null = null;
  private state: Link;
  /** Bumped by reset(): an attempt that started before it must not report into the new state. */
  private generation = 0;

  constructor(
    private readonly hostId: string,
    private target: SshTarget,
    private readonly opts: SshCollectorOptions,
  ) {
    this.state = {
      state: 'connecting',
      message: `Connecting to ${endpointLabel(target)}…`,
      since: opts.now(),
      pendingKey: null,
      connectMs: null,
      pollMs: null,
    };
  }

  get link(): Link {
    return this.state;
  }

  /** Commands, the presented key and reconnects: what features need of an SSH host. */
  get remote(): RemoteAccess {
    return this;
  }

  /** The host key the server last presented that is not trusted, with its endpoint. */
  get presentedKey(): PresentedKey | null {
    return this.pending;
  }

  private setLink(patch: Partial<Link> & Pick<Link, 'state' | 'message'>): void {
    const changed = patch.state !== this.state.state || patch.message !== this.state.message;
    // A new retry time is news for the UI (its countdown) but not a new state: `since` stays.
    const retryMoved = (patch.nextAttemptAt ?? null) !== (this.state.nextAttemptAt ?? null);
    this.state = {
      ...this.state,
      ...patch,
      nextAttemptAt: patch.nextAttemptAt ?? null,
      since: changed ? this.opts.now() : this.state.since,
    };
    if (changed || retryMoved) this.opts.onLinkChange?.(this.state, changed);
  }

  /** Forget failures and the current session (after trusting a key, new credentials, an edit). */
  reset(target?: SshTarget): void {
    if (target) this.target = target;
    this.generation++;
    this.connecting = null;
    this.session?.close();
    this.session = null;
    this.prev = null;
    this.failures = 0;
    this.nextAttemptAt = 0;
    this.lastError = null;
    this.pending = null;
    this.setLink({
      state: 'connecting',
      message: `Connecting to ${endpointLabel(this.target)}…`,
      pendingKey: null,
      needs: null,
    });
  }

  private async ensureSession(): Promise<SshSession> {
    if (this.session?.alive) return this.session;
    if (this.lastError && WAITS_FOR_USER.has(this.lastError.state)) throw this.lastError;
    if (this.lastError && this.opts.now() < this.nextAttemptAt) throw this.lastError;
    const gen = this.generation;
    const attempt = (this.connecting ??= SshSession.open(this.target, this.opts));
    try {
      const s = await attempt;
      if (this.connecting === attempt) this.connecting = null;
      if (gen !== this.generation) {
        s.close(); // started before a reset: its settings may be stale
        throw new SshError('timed_out', 'Connection attempt superseded by new settings.');
      }
      this.session = s;
      this.prev = null;
      s.onClose((err) => {
        if (this.session === s) this.session = null;
        this.fail(err);
      });
      this.setLink({
        state: 'ok',
        message: `Connected to ${endpointLabel(this.target)}`,
        pendingKey: null,
        needs: null,
        connectMs: s.connectMs,
      });
      return s;
    } catch (err) {
      if (this.connecting === attempt) this.connecting = null;
      if (gen !== this.generation) throw err;
      throw this.fail(err);
    }
  }

  private fail(err: unknown): SshError {
    const e = err instanceof SshError ? err : new SshError('unreachable', (err as Error).message);
    if (this.lastError !== e) {
      this.failures++;
      const base = this.opts.backoffBaseMs ?? 1000;
      const delay = Math.min(this.opts.backoffMaxMs ?? 60_000, base * 2 ** (this.failures - 1));
      const jitter = 1 + ((this.opts.random ?? Math.random)() * 0.4 - 0.2);
      this.nextAttemptAt = this.opts.now() + delay * jitter;
    }
    this.lastError = e;
    if (e.presentedKey) this.pending = e.presentedKey;
    const p = e.presentedKey;
    this.setLink({
      state: e.state,
      message: e.message,
      needs: e.needs ?? null,
      nextAttemptAt: this.nextAttemptAt,
      pendingKey: p
        ? { keyType: p.keyType, fingerprint: p.fingerprint, endpoint: p.endpoint }
        : this.state.pendingKey,
    });
    return e;
  }

  private queue: Promise<unknown> = Promise.resolve();

  /** Runs polls one after another: prime() and a scheduled collect() may be asked at once. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Connects if needed and takes the baseline reading for rates. */
  prime(): Promise<void> {
    return this.serial(() => this.primeNow());
  }

  collect(): Promise<Sample> {
    return this.serial(() => this.collectNow());
  }

  private async primeNow(): Promise<void> {
    const s = await this.ensureSession();
    try {
      const { poll } = await s.poll(this.opts.pollTimeoutMs);
      this.prev = this.parse(poll.texts);
    } catch (err) {
      throw this.fail(err);
    }
  }

  private async collectNow(): Promise<Sample> {
    const s = await this.ensureSession();
    let result;
    try {
      result = await s.poll(this.opts.pollTimeoutMs);
    } catch (err) {
      throw this.fail(err);
    }
    let snap: ProcSnapshot;
    try {
      snap = this.parse(result.poll.texts);
    } catch (err) {
      s.close();
      throw this.fail(err);
    }
    const sample = deriveSample(this.hostId, this.prev, snap, {
      disks: result.poll.disks,
      processCount: result.poll.processCount,
      pollMs: result.pollMs,
    });
    this.prev = snap;
    this.failures = 0;
    this.lastError = null;
    this.setLink({
      state: 'ok',
      message: `Connected to ${endpointLabel(this.target)}`,
      pollMs: result.pollMs,
    });
    return { ...sample, connectMs: s.connectMs };
  }

  private parse(texts: Parameters<typeof parseSnapshot>[0]): ProcSnapshot {
    try {
      return parseSnapshot(texts, this.opts.now());
    } catch (err) {
      throw new SshError(
        'bad_output',
        `Unexpected output from ${endpointLabel(this.target)}: ${(err as Error).message}.`,
      );
    }
  }

  /** A stream to a port on the host's loopback, over this host's session (see SshSession.forwardOut). */
  async openTunnel(port: number, timeoutMs: number): Promise<Duplex> {
    const s = await this.ensureSession();
    return s.forwardOut(port, timeoutMs);
  }

  /** Runs an argv on the host over its connection (not the poll shell), quoted safely. */
  async exec(argv: string[], timeoutMs: number, opts?: ExecOptions): Promise<RunOutput> {
    const s = await this.ensureSession();
    return s.exec(shellCommand(['env', 'LC_ALL=C', ...argv]), timeoutMs, opts);
  }

  async topProcesses(by: 'cpu' | 'memory', limit: number): Promise<ProcessInfo[]> {
    const r = await this.exec(
      ['ps', '-eo', 'pid=,user=,pcpu=,pmem=,rss=,comm=,args=', by === 'cpu' ? '--sort=-pcpu' : '--sort=-rss'],
      10_000,
    );
    if (r.exitCode !== 0)
      throw new SshError(
        'bad_output',
        `ps failed on ${endpointLabel(this.target)}: ${r.stderr.trim() || `exit ${r.exitCode}`}`,
      );
    return parsePs(r.stdout).slice(0, limit);
  }

  close(): Promise<void> {
    this.session?.close();
    this.session = null;
    return Promise.resolve();
  }
}
