import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../electron/engine/clock';
import { assembleEngine } from '../electron/engine/createEngine';
import { parseArgs, runScenario, summarize } from './harness';

/**
 * The real engine polling this machine: real LinuxLocalCollector, real SQLite store in a temp
 * data dir, the real scheduler and health tick. Nothing else runs in the process.
 *
 *   node --import tsx bench/engineLoad.ts --interval=2000 --seconds=60 --warmup=3 --eld=0
 */
const args = parseArgs();

await runScenario(`engine@${args.intervalMs / 1000}s`, args, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'greenboard-bench-'));
  const engine = assembleEngine({
    dataDir,
    mode: 'headless',
    localIntervalMs: args.intervalMs,
    logger: silentLogger,
  });
  let polls = 0;
  let pollMs: number[] = [];
  engine.on('metrics:sample', (s) => {
    polls++;
    pollMs.push(s.pollMs);
  });
  engine.start();
  return {
    polls: () => polls,
    reset: () => {
      pollMs = [];
    },
    extra: () => {
      const db = engine.store.path;
      const size = (p: string): number => {
        try {
          return statSync(p).size;
        } catch {
          return 0;
        }
      };
      const s = summarize(pollMs);
      return {
        // The collector's own timing of collect() (reads + statfs + derive), as stored in each sample.
        collectMs: { mean: s.meanMs, p95: s.p95Ms, max: s.maxMs },
        dbKb: Math.round((size(db) + size(`${db}-wal`)) / 1024),
      };
    },
    stop: async () => {
      await engine.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
