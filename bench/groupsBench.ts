// Groups benchmark, two parts, each against a naive way in the same run:
// 1. Reading an nginx balancer: the new bytes of its access log since the last poll (by offset,
//    as BalancerReader does) against reading the whole log every poll and counting it again.
//    A real log file on disk, grown by --append lines between polls, read through the same
//    local runner the engine uses for this machine.
// 2. Judging groups: --hosts hosts in groups of 10, every group evaluated (spreads, shares,
//    readings, the rule engine) against reading each member's last sample back from SQLite per
//    group and evaluating the same figures.
// Prints one JSON line (run.mjs formats it). Args: --lines=N (log size at start), --append=N,
// --polls=N, --hosts=N, --evals=N.
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BalancerSchema } from '../shared/groups';
import { runLocal } from '../electron/engine/diagnostics/runLocal';
import { BalancerReader } from '../electron/engine/groups/balancerRead';
import { countUpstreams } from '../electron/engine/groups/balancerParse';
import { GroupService } from '../electron/engine/groups/groupService';
import { memberSpreads, sampleBalance } from '../electron/engine/groups/groupReadings';
import { FakeClock, makeSample } from '../electron/engine/testing/fakes';
import { testAlerting, testContext } from '../electron/engine/testing/testContext';

const arg = (k: string, d: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${k}=`));
  return a ? Number(a.split('=')[1]) : d;
};
const LINES = arg('lines', 200_000);
const APPEND = arg('append', 2_000);
const POLLS = arg('polls', 20);
const HOSTS = arg('hosts', 500);
const EVALS = arg('evals', 50);
const dir = mkdtempSync(join(tmpdir(), 'gb-bench-groups-'));
const exec = { exec: runLocal };

const ups = ['10.0.0.11:8080', '10.0.0.12:8080', '10.0.0.13:8080'];
function logLines(n: number, from: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const k = from + i;
    s += `10.1.${k % 200}.${k % 250} [07/Dec/2026:10:00:00 +0000] "GET /api/items/${k} HTTP/1.1" 200 ua=${ups[k % 3]} urt=0.00${k % 9}\n`;
  }
  return s;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function balancerPart(): Promise<Record<string, unknown>> {
  const log = join(dir, 'access.log');
  writeFileSync(log, logLines(LINES, 0));
  const reader = new BalancerReader(BalancerSchema.parse({ kind: 'nginx', hostId: 'local', accessLog: log }));
  await reader.read(exec, 0); // the baseline: learns the size only
  const ours: number[] = [];
  const naive: number[] = [];
  let written = LINES;
  let oursCounted = 0;
  let naiveBytes = 0;
  let newBytes = 0;
  for (let p = 0; p < POLLS; p++) {
    const before = statSync(log).size;
    appendFileSync(log, logLines(APPEND, written));
    newBytes += statSync(log).size - before;
    written += APPEND;
    let t = performance.now();
    const r = await reader.read(exec, p + 1);
    ours.push(performance.now() - t);
    oursCounted += [...(r.delta?.values() ?? [])].reduce((a, b) => a + b, 0);
    // The naive way: the whole log every poll, counted again (and the difference taken).
    t = performance.now();
    const all = await runLocal(['cat', log], 10_000, { maxBytes: 1 << 30 });
    countUpstreams(all.stdout);
    naive.push(performance.now() - t);
    naiveBytes += all.stdout.length;
  }
  const size = statSync(log).size;
  return {
    logBytesAtEnd: size,
    linesPerPoll: APPEND,
    polls: POLLS,
    countedAll: oursCounted === APPEND * POLLS,
    offset: { msMedian: median(ours), bytesPerPoll: Math.round(newBytes / POLLS) },
    fullScan: { msMedian: median(naive), bytesPerPoll: Math.round(naiveBytes / POLLS) },
    ratioFullScanToOffset: Number((median(naive) / Math.max(median(ours), 1e-6)).toFixed(1)),
  };
}

async function evaluatePart(): Promise<Record<string, unknown>> {
  const clock = new FakeClock();
  const ctx = testContext({ dataDir: dir, clock });
  const alerting = testAlerting(ctx);
  const groups = new GroupService(ctx, { alerting, runnerOf: () => 'none' });
  const groupCount = Math.ceil(HOSTS / 10);
  for (let i = 0; i < HOSTS; i++) {
    const id = `h-${i}`;
    const host = { id, name: id, kind: 'ssh' as const, intervalMs: 5000, tags: [`g${i % groupCount}`] };
    const sample = makeSample(id, clock.now(), {
      cpu: { cores: 4, busyPct: 20 + (i % 60), iowaitPct: 0, stealPct: 0 },
    });
    ctx.writer.add(sample);
    const st = ctx.hosts.mount(host, sample);
    st.health = { ...st.health, state: 'green' };
  }
  ctx.writer.flush();
  groups.evaluate(); // warm
  const ours: number[] = [];
  for (let e = 0; e < EVALS; e++) {
    const t = performance.now();
    groups.evaluate();
    ours.push(performance.now() - t);
  }
  // The naive way: each group reads its members' last samples back from the store, then the same figures.
  const naive: number[] = [];
  const tags = groups.tags();
  for (let e = 0; e < EVALS; e++) {
    const t = performance.now();
    for (const tag of tags) {
      const members = ctx.store
        .latestSamples()
        .filter((x) => ctx.hosts.find(x.hostId)?.host.tags.includes(tag))
        .map((x) => ({ hostId: x.hostId, name: x.hostId, sample: x }));
      memberSpreads(members);
      sampleBalance(members, () => 1, new Map());
    }
    naive.push(performance.now() - t);
  }
  groups.stop();
  await alerting.stop();
  await ctx.close();
  return {
    hosts: HOSTS,
    groups: groupCount,
    evals: EVALS,
    engine: { msMedian: median(ours), cpuPctOfCoreAt5s: Number(((median(ours) / 5000) * 100).toFixed(3)) },
    storeReadPerGroup: { msMedian: median(naive) },
    ratioNaiveToEngine: Number((median(naive) / Math.max(median(ours), 1e-6)).toFixed(1)),
  };
}

try {
  const balancer = await balancerPart();
  const evaluate = await evaluatePart();
  process.stdout.write(`${JSON.stringify({ balancer, evaluate })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
