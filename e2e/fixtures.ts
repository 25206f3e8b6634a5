import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';

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

/**
 * Records the `checked` state of the checkbox at `selector` on every animation frame until the
 * returned function is called, which stops and returns them. A controlled checkbox that waits
 * for the engine can flip back for a moment that an assertion after the fact never sees; this
 * sees every frame the person would have. (The page's code is a string: the e2e sources are
 * type-checked without the DOM library.)
 */
export async function watchChecked(page: Page, selector: string): Promise<() => Promise<boolean[]>> {
  const sel = JSON.stringify(selector);
  await page.evaluate(`{
    const watch = { seen: [], on: true };
    (window.__checkedWatches ??= {})[${sel}] = watch;
    const frame = () => {
      const box = document.querySelector(${sel});
      if (box) watch.seen.push(box.checked);
      if (watch.on) requestAnimationFrame(frame);
    };
    frame();
  }`);
  return async () => {
    const seen: unknown = await page.evaluate(`{
      const watch = window.__checkedWatches[${sel}];
      watch.on = false;
      watch.seen;
    }`);
    if (!Array.isArray(seen)) throw new Error(`no checked states recorded for ${selector}`);
    return seen.map(Boolean);
  };
}
