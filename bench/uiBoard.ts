import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../playwright.config';
import { parseArgs, summarize, type CallStats } from './harness';
import { startSimServer } from './simServer';

/**
 * The board under load, in real Chromium: `greenboard serve` with N simulated hosts (this
 * machine plus N-1 simulated, see simCollector.ts) polled every second, and the built UI open
 * at 1280x800 with the app's `perf=1` probe. Measured in the page:
 *   - commit: from the batched store update to React's commit of it (renderer/src/board/boardPerf.ts);
 *   - frame work: rAF callback to the first task after that frame's rendering (uiProbe.js);
 *   - frame interval: rAF to rAF, and long-animation-frame entries;
 *   - JS heap after a forced GC (CDP HeapProfiler.collectGarbage + Runtime.getHeapUsage), each
 *     minute, the 1-minute figure compared with the last.
 * Then the naive baseline in the same run: `perf=naive` (every event applied on its own, every
 * card rendered) for a shorter time. Prints one JSON line (run.mjs formats it).
 *
 *   node --import tsx bench/uiBoard.ts --hosts=500 --interval=1000 --minutes=5 --baselineSeconds=60
 */
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const { flags } = parseArgs();
const num = (k: string, d: number): number =>
  Number.isFinite(Number(flags[k])) && flags[k] ? Number(flags[k]) : d;
const HOSTS = num('hosts', 500);
const INTERVAL_MS = num('interval', 1000);
const SECONDS = num('minutes', 5) * 60;
const BASELINE_SECONDS = num('baselineSeconds', 60);
const WARMUP_SECONDS = num('warmup', 10);
const VIEWPORT = { width: 1280, height: 800 };
const DRAIN_EVERY_MS = 5000;
const PROBE = readFileSync(join(ROOT, 'bench', 'uiProbe.js'), 'utf8');

interface Drained {
  intervalMs: number[];
  workMs: number[];
  loafMs: number[];
  commitMs: number[];
  events: number[];
  cardsInDom: number;
  domNodes: number;
}

const round = (x: number, d = 2): number => Number(x.toFixed(d));
const MiB = 2 ** 20;

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return round(usedSize / MiB, 2);
}

async function mainThreadMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
}

const drain = (page: Page): Promise<Drained> => page.evaluate<Drained>('window.__benchFrames.drain()');

/** One page of the board for `seconds` after warm-up; heap measured at each whole minute and at the end. */
async function measure(browser: Browser, url: string, mode: '1' | 'naive', seconds: number) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('Performance.enable');
  await page.goto(`${url}&perf=${mode}`);
  // Ready when every host is on the board and counted in the summary bar. Polled with evaluate
  // and a string: waitForFunction would need eval, which the page's CSP refuses, and a function
  // compiled by tsx carries helpers the page does not have.
  const counted = `[...document.querySelectorAll('[data-testid^="summary-"]:not([data-testid^="summary-filter"])')]
    .reduce((n, e) => n + Number(e.textContent), 0)`;
  for (
    const until = Date.now() + 60_000;
    (await page.evaluate<number>(counted)) !== HOSTS;
    await sleep(250)
  ) {
    if (Date.now() > until) throw new Error(`The board did not show ${HOSTS} hosts within 60 s.`);
  }
  await page.evaluate(PROBE);
  const loaded = Date.now();
  await sleep(WARMUP_SECONDS * 1000);
  await drain(page);

  const all: Drained = {
    intervalMs: [],
    workMs: [],
    loafMs: [],
    commitMs: [],
    events: [],
    cardsInDom: 0,
    domNodes: 0,
  };
  const keep = (d: Drained): void => {
    for (const k of ['intervalMs', 'workMs', 'loafMs', 'commitMs', 'events'] as const) all[k].push(...d[k]);
    all.cardsInDom = Math.max(all.cardsInDom, d.cardsInDom);
    all.domNodes = Math.max(all.domNodes, d.domNodes);
  };
  const heap: { atS: number; usedMb: number }[] = [];
  const start = Date.now();
  const cpu0 = await mainThreadMs(cdp);
  const end = start + seconds * 1000;
  let nextMark = loaded + 60_000;
  for (let now = Date.now(); now < end; now = Date.now()) {
    await sleep(Math.max(0, Math.min(DRAIN_EVERY_MS, end - now, nextMark - now)));
    keep(await drain(page));
    if (Date.now() >= nextMark || Date.now() >= end) {
      heap.push({ atS: Math.round((Date.now() - loaded) / 1000), usedMb: await heapMb(cdp) });
      nextMark += 60_000;
      // The forced GC stalls the page: leave its frames out.
      await sleep(500);
      await drain(page);
    }
  }
  const busyMs = (await mainThreadMs(cdp)) - cpu0;
  const wallMs = Date.now() - start;
  await context.close();

  const early = heap[0];
  const late = heap.at(-1);
  const intervals = summarize(all.intervalMs);
  const stats = (xs: number[]): CallStats => summarize(xs);
  return {
    mode: mode === '1' ? 'board' : 'naive',
    measuredSeconds: round(wallMs / 1000, 1),
    commitMs: stats(all.commitMs),
    frameWorkMs: stats(all.workMs),
    frameIntervalMs: intervals,
    framesOver25Ms: all.intervalMs.filter((x) => x > 25).length,
    frames: all.intervalMs.length,
    longAnimationFrames: { count: all.loafMs.length, maxMs: round(Math.max(0, ...all.loafMs), 1) },
    commitsPerSecond: round(all.commitMs.length / (wallMs / 1000), 1),
    eventsPerCommit: round(all.events.reduce((a, b) => a + b, 0) / Math.max(1, all.events.length), 1),
    mainThreadBusyPct: round((busyMs / wallMs) * 100, 1),
    cardsInDom: all.cardsInDom,
    domNodes: all.domNodes,
    heap: {
      marks: heap,
      earlyMb: early?.usedMb ?? null,
      earlyAtS: early?.atS ?? null,
      lateMb: late?.usedMb ?? null,
      lateAtS: late?.atS ?? null,
      growthPct:
        early && late && heap.length > 1
          ? round(((late.usedMb - early.usedMb) / early.usedMb) * 100, 1)
          : null,
    },
    pageErrors: errors.slice(0, 5),
  };
}

if (flags.build !== '0') {
  // The bench measures the UI as built now, not whatever out/renderer holds.
  const built = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`electron-vite build failed:\n${built.stderr}`);
}
const sim = await startSimServer({ hosts: HOSTS - 1, intervalMs: INTERVAL_MS });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});
try {
  const board = await measure(browser, sim.url, '1', SECONDS);
  const naive = BASELINE_SECONDS > 0 ? await measure(browser, sim.url, 'naive', BASELINE_SECONDS) : null;
  const states = sim.engine.hosts.board().reduce<Record<string, number>>((acc, e) => {
    acc[e.health.state] = (acc[e.health.state] ?? 0) + 1;
    return acc;
  }, {});
  const result = {
    hosts: HOSTS,
    intervalMs: INTERVAL_MS,
    viewport: VIEWPORT,
    warmupSeconds: WARMUP_SECONDS,
    chromium: browser.version(),
    statesAtEnd: states,
    board,
    naive,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await browser.close();
  await sim.stop();
}
