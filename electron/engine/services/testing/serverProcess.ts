import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { rmSync } from 'node:fs';

/**
 * Waits until a test server prints the line that says it accepts connections (its own word,
 * not a guess by time). One that exits or never gets ready is killed and its temp dir removed,
 * so a failed start leaves nothing behind. Resolves with the process's exit (a promise), for stopping it.
 */
export async function whenReady(
  proc: ChildProcessByStdio<null, Readable, Readable>,
  name: string,
  readyLine: string,
  dir: string,
  timeoutMs: number,
): Promise<{ exited: Promise<void> }> {
  let log = '';
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} not ready in ${timeoutMs} ms:\n${log}`)),
        timeoutMs,
      );
      const onData = (d: Buffer): void => {
        log += d.toString();
        if (log.includes(readyLine)) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout.on('data', onData);
      proc.stderr.on('data', onData);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`${name} exited before it was ready:\n${log}`));
      });
    });
  } catch (e) {
    proc.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { exited };
}
