import { spawn } from 'node:child_process';

import type { ExecOptions, RunOutput } from '../collectors/types';

export type { RunOutput };

/** Output kept per stream; a diagnostic is for reading, not for moving data. */
export const MAX_OUTPUT_BYTES = 256 * 1024;

/** Collects a stream up to a cap (MAX_OUTPUT_BYTES unless said), noting if more came. */
export class CappedBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly maxBytes = MAX_OUTPUT_BYTES) {}

  push(d: Buffer): void {
    if (this.size >= this.maxBytes) {
      this.truncated = true;
      return;
    }
    const room = this.maxBytes - this.size;
    if (d.length > room) this.truncated = true;
    const part = d.subarray(0, room);
    this.chunks.push(part);
    this.size += part.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Runs an argv on this machine without a shell, with a deadline (and an output cap, if not the default). */
export function runLocal(argv: string[], timeoutMs: number, opts: ExecOptions = {}): Promise<RunOutput> {
  return new Promise((resolve) => {
    const [cmd, ...args] = argv;
    const out = new CappedBuffer(opts.maxBytes);
    const err = new CappedBuffer(opts.maxBytes);
    const child = spawn(cmd ?? 'true', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ exitCode: null, stdout: '', stderr: `${argv[0] ?? ''}: ${e.message}`, truncated: false });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const killed = signal === 'SIGKILL' ? `\n(stopped after ${timeoutMs / 1000} s)` : '';
      resolve({
        exitCode: code,
        stdout: out.text(),
        stderr: err.text() + killed,
        truncated: out.truncated || err.truncated,
        timedOut: signal === 'SIGKILL',
      });
    });
  });
}
