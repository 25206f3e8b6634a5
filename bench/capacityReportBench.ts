// Capacity report benchmark: a 30-day report of a 50-host group, read from the rollup tiers and
// written as HTML and as Markdown, against a naive way in the same run: the same peaks and 95th
// percentiles from every raw row of the 30 days (each member's polls read back and sorted).
// Prints one JSON line. Args: --hosts=N (50), --days=D (30), --pollMinutes=P (5), --runs=R (5).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '../shared/schemas';
import { buildReport } from '../electron/engine/groups/report/buildReport';
import { readReportData } from '../electron/engine/groups/report/reportData';
import { renderHtml } from '../electron/engine/groups/report/renderHtml';
import { renderMarkdown } from '../electron/engine/groups/report/renderMarkdown';
import { Store } from '../electron/engine/store/store';
import { makeSample } from '../shared/sampleFixture';

const arg = (k: string, d: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${k}=`));
  return a ? Number(a.split('=')[1]) : d;
};
const HOSTS = arg('hosts', 50);
const DAYS = arg('days', 30);
const POLL_MS = arg('pollMinutes', 5) * 60_000;
const RUNS = Math.max(2, arg('runs', 6));
const DAY = 86_400_000;
const GIB = 2 ** 30;
const END = Date.UTC(2026, 2, 1);
const FROM = END - DAYS * DAY;
const dir = mkdtempSync(join(tmpdir(), 'gb-bench-capreport-'));

/** A member's poll: a daily CPU rhythm, growing slowly, each host a little different; one disk. */
function sampleOf(h: number, ts: number): Sample {
  const days = (ts - FROM) / DAY;
  const hour = (((ts % DAY) + DAY) % DAY) / 3_600_000;
  const cpu = 25 + (h % 7) * 3 + 20 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI)) + 0.3 * days;
  const used = 100 + ((h % 5) * 0.8 + 0.1) * days;
  return makeSample(`web-${h}`, ts, {
    cpu: { cores: 8, busyPct: Math.min(100, cpu), iowaitPct: 1, stealPct: 0 },
    load: [cpu / 20, cpu / 20, cpu / 20],
    disks: [
      {
        mount: '/',
        fs: 'ext4',
        totalBytes: 200 * GIB,
        usedBytes: used * GIB,
        usedPct: used / 2,
        inodesUsedPct: 10,
      },
    ],
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let store = new Store(join(dir, 'greenboard.sqlite'));
const members = Array.from({ length: HOSTS }, (_, h) => ({ hostId: `web-${h}`, name: `web-${h}` }));
for (const m of members)
  store.upsertHost({ id: m.hostId, name: m.name, kind: 'local', intervalMs: POLL_MS, tags: ['web'] }, 0);
const t0 = performance.now();
let polls = 0;
for (let ts = FROM; ts <= END; ts += POLL_MS) {
  store.writeSamples(members.map((_, h) => sampleOf(h, ts)));
  polls += HOSTS;
}
const writeMs = performance.now() - t0;
// As the engine runs: the WAL checkpointed, and the store opened afresh (an empty SQLite cache).
store.db.pragma('wal_checkpoint(TRUNCATE)');
store.close();
store = new Store(join(dir, 'greenboard.sqlite'));

const report = { html: [] as number[], md: [] as number[], read: [] as number[], bytes: { html: 0, md: 0 } };
let tier = '';
let p95 = 0;
for (let r = 0; r < RUNS; r++) {
  const a = performance.now();
  const data = readReportData(store, 'web', members, FROM, END, END);
  const b = performance.now();
  const model = buildReport(data);
  const html = renderHtml(model);
  const c = performance.now();
  const md = renderMarkdown(buildReport(data));
  const d = performance.now();
  report.read.push(b - a);
  report.html.push(c - a);
  report.md.push(b - a + (d - c));
  report.bytes = { html: Buffer.byteLength(html), md: Buffer.byteLength(md) };
  tier = data.tier;
  p95 = model.group.cpu?.p95 ?? NaN;
}

// Naive: every raw poll of every member read back (one bucket per poll forces the raw rows),
// each member's values sorted for its p95 and scanned for its peak.
const naive: number[] = [];
let naiveRows = 0;
for (let r = 0; r < Math.min(RUNS, 3); r++) {
  const a = performance.now();
  naiveRows = 0;
  for (const m of members) {
    const n = Math.ceil((END - FROM + 1) / POLL_MS);
    const res = store.range(
      m.hostId,
      [{ metric: 'cpu.busy_pct', labels: '' }],
      FROM,
      FROM + n * POLL_MS - 1,
      n,
    );
    const xs = res.series[0]!.map(([, v]) => v).sort((x, y) => x - y);
    naiveRows += xs.length;
    void xs[Math.ceil(0.95 * xs.length) - 1];
    void Math.max(...res.series[0]!.map(([, , , max]) => max));
  }
  naive.push(performance.now() - a);
}
store.close();
rmSync(dir, { recursive: true, force: true });

// The first run reads with SQLite's cache empty; the median is of the runs after it.
const first = report.html.shift() ?? NaN;
report.md.shift();
report.read.shift();
const html = median(report.html);
process.stdout.write(
  `${JSON.stringify({
    hosts: HOSTS,
    days: DAYS,
    polls,
    writeMs,
    tier,
    groupCpuP95: p95,
    report: {
      firstHtmlMs: first,
      readMsMedian: median(report.read),
      htmlMsMedian: html,
      mdMsMedian: median(report.md),
      htmlBytes: report.bytes.html,
      mdBytes: report.bytes.md,
    },
    naive: { msMedian: median(naive), rawRows: naiveRows, cpuOnly: true },
    ratioNaiveToReport: median(naive) / html,
  })}\n`,
);
