import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import type { Sample } from '../shared/schemas';
import { makeSample } from '../shared/sampleFixture';
import { CHROMIUM_ARGS } from '../playwright.config';
import type { Engine } from '../electron/engine/createEngine';
import { parseArgs, summarize } from './harness';
import { prng } from './simCollector';
import { startSimServer } from './simServer';

/**
 * The board's first paint with trends, in real Chromium: `greenboard serve` with N hosts (this
 * machine plus N-1 simulated, polled every 5 s) over a data folder that already holds
 * `minutes` of their history, as a board reopened after a while has. Each load opens the built
 * UI at 1280x800 and times, from navigation start (performance.now() in the page):
 *   - cards: the first frame with host cards;
 *   - trends: the first frame in which every card in the DOM draws both sparklines with at
 *     least `minPoints` polls (the card's 60-poll window, less a few for the newest polls);
 * and whether a frame was painted with cards but empty sparklines in between; script: the page
 * and its script loaded (DOMContentLoaded), before the UI asks the engine for anything. Cold loads use a
 * new browser context each; reloads reuse one (cached script). Prints one JSON line.
 *
 *   node --import tsx bench/uiTrends.ts --hosts=50 --minutes=30 --loads=7
 */
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const { flags } = parseArgs();
const num = (k: string, d: number): number =>
  Number.isFinite(Number(flags[k])) && flags[k] ? Number(flags[k]) : d;
const HOSTS = num('hosts', 50);
const MINUTES = num('minutes', 30);
const LOADS = num('loads', 7);
const INTERVAL_MS = 5000;
const MIN_POINTS = num('minPoints', 50);
const VIEWPORT = { width: 1280, height: 800 };
const GiB = 2 ** 30;

/** Runs in the page before its own scripts: watches every frame until the trends are drawn. */
const PROBE = `(() => {
  const out = { cardsMs: null, trendsMs: null, scriptMs: null, emptyFrames: 0, cards: 0 };
  window.__trendsPaint = out;
  const filled = (card) => ['spark-cpu', 'spark-mem'].every((id) => {
    const s = card.querySelector('[data-testid="' + id + '"]');
    return s && Number(s.getAttribute('data-points')) >= ${MIN_POINTS};
  });
  const frame = () => {
    const cards = [...document.querySelectorAll('[data-testid="host-card"]')];
    if (cards.length > 0) {
      out.cardsMs ??= performance.now();
      if (cards.every(filled)) {
        out.trendsMs = performance.now();
        out.cards = cards.length;
        // Where the time went: the page and its script, before any call to the engine.
        out.scriptMs = performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null;
        return;
      }
      out.emptyFrames++;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;

/** `minutes` of polls for every host on the board, written sweep by sweep as the engine would. */
function storeHistory(engine: Engine): number {
  const ids = engine.hosts.list().map((s) => s.host.id);
  const end = Date.now() - 1000;
  const walk = ids.map((id, i) => ({
    id,
    rnd: prng(7000 + i),
    cpu: 10 + 40 * prng(i)(),
    mem: 30 + 50 * prng(i + 99)(),
  }));
  let written = 0;
  for (let t = end - MINUTES * 60_000; t <= end; t += INTERVAL_MS) {
    const sweep: Sample[] = walk.map((w) => {
      w.cpu = Math.min(100, Math.max(0, w.cpu + (w.rnd() - 0.5) * 8));
      w.mem = Math.min(99, Math.max(5, w.mem + (w.rnd() - 0.5) * 2));
      return makeSample(w.id, t, {
        cpu: { cores: 8, busyPct: w.cpu, iowaitPct: 1, stealPct: 0 },
        mem: {
          totalBytes: 32 * GiB,
          usedBytes: (w.mem / 100) * 32 * GiB,
          availableBytes: ((100 - w.mem) / 100) * 32 * GiB,
        },
      });
    });
    engine.store.writeSamples(sweep);
    written += sweep.length;
  }
  return written;
}

interface Paint {
  cardsMs: number | null;
  trendsMs: number | null;
  scriptMs: number | null;
  emptyFrames: number;
  cards: number;
}

const round = (x: number | null): number | null => (x === null ? null : Number(x.toFixed(1)));

async function paintOnce(page: import('playwright-core').Page, load: () => Promise<unknown>): Promise<Paint> {
  await load();
  const until = Date.now() + 30_000;
  for (;;) {
    const p = await page.evaluate<Paint>('window.__trendsPaint');
    if (p.trendsMs !== null)
      return { ...p, cardsMs: round(p.cardsMs), trendsMs: round(p.trendsMs), scriptMs: round(p.scriptMs) };
    if (Date.now() > until)
      throw new Error(`No frame with every sparkline filled within 30 s: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function measure(browser: Browser, url: string) {
  const cold: Paint[] = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await page.addInitScript(PROBE);
    cold.push(await paintOnce(page, () => page.goto(url)));
    await context.close();
  }
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.addInitScript(PROBE);
  await paintOnce(page, () => page.goto(url));
  const reload: Paint[] = [];
  for (let i = 0; i < LOADS; i++) reload.push(await paintOnce(page, () => page.reload()));
  await context.close();
  return { cold, reload };
}

const figures = (runs: Paint[]) => ({
  script: summarize(runs.map((r) => r.scriptMs ?? 0)),
  cards: summarize(runs.map((r) => r.cardsMs ?? 0)),
  trends: summarize(runs.map((r) => r.trendsMs ?? 0)),
  loadsWithEmptyFrames: runs.filter((r) => r.emptyFrames > 0).length,
  cardsInDom: Math.max(...runs.map((r) => r.cards)),
});

if (flags.build !== '0') {
  const built = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`electron-vite build failed:\n${built.stderr}`);
}
let stored = 0;
const sim = await startSimServer({
  hosts: HOSTS - 1,
  intervalMs: INTERVAL_MS,
  beforeStart: (engine) => (stored = storeHistory(engine)),
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});
try {
  const { cold, reload } = await measure(browser, sim.url);
  const result = {
    hosts: HOSTS,
    intervalMs: INTERVAL_MS,
    storedMinutes: MINUTES,
    storedSamples: stored,
    minPoints: MIN_POINTS,
    loads: LOADS,
    viewport: VIEWPORT,
    chromium: browser.version(),
    cold: figures(cold),
    reload: figures(reload),
    runs: { cold, reload },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await browser.close();
  await sim.stop();
}
