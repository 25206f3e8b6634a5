import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, statSync } from 'node:fs';
import WebSocket from 'ws';

/**
 * What the soak reads from the running `greenboard serve` process, from outside it: /proc for
 * RSS and descriptors, and the V8 inspector (started with --inspect=127.0.0.1:0, so only this
 * machine can reach it and its URL carries a random id) for the heap after a forced GC and
 * the event-loop delay. The server itself exposes nothing for this: no debug route, no flag.
 * https://nodejs.org/api/inspector.html and https://chromedevtools.github.io/devtools-protocol/v8/
 */

const MiB = 2 ** 20;
const round = (x: number, d = 2): number => Number(x.toFixed(d));

/** Resident set size, from VmRSS in /proc/PID/status. */
export function rssMiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m?.[1]) throw new Error(`No VmRSS in /proc/${pid}/status: is the server still running?`);
  return round(Number(m[1]) / 1024);
}

export interface Descriptors {
  total: number;
  sockets: number;
  files: number;
  pipes: number;
  /** eventfd, epoll, timerfd and the like: libuv's and V8's own. */
  other: number;
}

/** Open descriptors, the entries of /proc/PID/fd, by kind: a leak shows which kind grows. */
export function openFds(pid: number): Descriptors {
  const d: Descriptors = { total: 0, sockets: 0, files: 0, pipes: 0, other: 0 };
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed between the listing and the look
    }
    d.total++;
    if (target.startsWith('socket:')) d.sockets++;
    else if (target.startsWith('pipe:')) d.pipes++;
    else if (target.startsWith('/')) d.files++;
    else d.other++;
  }
  return d;
}

/** Size of a file in MiB, 0 when it does not exist (SQLite removes the WAL on a clean close). */
export function fileMiB(path: string): number {
  try {
    return round(statSync(path).size / MiB, 3);
  } catch {
    return 0;
  }
}

/**
 * The WAL's live log, from the header of its -shm index: frames since the last restart
 * (mxFrame) times the frame size. The -wal file only ever shows the high-water mark, since
 * SQLite rewrites it from the start after a checkpoint rather than truncating it; the live log
 * says whether the checkpoints keep up. Null when there is no index (the WAL is not in use).
 * Header layout: https://www.sqlite.org/walformat.html#the_wal_index_file_format
 */
export function walLogMiB(dbPath: string): number | null {
  let fd: number | undefined;
  try {
    fd = openSync(`${dbPath}-shm`, 'r');
    const hdr = Buffer.alloc(24);
    if (readSync(fd, hdr, 0, hdr.length, 0) < hdr.length) return null;
    // Native byte order, which is little-endian on every machine this runs on.
    const szPage = hdr.readUInt16LE(14);
    const pageSize = szPage === 1 ? 65536 : szPage;
    const mxFrame = hdr.readUInt32LE(16);
    return round((mxFrame * (pageSize + 24)) / MiB, 3);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Established TCP connections to a local port, from /proc/net/tcp (state 01). Proves each
 * host entry holds its own SSH connection even though they share one listener.
 */
export function establishedTo(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => {
      const [, local, , state] = line.trim().split(/\s+/);
      return state === '01' && local?.endsWith(`:${hexPort}`);
    }).length;
}

/** The inspector's WebSocket URL, from the line node prints on stderr. */
export function inspectorUrl(stderr: string): string | null {
  return /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(stderr)?.[1] ?? null;
}

/** monitorEventLoopDelay's timer period: each value it records is this plus the delay. */
const ELD_RESOLUTION_MS = 10;

/** How late the server's event loop ran a 10 ms timer: the tick itself taken out. */
export interface EventLoopDelay {
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/** A client of one process's V8 inspector. */
export class Inspector {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString('utf8')) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      const w = msg.id === undefined ? undefined : this.waiting.get(msg.id);
      if (!w || msg.id === undefined) return; // an event: none are enabled that matter here
      this.waiting.delete(msg.id);
      if (msg.error) w.reject(new Error(`inspector: ${msg.error.message}`));
      else w.resolve(msg.result);
    });
    ws.on('close', () => {
      for (const w of this.waiting.values()) w.reject(new Error('inspector connection closed'));
      this.waiting.clear();
    });
  }

  static async connect(url: string): Promise<Inspector> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new Inspector(ws);
  }

  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: (r) => resolve(r as T), reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Evaluates an expression in the server's main context and returns its JSON value. */
  private async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send<{ result: { value?: unknown }; exceptionDetails?: { text: string } }>(
      'Runtime.evaluate',
      { expression, returnByValue: true },
    );
    if (r.exceptionDetails) throw new Error(`inspector evaluate: ${r.exceptionDetails.text}`);
    return r.result.value as T;
  }

  /** Used JS heap after two full GCs (the second collects what the first's finalizers freed). */
  async heapAfterGcMiB(): Promise<number> {
    await this.send('HeapProfiler.collectGarbage');
    await this.send('HeapProfiler.collectGarbage');
    const { usedSize } = await this.send<{ usedSize: number }>('Runtime.getHeapUsage');
    return round(usedSize / MiB);
  }

  /**
   * Arms perf_hooks.monitorEventLoopDelay inside the server (10 ms resolution, the default:
   * a finer timer would itself load the loop the soak is watching).
   */
  startEventLoopDelay(): Promise<void> {
    return this.evaluate(`void (globalThis.__soakEld ??= (() => {
      const h = process.getBuiltinModule('node:perf_hooks').monitorEventLoopDelay({ resolution: ${ELD_RESOLUTION_MS} });
      h.enable();
      return h;
    })())`);
  }

  /** The delay since the last reset, then resets it. */
  async readEventLoopDelay(): Promise<EventLoopDelay> {
    const raw = await this.evaluate<string>(`(() => {
      const h = globalThis.__soakEld;
      const r = JSON.stringify({ p99: h.percentile(99), max: h.max, mean: h.mean });
      h.reset();
      return r;
    })()`);
    const r = JSON.parse(raw) as { p99: number; max: number; mean: number | null };
    // An empty histogram reads 0 (its mean NaN, null in JSON): no tick, no delay to report.
    const late = (ns: number | null): number => round(Math.max(0, (ns ?? 0) / 1e6 - ELD_RESOLUTION_MS));
    return { p99Ms: late(r.p99), maxMs: late(r.max), meanMs: late(r.mean) };
  }

  /** Drops what the delay histogram holds (the forced GC's pause is ours, not the server's). */
  resetEventLoopDelay(): Promise<void> {
    return this.evaluate('void globalThis.__soakEld.reset()');
  }

  close(): void {
    this.ws.close();
  }
}
