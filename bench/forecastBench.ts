// Forecast benchmark: disk, inode and memory forecasts for every host of a fleet from 30 days of
// rollups in the real Store, against a naive way in the same run: the same Theil–Sen fit over
// every raw row of the 30 days, read from a plain narrow table (host, metric, labels, ts, value).
// Prints one JSON line (run.mjs formats it). Args: --hosts=N (500), --mounts=M (10),
// --days=D (30), --pollMinutes=P (60: the poll interval written), --naiveHosts=K (5), --runs=R (5).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Sample } from '../shared/schemas';
import type { BucketGrid } from '../electron/engine/forecast/bucketGrid';
import { hostForecasts } from '../electron/engine/forecast/hostForecasts';
import { theilSen } from '../electron/engine/forecast/theilSen';
import { Store } from '../electron/engine/store/store';
import { makeSample } from '../shared/sampleFixture';

const arg = (k: string, d: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${k}=`));
  return a ? Number(a.split('=')[1]) : d;
};
const HOSTS = arg('hosts', 500);
const MOUNTS = arg('mounts', 10);
const DAYS = arg('days', 30);
const POLL_MS = arg('pollMinutes', 60) * 60_000;
const NAIVE_HOSTS = Math.min(HOSTS, arg('naiveHosts', 5));
const RUNS = arg('runs', 5);
const DAY = 86_400_000;
const GIB = 2 ** 30;
const NOW = Date.UTC(2026, 2, 1);
const dir = mkdtempSync(join(tmpdir(), 'gb-bench-forecast-'));

/** Each mount fills at its own pace (some not at all), with noise and a nightly burst on a few. */
function sampleOf(h: number, ts: number): Sample {
  const days = (ts - NOW) / DAY;
  const disks = Array.from({ length: MOUNTS }, (_, m) => {
    const rate = ((h * 7 + m * 3) % 11) * 0.4; // 0 .. 4 GiB a day
    const burst = m % 4 === 0 && ((ts % DAY) + DAY) % DAY < 3_600_000 ? 15 : 0;
    const used = Math.min(499, 200 + rate * days + burst + Math.sin(ts / 7e6 + m) * 0.5);
    return {
      mount: m === 0 ? '/' : `/data${m}`,
      fs: 'ext4',
      totalBytes: 500 * GIB,
      usedBytes: Math.max(1, used) * GIB,
      usedPct: (Math.max(1, used) / 500) * 100,
      inodesUsedPct: 20 + ((h + m) % 5) * (days + DAYS) * 0.05,
    };
  });
  const memUsed = (4 + ((h % 3) * 0.2 * (days + DAYS)) / DAYS) * GIB;
  return makeSample(`h${h}`, ts, {
    mem: { totalBytes: 16 * GIB, usedBytes: memUsed, availableBytes: 16 * GIB - memUsed },
    disks,
  });
}

function build(): { store: Store; narrow: Database.Database; writeMs: number; polls: number } {
  const store = new Store(join(dir, 'greenboard.sqlite'));
  const narrow = new Database(join(dir, 'narrow.sqlite'));
  narrow.pragma('journal_mode = WAL');
  narrow.pragma('synchronous = NORMAL');
  narrow.exec(
    'CREATE TABLE samples (host TEXT, metric TEXT, labels TEXT, ts INTEGER, value REAL, PRIMARY KEY (host, metric, labels, ts)) WITHOUT ROWID',
  );
  const insert = narrow.prepare('INSERT INTO samples VALUES (?, ?, ?, ?, ?)');
  const narrowTx = narrow.transaction((batch: Sample[]) => {
    for (const s of batch) {
      for (const d of s.disks) {
        const labels = `mount=${d.mount}`;
        insert.run(s.hostId, 'disk.used_bytes', labels, s.ts, d.usedBytes);
        insert.run(s.hostId, 'disk.total_bytes', labels, s.ts, d.totalBytes);
        insert.run(s.hostId, 'disk.inodes_used_pct', labels, s.ts, d.inodesUsedPct ?? 0);
      }
      insert.run(s.hostId, 'mem.used_bytes', '', s.ts, s.mem.usedBytes);
      insert.run(s.hostId, 'mem.total_bytes', '', s.ts, s.mem.totalBytes);
    }
  });
  for (let h = 0; h < HOSTS; h++)
    store.upsertHost({ id: `h${h}`, name: `h${h}`, kind: 'local', intervalMs: POLL_MS, tags: [] }, 0);
  const t0 = performance.now();
  let polls = 0;
  for (let ts = NOW - DAYS * DAY; ts <= NOW; ts += POLL_MS) {
    const sweep = Array.from({ length: HOSTS }, (_, h) => sampleOf(h, ts));
    store.writeSamples(sweep);
    narrowTx(sweep.slice(0, NAIVE_HOSTS));
    polls += sweep.length;
  }
  return { store, narrow, writeMs: performance.now() - t0, polls };
}

/**
 * Greenboard's way: every host's forecasts from the rollup tiers. `grids` given: the 15-minute
 * refresh (series far from their limit screened, each host's week of buckets kept between runs);
 * null: every series fully fitted from a full read, as forecasts:host does for one host.
 */
function greenboard(
  store: Store,
  grids: Map<string, BucketGrid> | null,
): { ms: number; forecasts: number; amberOrRed: number } {
  // The engine holds every host's latest sample in memory; reading them is not the forecast's work.
  const hosts = (latestOf ??= store.latestSamples());
  const t0 = performance.now();
  let forecasts = 0;
  let amberOrRed = 0;
  for (const latest of hosts) {
    const out = hostForecasts(
      store,
      latest.hostId,
      latest.disks.map((d) => d.mount),
      latest.mem.totalBytes > 0,
      NOW,
      grids
        ? {
            quick: true,
            earlier: grids.get(latest.hostId) ?? null,
            keep: (g) => grids.set(latest.hostId, g),
          }
        : {},
    );
    forecasts += out.length;
    for (const f of out) if (f.state !== 'green') amberOrRed++;
  }
  return { ms: performance.now() - t0, forecasts, amberOrRed };
}

/** The naive way for one host: every raw row of the 30 days per series, fitted as they are. */
function naiveHost(narrow: Database.Database, host: string): number {
  const series = narrow
    .prepare(
      "SELECT DISTINCT metric, labels FROM samples WHERE host = ? AND metric IN ('disk.used_bytes', 'disk.inodes_used_pct', 'mem.used_bytes')",
    )
    .all(host) as { metric: string; labels: string }[];
  const rows = narrow.prepare(
    'SELECT ts, value FROM samples WHERE host = ? AND metric = ? AND labels = ? AND ts >= ? ORDER BY ts',
  );
  let fits = 0;
  for (const s of series) {
    const r = rows.all(host, s.metric, s.labels, NOW - DAYS * DAY) as { ts: number; value: number }[];
    const xs = Float64Array.from(r, (p) => (p.ts - NOW) / DAY);
    const ys = Float64Array.from(r, (p) => p.value);
    if (theilSen(xs, ys)) fits++;
  }
  return fits;
}

let latestOf: Sample[] | undefined;

const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;

try {
  const { store, narrow, writeMs, polls } = build();
  // The first refresh reads every host's week of buckets (and a cold page cache): kept apart.
  const grids = new Map<string, BucketGrid>();
  const coldMs = greenboard(store, grids).ms;
  const runs: number[] = [];
  const fullRuns: number[] = [];
  let last = greenboard(store, grids);
  let full = greenboard(store, null);
  for (let i = 0; i < RUNS; i++) {
    last = greenboard(store, grids);
    runs.push(last.ms);
    full = greenboard(store, null);
    fullRuns.push(full.ms);
  }
  const naiveRuns: number[] = [];
  for (let i = 0; i < Math.max(1, Math.floor(RUNS / 2)); i++) {
    const t0 = performance.now();
    for (let h = 0; h < NAIVE_HOSTS; h++) naiveHost(narrow, `h${h}`);
    naiveRuns.push(performance.now() - t0);
  }
  const gbMs = median(runs);
  const naivePerHostMs = median(naiveRuns) / NAIVE_HOSTS;
  const naiveFleetMs = naivePerHostMs * HOSTS;
  store.close();
  narrow.close();
  console.log(
    JSON.stringify({
      hosts: HOSTS,
      mounts: MOUNTS,
      days: DAYS,
      pollMinutes: POLL_MS / 60_000,
      polls,
      writeSeconds: Number((writeMs / 1000).toFixed(1)),
      forecasts: last.forecasts,
      amberOrRed: last.amberOrRed,
      amberOrRedFull: full.amberOrRed,
      // Every series fully fitted (what forecasts:host does for the one host a page shows).
      fullFits: { p50Ms: Number(median(fullRuns).toFixed(1)) },
      // The 15-minute refresh: series far from their limit are screened, the rest fully fitted.
      greenboard: {
        coldMs: Number(coldMs.toFixed(1)),
        p50Ms: Number(gbMs.toFixed(1)),
        minMs: Number(Math.min(...runs).toFixed(1)),
        maxMs: Number(Math.max(...runs).toFixed(1)),
        perHostMs: Number((gbMs / HOSTS).toFixed(3)),
      },
      naive: {
        hostsMeasured: NAIVE_HOSTS,
        perHostMs: Number(naivePerHostMs.toFixed(1)),
        fleetMsEstimated: Math.round(naiveFleetMs),
        rawPointsPerSeries: Math.floor((DAYS * DAY) / POLL_MS) + 1,
      },
      ratioNaiveToGreenboard: Number((naiveFleetMs / gbMs).toFixed(1)),
    }),
  );
} finally {
  if (process.env.BENCH_FORECAST_KEEP) process.stderr.write(`kept ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}
