// Formats the CLI start-up benchmark (bench/cliStart.ts) and judges it against the targets of
// the compiled-CLI issue: cold `greenboard version` < 150 ms, `greenboard status --json` < 500 ms.
export const CLI_TARGETS = { versionMs: 150, statusJsonMs: 500 };

const f = (v, d = 0) => (v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(d));
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'pass' : 'fail');

/** Target verdicts, for the JSON summary: judged on the compiled CLI's median cold run. */
export function cliTargets(cli) {
  if (!cli) return {};
  const v = cli.compiled.version.medianMs;
  const s = cli.compiled.statusJson.medianMs;
  return {
    cliVersion: {
      target: `greenboard version < ${CLI_TARGETS.versionMs} ms (median cold run)`,
      value: v,
      verdict: verdict(v < CLI_TARGETS.versionMs),
    },
    cliStatusJson: {
      target:
        `greenboard status --json < ${CLI_TARGETS.statusJsonMs} ms (median cold run; ` +
        `it includes the ${cli.pollGapMs} ms between the two readings rates need, read from start-up on)`,
      value: s,
      verdict: verdict(s < CLI_TARGETS.statusJsonMs),
    },
  };
}

export function formatCli(cli, targets) {
  const cell = (x) =>
    `${f(x.medianMs).padStart(5)} ms (${f(x.minMs)}–${f(x.maxMs)}), CPU ${f(x.cpuMedianMs)} ms`;
  const row = (label, c) =>
    `  ${label.padEnd(24)} compiled ${cell(cli.compiled[c])}   tsx ${cell(cli.tsx[c])}   ${f(cli.tsxToCompiled[c], 1)}x`;
  const after = cli.compiled.windowAfter?.medianMs;
  return [
    `CLI start, cold: a new node process per run, ${cli.runs} runs each, median (min–max) wall time and median CPU; ` +
      `build ${cli.buildMs} ms`,
    `  ${'node -e 0 (the floor)'.padEnd(24)} ${cell(cli.nodeAlone)}`,
    row('greenboard version', 'version'),
    row('greenboard status --json', 'statusJson'),
    ...(after
      ? [
          row(`poll local, window after`, 'windowAfter'),
          `  status --json reads its baseline before the engine loads: ${f(cli.compiled.statusJson.medianMs)} ms against ` +
            `${f(after)} ms with the ${cli.pollGapMs} ms window after start-up (${f(cli.compiled.statusJson.medianMs / after, 2)}x)`,
        ]
      : []),
    `target ${targets.cliVersion.target}: ${targets.cliVersion.verdict} (${f(targets.cliVersion.value)} ms)`,
    `target ${targets.cliStatusJson.target}: ${targets.cliStatusJson.verdict} (${f(targets.cliStatusJson.value)} ms)`,
  ];
}
