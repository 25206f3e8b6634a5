// Store benchmark: Greenboard's packed, tiered history against a plain narrow table
// (host, metric, ts, value) in the same run, on real SQLite files in a temp folder.
// Prints one JSON line (run.mjs formats it). Args: --sweeps=N (ingest sweeps of 50 hosts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { flattenSample } from '../shared/metrics';
import type { Sample } from '../shared/schemas';
import { DEFAULT_SETTINGS } from '../electron/engine/settingsFile';
import { Store } from '../electron/engine/store/store';
import { TIERS } from '../electron/engine/store/rollups';
import { WalCheckpointer } from '../electron/engine/store/walCheckpointer';
import { PRUNE_ROWS_PER_STEP } from '../electron/engine/historyWriter';

const arg = (k: string, d: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${k}=`));
  return a ? Number(a.split('=')[1]) : d;
};
const SWEEPS = arg('sweeps', 600);
const HOSTS = 50;
const INTERVAL = 5000;
const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'gb-bench-store-'));
const T0 = Date.UTC(2026, 0, 1);

/** A host's polls as a random walk: what a real server's numbers look like from poll to poll. */
class HostSim {
  private cpu = 20 + Math.random() * 30;
  private mem = 4 + Math.random() * 8;
  private disk = 40 + Math.random() * 40;
  private uptime = Math.floor(Math.random() * 3e6);
  constructor(readonly id: string) {}
  next(ts: number): Sample {
    const walk = (v: number, step: number, lo: number, hi: number): number =>
      Math.min(hi, Math.max(lo, v + (Math.random() - 0.5) * step));
    this.cpu = walk(this.cpu, 8, 0, 100);
    this.mem = walk(this.mem, 0.05, 1, 15);
    this.disk = walk(this.disk, 0.001, 1, 99);
    this.uptime += 5;
    const rate = (base: number): number => Math.round(base * Math.random() ** 2);
    return {
      hostId: this.id,
      ts,
      pollMs: 8 + Math.random() * 10,
      connectMs: 0.4 + Math.random() * 0.2,
      cpu: { cores: 8, busyPct: this.cpu, iowaitPct: Math.random() * 2, stealPct: 0 },
      load: [this.cpu / 12, this.cpu / 13, this.cpu / 14],
      mem: {
        totalBytes: 16 * 2 ** 30,
        usedBytes: this.mem * 2 ** 30,
        availableBytes: (16 - this.mem) * 2 ** 30,
      },
      swap: { totalBytes: 2 ** 31, usedBytes: 2 ** 24 },
      disks: [
        {
          mount: '/',
          fs: 'ext4',
          totalBytes: 100 * 2 ** 30,
          usedBytes: this.disk * 2 ** 30,
          usedPct: this.disk,
        },
        { mount: '/data', fs: 'xfs', totalBytes: 2 ** 41, usedBytes: 2 ** 40, usedPct: 50 },
      ],
      diskIo: { readBps: rate(2e6), writeBps: rate(5e6) },
      net: [
        { iface: 'eth0', rxBps: rate(1e6), txBps: rate(4e5) },
        { iface: 'eth1', rxBps: rate(1e4), txBps: rate(1e4) },
      ],
      uptimeSec: this.uptime,
      processCount: 180 + Math.floor(Math.random() * 20),
    };
  }
}

const hostDef = (id: string) => ({ id, name: id, kind: 'local' as const, intervalMs: INTERVAL, tags: [] });

function tableBytes(db: Database.Database, names: string[]): number {
  const rows = db.prepare('SELECT name, sum(pgsize) AS b FROM dbstat GROUP BY name').all() as {
    name: string;
    b: number;
  }[];
  return rows.filter((r) => names.includes(r.name)).reduce((a, r) => a + r.b, 0);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function timeIt(fn: () => unknown, runs: number): { medianMs: number; maxMs: number } {
  fn(); // warm: statement caches, pages
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    fn();
    t.push(performance.now() - a);
  }
  return { medianMs: median(t), maxMs: Math.max(...t) };
}

class Narrow {
  readonly db: Database.Database;
  private readonly insert;
  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db
      .exec(`CREATE TABLE samples (host TEXT NOT NULL, metric TEXT NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL);
      CREATE INDEX samples_by_series ON samples (host, metric, ts);`);
    this.insert = this.db.prepare('INSERT INTO samples (host, metric, ts, value) VALUES (?, ?, ?, ?)');
  }
  write = (batch: Sample[]): void =>
    this.db.transaction(() => {
      for (const s of batch)
        for (const [m, l, v] of flattenSample(s)) this.insert.run(s.hostId, l ? `${m}{${l}}` : m, s.ts, v);
    })();
}

// 1. Ingest: sweeps of 50 hosts, one transaction each, like the engine's batched writer.
interface IngestResult {
  values: number;
  valuesPerPoll: number;
  greenboard: {
    valuesPerSec: number;
    bytesPerValue: number;
    bytesPerPollRow: number;
    rollupRowBytes: Record<string, number | null>;
  };
  narrow: { valuesPerSec: number; bytesPerValue: number };
}

async function ingest(): Promise<IngestResult> {
  const sims = Array.from({ length: HOSTS }, (_, i) => new HostSim(`host-${i}`));
  const sweeps = Array.from({ length: SWEEPS }, (_, k) => sims.map((h) => h.next(T0 + k * INTERVAL)));
  const values = sweeps.reduce((n, sw) => n + sw.reduce((m, s) => m + flattenSample(s).length, 0), 0);
  // As the engine runs it: WAL checkpoints on a worker thread, not inside a write.
  const store = new Store(join(dir, 'ingest.sqlite'), { manualCheckpoints: true });
  const checkpointer = new WalCheckpointer(store.path);
  for (const h of sims) store.upsertHost(hostDef(h.id), 0);
  const narrow = new Narrow(join(dir, 'narrow.sqlite'));
  const run = (write: (b: Sample[]) => void) => {
    const per: number[] = [];
    const a = performance.now();
    for (const sw of sweeps) {
      const b = performance.now();
      write(sw);
      per.push(performance.now() - b);
    }
    const ms = performance.now() - a;
    per.sort((x, y) => x - y);
    return {
      valuesPerSec: Math.round(values / (ms / 1000)),
      sweepP50Ms: median(per),
      sweepMaxMs: per.at(-1),
    };
  };
  let sweepNo = 0;
  const gb = run((b) => {
    store.writeSamples(b);
    if (++sweepNo % 100 === 0) void checkpointer.checkpoint();
  });
  await checkpointer.checkpoint();
  await checkpointer.close();
  const nw = run(narrow.write);
  const rawBytes = tableBytes(store.db, ['raw']);
  const narrowBytes = tableBytes(narrow.db, ['samples', 'samples_by_series']);
  const rollupRowBytes = Object.fromEntries(
    TIERS.map((t) => {
      const rows = store.db.prepare(`SELECT count(*) FROM ${t.table}`).pluck().get() as number;
      return [t.name, rows ? tableBytes(store.db, [t.table]) / rows : null];
    }),
  );
  const rawRows = store.db.prepare('SELECT count(*) FROM raw').pluck().get() as number;
  store.close();
  narrow.db.close();
  return {
    values,
    valuesPerPoll: values / (SWEEPS * HOSTS),
    greenboard: {
      ...gb,
      bytesPerValue: rawBytes / values,
      bytesPerPollRow: rawBytes / rawRows,
      rollupRowBytes,
    },
    narrow: { ...nw, bytesPerValue: narrowBytes / values },
  };
}

// 2. A host's 30 days as kept under the default retention, and the chart query over it.
function chart(): Record<string, unknown> {
  const store = new Store(join(dir, 'month.sqlite'), { manualCheckpoints: true });
  store.upsertHost(hostDef('h'), 0);
  const sim = new HostSim('h');
  const end = T0 + 30 * DAY;
  const rawFrom = end - DEFAULT_SETTINGS.retentionDays.raw * DAY;
  // Older than the raw tier keeps: one poll a minute is enough to build the same rollup rows.
  let batch: Sample[] = [];
  const flush = () => {
    store.writeSamples(batch);
    batch = [];
  };
  for (let ts = T0; ts < end; ts += ts < rawFrom ? 60_000 : INTERVAL) {
    batch.push(sim.next(ts));
    if (batch.length === 500) flush();
  }
  flush();
  store.db.pragma('wal_checkpoint(TRUNCATE)'); // the engine's worker would have, meanwhile
  const pruneSteps: number[] = [];
  for (;;) {
    const a = performance.now();
    const n = store.pruneStep(end, DEFAULT_SETTINGS.retentionDays, PRUNE_ROWS_PER_STEP);
    pruneSteps.push(performance.now() - a);
    if (n === 0) break;
  }
  const series = [
    'cpu.busy_pct',
    'mem.used_pct',
    'load.1',
    'diskio.read_bps',
    'diskio.write_bps',
    'host.poll_ms',
  ].map((metric) => ({ metric, labels: '' }));
  let tier = '';
  const gb = timeIt(() => {
    const r = store.range('h', series, end - 30 * DAY, end, 1000);
    tier = r.tier;
    return r;
  }, 20);
  const week = timeIt(() => store.range('h', series, end - 7 * DAY, end, 1000), 20);
  const hour = timeIt(() => store.range('h', series, end - 3_600_000, end, 1000), 20);
  store.close();

  // The narrow table holds every 5 s value of those 6 series for the 30 days.
  const narrow = new Narrow(join(dir, 'narrow-month.sqlite'));
  const ins = narrow.db.prepare('INSERT INTO samples (host, metric, ts, value) VALUES (?, ?, ?, ?)');
  narrow.db.transaction(() => {
    for (let ts = T0; ts < end; ts += INTERVAL)
      for (const s of series) ins.run('h', s.metric, ts, Math.random() * 100);
  })();
  const bucket = Math.ceil((30 * DAY) / 1000);
  const q = narrow.db.prepare(
    `SELECT metric, (ts - @from) / @bucket AS b, avg(value), min(value), max(value) FROM samples
     WHERE host = 'h' AND metric IN ('cpu.busy_pct','mem.used_pct','load.1','diskio.read_bps','diskio.write_bps','host.poll_ms')
       AND ts BETWEEN @from AND @to GROUP BY metric, b`,
  );
  const nw = timeIt(() => q.all({ from: end - 30 * DAY, to: end, bucket }), 1);
  narrow.db.close();
  return {
    greenboard30d: { ...gb, tier },
    greenboard7d: week,
    greenboard1h: hour,
    narrow30d: nw,
    pruneStepMaxMs: Math.max(...pruneSteps),
    pruneStepP50Ms: median(pruneSteps),
    pruneSteps: pruneSteps.length,
  };
}

// 3. The board: every host's latest values, 500 hosts.
function board(): Record<string, unknown> {
  const store = new Store(join(dir, 'board.sqlite'));
  const narrow = new Narrow(join(dir, 'narrow-board.sqlite'));
  const sims = Array.from({ length: 500 }, (_, i) => new HostSim(`host-${i}`));
  for (const h of sims) store.upsertHost(hostDef(h.id), 0);
  for (let k = 0; k < 60; k++) {
    const sw = sims.map((h) => h.next(T0 + k * INTERVAL));
    store.writeSamples(sw);
    narrow.write(sw);
  }
  const gb = timeIt(() => store.latestSamples(), 20);
  const latest = narrow.db.prepare('SELECT host, metric, value, max(ts) FROM samples GROUP BY host, metric');
  const nw = timeIt(() => latest.all(), 5);
  store.close();
  narrow.db.close();
  return { hosts: 500, greenboard: gb, narrow: nw };
}

// 4. 50 hosts × 30 values every 5 s for 90 days, kept under the default retention.
function projection(ing: IngestResult): Record<string, unknown> {
  const d = DEFAULT_SETTINGS.retentionDays;
  const days = 90;
  const hosts = 50;
  const perValue = 30 / ing.valuesPerPoll; // scale the measured rows to exactly 30 values
  const rows = {
    raw: hosts * ((Math.min(days, d.raw) * DAY) / INTERVAL),
    '1m': hosts * Math.min(days, d['1m']) * 1440,
    '15m': hosts * Math.min(days, d['15m']) * 96,
    '1h': hosts * Math.min(days, d['1h']) * 24,
  };
  const g = ing.greenboard;
  const bytes =
    (rows.raw * g.bytesPerPollRow +
      rows['1m'] * (g.rollupRowBytes['1m'] ?? 0) +
      rows['15m'] * (g.rollupRowBytes['15m'] ?? g.rollupRowBytes['1m'] ?? 0) +
      rows['1h'] * (g.rollupRowBytes['1h'] ?? g.rollupRowBytes['1m'] ?? 0)) *
    perValue;
  const narrowBytes = hosts * 30 * ((days * DAY) / INTERVAL) * ing.narrow.bytesPerValue;
  return { rows, greenboardGiB: bytes / 2 ** 30, narrowGiB: narrowBytes / 2 ** 30 };
}

try {
  const ing = await ingest();
  const result = { ingest: ing, chart: chart(), board: board(), projection: projection(ing), sweeps: SWEEPS };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
