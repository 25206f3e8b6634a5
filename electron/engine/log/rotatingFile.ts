import {
  chmodSync,
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

export interface RotatingFileOptions {
  path: string;
  /** Size at which the file is rotated: it becomes `<path>.1`, the older ones shift up. */
  maxBytes: number;
  /** Files kept in all, the live one included (3: greenboard.log, .1, .2). */
  files: number;
}

/**
 * An append-only file rotated by size, written synchronously.
 *
 * Why synchronous and our own, rather than pino's worker-thread transports or pino-roll: a
 * line is on disk before the call returns, so the last words before a crash (the ones that
 * matter) are never lost in a buffer or a worker that dies with the process; there is no
 * thread to start in Electron's main process or to flush on quit; and size rotation is thirty
 * lines. The cost, one write(2) per line, is nothing at the rate Greenboard logs.
 *
 * The log may hold host names and error text, so it is private to the user: folder 0700,
 * files 0600 (tightened when an older file is found).
 */
export class RotatingFile {
  private fd = -1;
  private size = 0;
  private broken = false;

  constructor(private readonly opts: RotatingFileOptions) {
    mkdirSync(dirname(opts.path), { recursive: true, mode: 0o700 });
    this.open();
  }

  get path(): string {
    return this.opts.path;
  }

  write(line: string): boolean {
    if (this.fd < 0) return false;
    const bytes = Buffer.byteLength(line);
    try {
      if (this.size > 0 && this.size + bytes > this.opts.maxBytes) this.rotate(bytes);
      writeSync(this.fd, line);
      this.size += bytes;
      this.broken = false;
    } catch (err) {
      // A full disk must not take the engine down with it; say so once, not per line.
      if (!this.broken)
        process.stderr.write(
          `greenboard: cannot write the log ${this.opts.path}: ${(err as Error).message}\n`,
        );
      this.broken = true;
    }
    return true;
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }

  private open(): void {
    this.fd = openSync(this.opts.path, 'a', 0o600);
    if (process.platform !== 'win32') chmodSync(this.opts.path, 0o600);
    this.size = fstatSync(this.fd).size;
  }

  private rotate(incoming: number): void {
    const mine = fstatSync(this.fd);
    let onDisk: ReturnType<typeof statSync> | null = null;
    try {
      onDisk = statSync(this.opts.path);
    } catch {
      onDisk = null;
    }
    closeSync(this.fd);
    this.fd = -1;
    // Another process on the same data folder (a CLI command beside `serve`) may have rotated
    // first: then our file is already `.1` and we only reopen the new live one.
    const stillOurs = onDisk !== null && onDisk.ino === mine.ino && onDisk.dev === mine.dev;
    if (stillOurs && onDisk!.size + incoming > this.opts.maxBytes) {
      for (let i = this.opts.files - 2; i >= 1; i--)
        renameQuiet(`${this.opts.path}.${i}`, `${this.opts.path}.${i + 1}`);
      if (this.opts.files > 1) renameSync(this.opts.path, `${this.opts.path}.1`);
      else rmSync(this.opts.path, { force: true });
    }
    this.open();
  }
}

function renameQuiet(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
