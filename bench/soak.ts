import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { startSshd, type TestSshd } from '../electron/engine/ssh/testing/sshd';
import { CHROMIUM_ARGS } from '../playwright.config';
import { parseArgs } from './harness';
import { accountPolls, pollsBetween, type PollAccount } from './soakPolls';
import { establishedTo, fileMiB, Inspector, openFds, rssMiB, walLogMiB, type Descriptors } from './soakProbe';
import { addSoakHosts, startServe, type ServeProcess } from './soakServer';
import { trend } from './soakTrend';

/**
 * Soak: a real `greenboard serve` (bin/greenboard.js, its own process) with N SSH hosts and a
 * Chromium tab open on the board, for `minutes`. Every `sampleSeconds` (60, or 10 under five
 * minutes) it samples the server from outside: RSS and descriptors from /proc, JS heap after a
 * forced GC and event-loop delay p99 through the V8 inspector, the WAL's size, the polls the
 * store recorded, and the tab's JS heap. Trends are fitted after the warm-up (5 minutes, or
 * 10% of a shorter soak). Prints one JSON line (run.mjs judges and formats it).
 *
 * Hosts: one real OpenSSH sshd on 127.0.0.1 and N host entries pointing at it. Each entry is
 * its own SSH connection and login (sshd forks a process per connection), so the server holds
 * what a fleet of N would cost it; one listener means one host key to trust and N fewer
 * listener processes on a 2-core machine. The simulator (simCollector.ts) is not used: it
 * would leave the SSH client, its buffers and sockets, out of a test about leaks.
 *
 *   node --import tsx bench/soak.ts --minutes=60 [--hosts=50] [--interval=5000]
 *     [--sampleSeconds=60] [--build=1]
 */
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const { flags } = parseArgs();
const num = (k: string, d: number): number =>
  Number.isFinite(Number(flags[k])) && flags[k] ? Number(flags[k]) : d;
const MINUTES = num('minutes', 60);
const HOSTS = num('hosts', 50);
const INTERVAL_MS = num('interval', 5000);
const SAMPLE_S = num('sampleSeconds', MINUTES < 5 ? 10 : 60);
const WARMUP_S = Math.min(300, MINUTES * 6);
/** Polls are written within 100 ms of finishing (historyWriter.ts); count up to this long ago. */
const COUNT_LAG_MS = 2000;
const BOARD_TIMEOUT_MS = 120_000;
const MiB = 2 ** 20;

const round = (x: number, d = 2): number => Number(x.toFixed(d));
const log = (m: string): void => void process.stderr.write(`soak: ${m}\n`);

interface Sample {
  atS: number;
  rssMiB: number;
  heapMiB: number;
  fds: number;
  fdKinds: Omit<Descriptors, 'total'>;
  walMiB: number;
  /** Bytes of log since the WAL last restarted; walMiB is that file's high-water mark. */
  walLogMiB: number | null;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  /** Polls of the SSH hosts stored since the previous sample, per second; null at 0 s. */
  pollsPerSecond: number | null;
  sshConnections: number;
  tabHeapMiB: number;
  /** This machine's 1-minute load average: the soak shares its cores with whatever else runs. */
  loadavg1: number;
}

async function tabHeapMiB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return round(usedSize / MiB);
}

/** Every host (the SSH ones and this machine) counted in the board's summary bar. */
async function waitForBoard(page: Page, hosts: number): Promise<void> {
  // Polled with evaluate and a string: the page's CSP refuses the eval waitForFunction needs.
  const counted = `[...document.querySelectorAll('[data-testid^="summary-"]:not([data-testid^="summary-filter"])')]
    .reduce((n, e) => n + Number(e.textContent), 0)`;
  for (const until = Date.now() + BOARD_TIMEOUT_MS; (await page.evaluate<number>(counted)) !== hosts;) {
    if (Date.now() > until) throw new Error(`The board did not show ${hosts} hosts within 120 s.`);
    await sleep(250);
  }
}

/** The summary bar's figures by state, e.g. { green: 51, amber: 0, red: 0, grey: 0, waiting: 0 }. */
function boardSummary(page: Page): Promise<Record<string, number>> {
  return page.evaluate<Record<string, number>>(`Object.fromEntries(
    [...document.querySelectorAll('[data-testid^="summary-"]:not([data-testid^="summary-filter"])')]
      .map((e) => [e.getAttribute('data-testid').slice('summary-'.length), Number(e.textContent)]))`);
}

