import type { Client, ClientChannel } from 'ssh2';
import type { ExecOptions } from '../collectors/types';
import { CappedBuffer, type RunOutput } from '../diagnostics/runLocal';
import { sshHandshake, tcpConnect, withTimeout, type ConnectOptions } from './connect';
import { forwardTo } from './forwardOut';
import { parsePollOutput, POLL_SCRIPT, PollOutputError, type RemotePoll } from './pollScript';
import { endpointLabel, SshError, type SshTarget } from './types';

/** A poll reply larger than this is refused: a sane host's /proc texts are a few tens of KB. */
export const MAX_REPLY_BYTES = 4 * 1024 * 1024;

const EMPTY = Buffer.alloc(0);
/** Longer than any marker, so one split across chunks is still found. */
const TAIL_BYTES = 64;

/** True if `mark` is in `chunk`, or straddles `before` (the bytes received just before it) and `chunk`. */
function straddles(before: Buffer, chunk: Buffer, mark: Buffer): boolean {
  if (chunk.includes(mark)) return true;
  if (before.length === 0) return false;
  return Buffer.concat([before, chunk.subarray(0, mark.length - 1)]).includes(mark);
}

/**
 * One persistent SSH connection to a host (through its bastion, if any) with one long-lived
 * `sh` on an exec channel, so every poll is one write and one framed reply. A new channel per
 * poll costs a round of channel setup plus the user's shell start-up (a login shell's rc
 * files: root's ~/.bashrc here runs `pyenv init`, ~0.2–0.5 s), paid once per session here.
 * `exec sh` (not a `shell` request) keeps the MOTD and interactive prompts out of the way; what
 * the user's rc files print before `sh` starts lands ahead of the first reply and is dropped.
 *
 * Replies are kept as the Buffers they arrived in and only the new chunk (plus a few bytes
 * before it) is searched for the end marker; they become one string once, when complete.
 */
export class SshSession {
  private chunks: Buffer[] = [];
  private size = 0;
  /** The last bytes received, for a marker split across two chunks. */
  private tail: Buffer = EMPTY;
  private waiter: {
    /** Called per new chunk, with the bytes received just before it. */
    match: (chunk: Buffer, before: Buffer) => boolean;
    resolve: () => void;
    reject: (e: Error) => void;
  } | null = null;
  private closedWith: SshError | null = null;
  private seq = 0;
  private busy = false;
  private readonly closeListeners: ((err: SshError) => void)[] = [];

  private constructor(
    private readonly clients: Client[],
    private readonly channel: ClientChannel,
    readonly target: SshTarget,
    /** TCP connect time to the first hop, in ms. */
    readonly connectMs: number,
  ) {
    channel.on('data', (d: Buffer) => this.onData(d));
    channel.stderr.on('data', () => {
      // The poll script sends its errors to /dev/null; stray stderr is not part of a reply.
    });
    const lost = (): void =>
      this.fail(new SshError('unreachable', `Connection to ${endpointLabel(target)} was lost.`));
    channel.on('close', lost);
    for (const c of clients) c.on('close', lost);
  }

