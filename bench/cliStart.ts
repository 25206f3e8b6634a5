import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../scripts/buildCli.mjs';
import { childrenCpuMs, parseArgs } from './harness';

/**
 * CLI start-up, cold: each run is a new `node` process, as a person typing the command starts
 * one. Times `greenboard version` and `greenboard status --json` (on a new, empty --data-dir
 * each run, so the database is created as on a first run) through bin/greenboard.js (the
 * compiled CLI) and through tsx running the TypeScript source (bench/tsxCli.mjs, how the bin
 * ran before), and `node -e 0` alone, the floor. Runs alternate between the ways, so a busy
 * moment on the machine hits them all. Wall time is what a person waits; CPU time (user + system,
 * 10 ms ticks) is what it costs, and moves less when the machine is shared.
 * `status` has POLL_GAP_MS between its two readings of this machine (rates need two): it reads
 * the first before the engine loads, so the window runs during start-up. `poll local` with the
 * same window, which waits after start-up, runs beside it as the way it used to be.
 *
 *   node --import tsx bench/cliStart.ts --runs=10
 */
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const { flags } = parseArgs();
const RUNS = Math.max(1, Number(flags.runs) || 10);
const POLL_GAP_MS = 250;

const WAYS = {
  compiled: [join(ROOT, 'bin', 'greenboard.js')],
  tsx: [join(ROOT, 'bench', 'tsxCli.mjs')],
} as const;
type Way = keyof typeof WAYS;
// windowAfter is the same poll of this machine with the window after the engine has loaded (how
// status ran before it read its baseline first): the paired naive way, in the same run.
const COMMANDS = {
  version: ['version'],
  statusJson: ['status', '--json'],
  windowAfter: ['poll', 'local', '--window-ms', String(POLL_GAP_MS), '--json'],
} as const;
type Command = keyof typeof COMMANDS;

const scratch = mkdtempSync(join(tmpdir(), 'gb-bench-cli-'));

interface Run {
  wallMs: number;
  cpuMs: number;
}

/** One cold run of `node ARGS`: wall time from spawn to exit, as the shell sees it, and its CPU. */
function once(args: string[], label: string): Run {
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${label} exited ${r.status}: ${r.stderr.slice(-500)}`);
  return { wallMs, cpuMs: childrenCpuMs() - cpu0 };
}

const round = (x: number): number => Math.round(x * 10) / 10;
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
function stats(runs: Run[]): {
  medianMs: number;
  minMs: number;
  maxMs: number;
  cpuMedianMs: number;
  n: number;
} {
  const wall = runs.map((r) => r.wallMs);
  return {
    medianMs: round(median(wall)),
    minMs: round(Math.min(...wall)),
    maxMs: round(Math.max(...wall)),
    cpuMedianMs: round(median(runs.map((r) => r.cpuMs))),
    n: runs.length,
  };
}

try {
  const build = await buildCli();
  const times: Record<Way, Record<Command, Run[]>> = {
    compiled: { version: [], statusJson: [], windowAfter: [] },
    tsx: { version: [], statusJson: [], windowAfter: [] },
  };
  const bare: Run[] = [];
  for (let run = 0; run < RUNS; run++) {
    bare.push(once(['-e', '0'], 'node -e 0'));
    for (const command of Object.keys(COMMANDS) as Command[])
      for (const way of Object.keys(WAYS) as Way[]) {
        const args: string[] = [...WAYS[way], ...COMMANDS[command]];
        if (command !== 'version') args.push('--data-dir', join(scratch, `${way}-${run}`));
        times[way][command].push(once(args, `${way} ${command}`));
      }
  }
  const result = Object.fromEntries(
    (Object.keys(WAYS) as Way[]).map((way) => [
      way,
      Object.fromEntries((Object.keys(COMMANDS) as Command[]).map((c) => [c, stats(times[way][c])])),
    ]),
  ) as Record<Way, Record<Command, ReturnType<typeof stats>>>;
  const ratio = (c: Command): number =>
    Math.round((result.tsx[c].medianMs / result.compiled[c].medianMs) * 10) / 10;
  console.log(
    JSON.stringify({
      runs: RUNS,
      buildMs: build.ms,
      pollGapMs: POLL_GAP_MS,
      nodeAlone: stats(bare),
      ...result,
      tsxToCompiled: {
        version: ratio('version'),
        statusJson: ratio('statusJson'),
        windowAfter: ratio('windowAfter'),
      },
    }),
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
