import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import si from 'systeminformation';
import { LinuxLocalCollector } from '../electron/engine/collectors/linuxLocal';
import { parseMounts } from '../electron/engine/procfs/parse';
import { Store } from '../electron/engine/store/store';
import { WalCheckpointer } from '../electron/engine/store/walCheckpointer';
import { parseArgs, summarize, type CallStats } from './harness';

/**
 * The cost in ms of each collector call, in-process, timed with performance.now().
 *
 * "Longest block" is how long the event loop could not turn during one call:
 * - sync calls block for their whole duration, so it is their max duration;
 * - async calls are run under a setImmediate probe that records the longest gap between two
 *   turns of the loop, which is the longest synchronous stretch (JS work, execSync, parsing)
 *   the call caused. The probe spins the loop, so do not read CPU figures from this script.
 *
 *   node --import tsx bench/collectorCalls.ts [--iterations=200] [--siIterations=10] [--warmupCalls=10]
 */
const args = parseArgs();
const iterations = Number(args.flags.iterations ?? 200);
const siIterations = Number(args.flags.siIterations ?? 10);
const warmupCalls = Number(args.flags.warmupCalls ?? 10);

interface CallResult extends CallStats {
  call: string;
  kind: 'sync' | 'async';
  maxBlockMs: number;
}

const results: CallResult[] = [];

function timeSync(call: string, n: number, fn: (i: number) => unknown): void {
  for (let i = 0; i < warmupCalls; i++) fn(i);
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn(i);
    ms.push(performance.now() - t0);
  }
  const s = summarize(ms);
  results.push({ call, kind: 'sync', ...s, maxBlockMs: s.maxMs });
}

/** Runs fn once under the loop-gap probe; returns [duration, longest gap] in ms. */
async function probed(fn: () => Promise<unknown>): Promise<[number, number]> {
  let last = performance.now();
  let maxGap = 0;
  let running = true;
  const tick = (): void => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const t0 = performance.now();
  await fn();
  const dur = performance.now() - t0;
  running = false;
  // Let the pending probe tick run once more so it sees the stretch that resolved fn.
  await new Promise<void>((r) => setImmediate(r));
  return [dur, maxGap];
}

async function timeAsync(call: string, n: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < Math.min(warmupCalls, n); i++) await fn(i);
  const ms: number[] = [];
  let maxBlock = 0;
  for (let i = 0; i < n; i++) {
    const [dur, gap] = await probed(() => fn(i));
    ms.push(dur);
    maxBlock = Math.max(maxBlock, gap);
  }
  results.push({ call, kind: 'async', ...summarize(ms), maxBlockMs: Number(maxBlock.toFixed(4)) });
}

// The engine's local collector, whole poll and parts.
const collector = new LinuxLocalCollector('local', () => Date.now());
await timeAsync('LinuxLocalCollector.collect()', iterations, () => collector.collect());
for (const f of ['stat', 'meminfo', 'loadavg', 'diskstats', 'net/dev', 'uptime']) {
  timeSync(`readFileSync /proc/${f}`, iterations, () => readFileSync(`/proc/${f}`, 'latin1'));
}
timeSync('readdirSync /proc (process count)', iterations, () => readdirSync('/proc').length);
timeSync('readFileSync+parse /proc/self/mounts (every 60 s)', iterations, () =>
  parseMounts(readFileSync('/proc/self/mounts', 'latin1')),
);
const mounts = parseMounts(readFileSync('/proc/self/mounts', 'latin1'));
await timeAsync("statfs('/')", iterations, () => statfs('/'));
await timeAsync(`statfs of all ${mounts.length} mounts (as collect() does)`, iterations, () =>
  Promise.allSettled(mounts.map((m) => statfs(m.mount))),
);

// One real sample written to a real SQLite file, a new timestamp per write: first with SQLite's
// automatic WAL checkpoint (the naive way: every ~1000 pages a commit flushes the WAL on the
// main thread), then as the engine runs it, with checkpoints on a worker thread.
const dir = mkdtempSync(join(tmpdir(), 'greenboard-bench-'));
try {
  await collector.collect();
  const sample = await collector.collect(); // second poll: has rates, so every metric is present
  for (const manual of [false, true]) {
    const store = new Store(join(dir, `greenboard-${manual}.sqlite`), { manualCheckpoints: manual });
    store.upsertHost({ id: 'local', name: 'bench', kind: 'local', intervalMs: 2000, tags: [] }, Date.now());
    const checkpointer = manual ? new WalCheckpointer(store.path) : null;
    let written = 0;
    const label = manual
      ? 'Store.writeSample(), checkpoints on a worker (engine)'
      : 'Store.writeSample(), SQLite auto-checkpoint (naive)';
    // 3× the usual iterations so several auto-checkpoints fall inside the window; the worker
    // checkpoints every 100 writes (the engine does every 30 s, i.e. 15 polls at 2 s).
    const ms: number[] = [];
    for (let i = 0; i < iterations * 3; i++) {
      const t0 = performance.now();
      store.writeSample({ ...sample, ts: sample.ts + ++written * 1000 });
      ms.push(performance.now() - t0);
      if (checkpointer && i % 100 === 99) await checkpointer.checkpoint();
    }
    const sum = summarize(ms);
    results.push({ call: label, kind: 'sync', ...sum, maxBlockMs: sum.maxMs });
    await checkpointer?.close();
    store.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// systeminformation, for comparison. Several si calls return a cached result when called again
// within 200-500 ms, so they run round-robin with a 510 ms pause between rounds: every timed
// call does its real work. Fewer rounds than above, as some spawn processes.
const siCalls: [string, () => unknown][] = [
  ['si.currentLoad()', () => si.currentLoad()],
  ['si.mem()', () => si.mem()],
  ['si.fsSize()', () => si.fsSize()],
  ["si.networkStats('*')", () => si.networkStats('*')],
  ['si.disksIO()', () => si.disksIO()],
  ['si.processes()', () => si.processes()],
  ['si.time() (execSync `date`, sync)', () => si.time()],
];
const siMs = siCalls.map((): number[] => []);
const siBlock = siCalls.map(() => 0);
for (let round = -2; round < siIterations; round++) {
  await new Promise((r) => setTimeout(r, 510));
  for (const [i, [, fn]] of siCalls.entries()) {
    const [dur, gap] = await probed(() => Promise.resolve(fn()));
    if (round < 0) continue; // two warm-up rounds: si's first calls set up its state
    siMs[i]?.push(dur);
    siBlock[i] = Math.max(siBlock[i] ?? 0, gap);
  }
}
siCalls.forEach(([call], i) => {
  results.push({
    call,
    kind: 'async',
    ...summarize(siMs[i] ?? []),
    maxBlockMs: Number((siBlock[i] ?? 0).toFixed(4)),
  });
});

process.stdout.write(
  `${JSON.stringify({ scenario: 'collectorCalls', iterations, siIterations, warmupCalls, calls: results })}\n`,
);