  /** Connects, verifies host keys, authenticates, starts `sh` and checks the OS. */
  static async open(target: SshTarget, opts: ConnectOptions): Promise<SshSession> {
    const clients: Client[] = [];
    try {
      let connectMs: number;
      let client: Client;
      if (target.jump) {
        const first = await tcpConnect(target.jump, opts.timeoutMs);
        connectMs = first.connectMs;
        const bastion = await sshHandshake(target.jump, first.socket, opts);
        clients.push(bastion);
        const stream = await withTimeout(
          new Promise<ClientChannel>((resolve, reject) =>
            bastion.forwardOut('127.0.0.1', 0, target.host, target.port, (err, ch) =>
              err ? reject(err) : resolve(ch),
            ),
          ),
          opts.timeoutMs,
          `Forwarding through ${endpointLabel(target.jump)} to ${target.host}:${target.port}`,
        ).catch((err: Error) => {
          throw err instanceof SshError
            ? err
            : new SshError(
                'unreachable',
                `The bastion ${endpointLabel(target.jump!)} could not reach ${target.host}:${target.port}: ${err.message}`,
              );
        });
        client = await sshHandshake(target, stream, opts);
      } else {
        const first = await tcpConnect(target, opts.timeoutMs);
        connectMs = first.connectMs;
        client = await sshHandshake(target, first.socket, opts);
      }
      clients.push(client);
      const channel = await withTimeout(
        new Promise<ClientChannel>((resolve, reject) =>
          client.exec('exec sh', (err, ch) => (err ? reject(err) : resolve(ch))),
        ),
        opts.timeoutMs,
        `Opening a session on ${endpointLabel(target)}`,
      );
      const session = new SshSession(clients, channel, target, connectMs);
      await session.checkOs(opts.timeoutMs);
      return session;
    } catch (err) {
      for (const c of clients) c.end();
      throw err instanceof SshError ? err : new SshError('unreachable', (err as Error).message);
    }
  }

  private async checkOs(timeoutMs: number): Promise<void> {
    this.channel.write(`${POLL_SCRIPT}\ngb_os\n`);
    // Once per session, so simply rescan everything: rc output may come first, in any chunks.
    const osLine = /@@GB:OS ([^\n]*)\n/;
    await this.waitFor(() => osLine.test(this.text()), timeoutMs, 'Starting the poll script');
    const os = osLine.exec(this.takeText())?.[1]?.trim() ?? 'unknown';
    if (os !== 'Linux') {
      this.close();
      throw new SshError(
        'unsupported_os',
        `Unsupported OS on ${endpointLabel(this.target)}: ${os || 'unknown'}. Greenboard reads Linux /proc.`,
      );
    }
  }

  /** One poll: one line written, one framed reply read. Rejects with timed_out or bad_output. */
  async poll(timeoutMs: number): Promise<{ poll: RemotePoll; pollMs: number }> {
    if (this.closedWith) throw this.closedWith;
    if (this.busy) throw new SshError('timed_out', 'The previous poll has not answered yet.');
    this.busy = true;
    const id = `p${++this.seq}`;
    const started = performance.now();
    try {
      this.clear();
      this.channel.write(`gb_poll ${id}\n`);
      const endMark = Buffer.from(`@@GB:END ${id}\n`, 'latin1');
      await this.waitFor(
        (chunk, before) => straddles(before, chunk, endMark),
        timeoutMs,
        `Poll of ${endpointLabel(this.target)}`,
      );
      const pollMs = performance.now() - started;
      const out = this.takeText();
      try {
        return { poll: parsePollOutput(out, id), pollMs };
      } catch (err) {
        if (err instanceof PollOutputError)
          throw new SshError(
            'bad_output',
            `Unexpected output from ${endpointLabel(this.target)}: ${err.message}.`,
          );
        throw err;
      }
    } catch (err) {
      // After a timeout or garbage the shell's state is unknown: drop the session, reconnect.
      if (err instanceof SshError && err.state !== 'unreachable') this.fail(err);
      throw err;
    } finally {
      this.busy = false;
    }
  }

  /** Everything received since the last clear, as text (latin1: bytes in, bytes out). */
  private text(): string {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    return all.toString('latin1');
  }

  private takeText(): string {
    const t = this.text();
    this.clear();
    return t;
  }

  private clear(): void {
    this.chunks = [];
    this.size = 0;
    this.tail = EMPTY;
  }