async function soak(serve: ServeProcess, dbPath: string, sshdPort: number, names: string[], page: Page) {
  const inspector = await Inspector.connect(serve.inspectorUrl);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const samples: Sample[] = [];
  try {
    await inspector.startEventLoopDelay();
    const t0 = Date.now();
    let prev = t0;
    const take = async (): Promise<void> => {
      const now = Date.now();
      // Delay first, then the forced GC, then reset: the GC's pause is the soak's, not the server's.
      const eld = await inspector.readEventLoopDelay();
      const heapMiB = await inspector.heapAfterGcMiB();
      await inspector.resetEventLoopDelay();
      const { total: fds, ...fdKinds } = openFds(serve.pid);
      const polls = now > prev ? pollsBetween(dbPath, names, prev - COUNT_LAG_MS, now - COUNT_LAG_MS) : null;
      samples.push({
        atS: round((now - t0) / 1000, 1),
        rssMiB: rssMiB(serve.pid),
        heapMiB,
        fds,
        fdKinds,
        walMiB: fileMiB(`${dbPath}-wal`),
        walLogMiB: walLogMiB(dbPath),
        eventLoopP99Ms: eld.p99Ms,
        eventLoopMaxMs: eld.maxMs,
        pollsPerSecond: polls === null ? null : round(polls / ((now - prev) / 1000)),
        sshConnections: establishedTo(sshdPort),
        tabHeapMiB: await tabHeapMiB(cdp),
        loadavg1: round(loadavg()[0] ?? 0),
      });
      prev = now;
      const s = samples.at(-1)!;
      log(
        `${s.atS} s: rss ${s.rssMiB} MiB, heap ${s.heapMiB} MiB, fds ${s.fds}, wal ${s.walMiB} MiB, ` +
          `eld p99 ${s.eventLoopP99Ms} ms, polls/s ${s.pollsPerSecond ?? '-'}, ssh ${s.sshConnections}`,
      );
    };
    const end = t0 + MINUTES * 60_000;
    await take();
    for (let k = 1; ; k++) {
      const due = Math.min(end, t0 + k * SAMPLE_S * 1000);
      await sleep(Math.max(0, due - Date.now()));
      await take();
      if (due >= end) break;
    }
    return { t0, tEnd: Date.now(), samples, boardAtEnd: await boardSummary(page) };
  } finally {
    inspector.close();
  }
}

function summarise(samples: Sample[], polls: PollAccount) {
  const after = samples.filter((s) => s.atS >= WARMUP_S);
  const ts = after.map((s) => s.atS);
  const of = (k: Exclude<keyof Sample, 'fdKinds' | 'loadavg1'>): number[] => after.map((s) => s[k] ?? 0);
  const rates = after.flatMap((s) => (s.pollsPerSecond === null ? [] : [s.pollsPerSecond]));
  const p99s = of('eventLoopP99Ms').sort((a, b) => a - b);
  return {
    afterWarmupSamples: after.length,
    rssMiB: trend(ts, of('rssMiB')),
    heapMiB: trend(ts, of('heapMiB')),
    fds: trend(ts, of('fds')),
    walMiB: trend(ts, of('walMiB')),
    walLogMiB: trend(ts, of('walLogMiB')),
    tabHeapMiB: trend(ts, of('tabHeapMiB')),
    eventLoopP99Ms: {
      median: p99s[Math.floor(p99s.length / 2)] ?? null,
      max: p99s.at(-1) ?? null,
    },
    pollsPerSecond: {
      expected: round((HOSTS * 1000) / INTERVAL_MS),
      mean: rates.length ? round(rates.reduce((a, b) => a + b, 0) / rates.length) : null,
      min: rates.length ? Math.min(...rates) : null,
    },
    polls,
  };
}

function buildUi(): void {
  // The soak measures the UI as built now, not whatever out/renderer holds.
  const built = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`electron-vite build failed:\n${built.stderr}`);
}

let sshd: TestSshd | undefined;
let serve: ServeProcess | undefined;
let browser: Browser | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'greenboard-soak-'));
const dbPath = join(dataDir, 'greenboard.sqlite');
// Last resort if this process is ended from outside: no server or sshd outlives it.
process.once('exit', () => serve?.killNow());
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log(`${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });

async function cleanup(): Promise<void> {
  await browser?.close().catch(() => undefined);
  browser = undefined;
  await serve?.stop();
  await sshd?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

try {
  if (flags.build !== '0') buildUi();
  sshd = await startSshd();
  log(`sshd on 127.0.0.1:${sshd.port}; adding ${HOSTS} hosts polled every ${INTERVAL_MS} ms`);
  const names = await addSoakHosts(dataDir, sshd, HOSTS, INTERVAL_MS);
  serve = await startServe(dataDir);
  log(`greenboard serve pid ${serve.pid}; opening the board in Chromium`);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(serve.url);
  await waitForBoard(page, HOSTS + 1);
  log(`board shows ${HOSTS + 1} hosts; soaking for ${MINUTES} min, a sample every ${SAMPLE_S} s`);
  const run = await soak(serve, dbPath, sshd.port, names, page);
  const chromiumVersion = browser.version();
  await browser.close();
  browser = undefined;
  await serve.stop();
  const polls = accountPolls(dbPath, names, INTERVAL_MS, run.t0 + WARMUP_S * 1000, run.tEnd);
  const result = {
    minutes: MINUTES,
    hosts: HOSTS,
    intervalMs: INTERVAL_MS,
    sampleSeconds: SAMPLE_S,
    warmupSeconds: WARMUP_S,
    hostsSetup:
      `real OpenSSH: one sshd on 127.0.0.1:${sshd.port} and ${HOSTS} host entries (soak-01..) pointing at it, ` +
      'each its own SSH connection and login; one listener, one host key to trust. Every host is this ' +
      'machine, so its load sets their colour',
    chromium: chromiumVersion,
    boardAtEnd: run.boardAtEnd,
    pageErrors: pageErrors.slice(0, 5),
    summary: summarise(run.samples, {
      ...polls,
      // When, on the samples' clock, so a gap can be set beside the load and delay around it.
      worstGaps: polls.worstGaps.map((g) => ({ ...g, endedAtMs: g.endedAtMs - run.t0 })),
    }),
    samples: run.samples,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (err) {
  if (serve) log(`server stderr:\n${serve.stderrTail()}`);
  throw err;
} finally {
  await cleanup();
}
