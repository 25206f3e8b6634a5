import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base } from '@playwright/test';

export interface ServedGreenboard {
  /** The URL `greenboard serve` printed, token included. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
}

const READY = /^Greenboard is running at (http:\/\/\S+)$/m;

/** Starts `greenboard serve` on a free loopback port with its own data folder. */
export async function startServe(
  dataDir: string,
  extraArgs: string[] = [],
): Promise<{ served: ServedGreenboard; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['bin/greenboard.js', 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`greenboard serve did not become ready.\nstderr: ${err}`)),
      20_000,
    );
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = READY.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`greenboard serve exited with ${code}.\nstderr: ${err}`)));
  });
  const u = new URL(url);
  return { served: { url, origin: u.origin, token: u.searchParams.get('token') ?? '', dataDir }, child };
}

export async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Each test gets its own Greenboard server and data folder. */
export const test = base.extend<{
  greenboard: ServedGreenboard;
  serveArgs: string[];
  /** Written to the data folder's greenboard.json before the server starts (rules, retention…). */
  greenboardConfig: Record<string, unknown> | null;
}>({
  serveArgs: [[], { option: true }],
  greenboardConfig: [null, { option: true }],
  greenboard: async ({ serveArgs, greenboardConfig }, use, testInfo) => {
    const dataDir = join(testInfo.outputPath('data'));
    if (greenboardConfig) {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(join(dataDir, 'greenboard.json'), JSON.stringify(greenboardConfig));
    }
    const { served, child } = await startServe(dataDir, serveArgs);
    await use(served);
    await stopServe(child);
  },
});

export { expect } from '@playwright/test';

/** Screenshots for a person to look at; e2e/output is git-ignored. */
export const SCREENSHOTS = join(import.meta.dirname, 'output', 'screenshots');