  private onData(d: Buffer): void {
    // Only the new chunk is searched: a reply may arrive in many chunks, and rescanning all of
    // it each time would make a poll quadratic in its size.
    const before = this.tail;
    this.chunks.push(d);
    this.size += d.length;
    this.tail =
      d.length >= TAIL_BYTES
        ? d.subarray(d.length - TAIL_BYTES)
        : Buffer.concat([before, d]).subarray(-TAIL_BYTES);
    if (this.size > MAX_REPLY_BYTES) {
      this.fail(
        new SshError(
          'bad_output',
          `Output from ${endpointLabel(this.target)} exceeded ${MAX_REPLY_BYTES / 1024 / 1024} MiB; refusing it.`,
        ),
      );
      return;
    }
    if (this.waiter?.match(d, before)) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve();
    }
  }

  private waitFor(
    match: (chunk: Buffer, before: Buffer) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<void> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (this.size > 0 && match(Buffer.concat(this.chunks, this.size), EMPTY)) return Promise.resolve();
    const p = new Promise<void>((resolve, reject) => {
      this.waiter = { match, resolve, reject };
    });
    return withTimeout(p, timeoutMs, what, () => {
      this.waiter = null;
    });
  }

  private fail(err: SshError): void {
    if (this.closedWith) return;
    this.closedWith = err;
    this.waiter?.reject(err);
    this.waiter = null;
    this.clear();
    for (const l of this.closeListeners) l(err);
    this.close();
  }

  /**
   * Runs one command on its own exec channel (diagnostics), beside the poll shell, so a slow
   * command never delays polling. `command` must already be quoted (see shellQuote).
   */
  async exec(command: string, timeoutMs: number, opts: ExecOptions = {}): Promise<RunOutput> {
    if (this.closedWith) throw this.closedWith;
    const client = this.clients[this.clients.length - 1];
    if (!client) throw new SshError('unreachable', 'No connection.');
    const out = new CappedBuffer(opts.maxBytes);
    const err = new CappedBuffer(opts.maxBytes);
    let exitCode: number | null = null;
    let closed: Promise<void> = Promise.resolve();
    const ch = await withTimeout(
      new Promise<ClientChannel>((resolve, reject) =>
        client.exec(command, (e, c) => {
          if (e) return reject(e);
          // Listen before anything else runs: a quick command's output, exit status and close
          // can arrive in the same read as the channel's confirmation, and ssh2 emits them
          // synchronously. An 'exit' listener added after an await would miss the status.
          c.on('data', (d: Buffer) => out.push(d));
          c.stderr.on('data', (d: Buffer) => err.push(d));
          c.on('exit', (code: number | null) => {
            exitCode = code;
          });
          closed = new Promise<void>((done) => c.on('close', () => done()));
          resolve(c);
        }),
      ),
      timeoutMs,
      `Opening a channel on ${endpointLabel(this.target)}`,
    );
    try {
      await withTimeout(closed, timeoutMs, `${command.slice(0, 60)} on ${endpointLabel(this.target)}`, () =>
        ch.close(),
      );
    } catch (e) {
      return {
        exitCode: null,
        stdout: out.text(),
        stderr: `${err.text()}\n(${(e as Error).message})`,
        truncated: out.truncated,
        timedOut: true,
      };
    }
    return { exitCode, stdout: out.text(), stderr: err.text(), truncated: out.truncated || err.truncated };
  }

  /**
   * A stream to 127.0.0.1:`port` on the host through this session (a forwarded channel, no new
   * connection): for a database driver in Greenboard. Rejects with a TunnelError.
   */
  forwardOut(port: number, timeoutMs: number): Promise<ClientChannel> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const client = this.clients[this.clients.length - 1];
    if (!client) return Promise.reject(new SshError('unreachable', 'No connection.'));
    return forwardTo(client, port, timeoutMs, endpointLabel(this.target));
  }

  /** Called once when the session dies for any reason other than close(). */
  onClose(listener: (err: SshError) => void): void {
    this.closeListeners.push(listener);
  }

  get alive(): boolean {
    return this.closedWith === null;
  }

  close(): void {
    this.closedWith ??= new SshError('unreachable', 'Session closed.');
    this.channel.removeAllListeners('data');
    try {
      this.channel.end();
    } catch {
      // already gone
    }
    for (const c of [...this.clients].reverse()) c.end();
  }
}
