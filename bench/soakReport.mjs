// Formats the soak (bench/soak.ts) and judges it against the hardening issue's targets, all
// taken after the warm-up (the first 5 minutes, or 10% of a shorter soak).
export const SOAK_TARGETS = { growthPct: 10, fdGrowth: 2, walMiB: 64, missedPolls: 0 };

const f = (v, d = 1) => (v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(d));
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'pass' : 'fail');

/** Target verdicts, for the JSON summary. */
export function soakTargets(soak) {
  if (!soak) return {};
  const t = SOAK_TARGETS;
  const s = soak.summary;
  const fitted = s.afterWarmupSamples >= 2;
  const after = `after the first ${soak.warmupSeconds} s`;
  const growth = (trend) => trend.fittedGrowthPct;
  return {
    soakRssGrowth: {
      target: `server RSS grows < ${t.growthPct}% ${after} (least-squares fit)`,
      value: growth(s.rssMiB),
      slopePerHourMiB: s.rssMiB.slopePerHour,
      verdict: verdict(fitted ? growth(s.rssMiB) < t.growthPct : null),
    },
    soakHeapGrowth: {
      target: `server JS heap after GC grows < ${t.growthPct}% ${after} (least-squares fit)`,
      value: growth(s.heapMiB),
      slopePerHourMiB: s.heapMiB.slopePerHour,
      verdict: verdict(fitted ? growth(s.heapMiB) < t.growthPct : null),
    },
    soakFdsFlat: {
      target: `open descriptors flat ${after}: fitted growth < ${t.fdGrowth}`,
      value: s.fds.fittedGrowth,
      slopePerHour: s.fds.slopePerHour,
      verdict: verdict(fitted ? s.fds.fittedGrowth < t.fdGrowth : null),
    },
    soakWal: {
      target: `WAL < ${t.walMiB} MiB ${after}`,
      value: s.walMiB.max,
      verdict: verdict(s.walMiB.max == null ? null : s.walMiB.max < t.walMiB),
    },
    soakMissedPolls: {
      target:
        `no missed polls ${after}: no gap of 1.5 intervals or more, and stored >= ${s.polls.hosts} hosts x ` +
        `${s.polls.windowSeconds} s / ${s.polls.intervalMs / 1000} s = ${s.polls.expected}, less one per host for the window's edges`,
      value: s.polls.missed,
      stored: s.polls.stored,
      expected: s.polls.expected,
      verdict: verdict(
        s.polls.windowSeconds > 0
          ? s.polls.missed <= t.missedPolls && s.polls.shortfall <= s.polls.hosts
          : null,
      ),
    },
  };
}

function table(head, rows) {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmt = (r) =>
    r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ');
  return [fmt(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(fmt)].join('\n');
}

/** At most `max` samples for the table: evenly spread, always the first, the last and the warm-up's end. */
function thin(samples, warmupSeconds, max = 13) {
  if (samples.length <= max) return samples;
  const step = (samples.length - 1) / (max - 1);
  const keep = new Set(Array.from({ length: max }, (_, i) => Math.round(i * step)));
  const warm = samples.findIndex((s) => s.atS >= warmupSeconds);
  if (warm >= 0) keep.add(warm);
  return samples.filter((_, i) => keep.has(i));
}

export function formatSoak(soak, targets) {
  if (soak.skipped) return [`Soak: skipped (${soak.skipped})`];
  const s = soak.summary;
  const shown = thin(soak.samples, soak.warmupSeconds);
  const trendRow = (name, t, d = 1) => [
    name,
    f(t.first, d),
    f(t.last, d),
    f(t.min, d),
    f(t.max, d),
    f(t.slopePerHour, 2),
    f(t.slopePctPerHour, 1),
    f(t.fittedGrowthPct, 1),
  ];
  const line = (t, unit) => `target ${t.target}: ${t.verdict} (${f(t.value, 2)}${unit})`;
  return [
    `Soak, ${soak.minutes} min: greenboard serve (its own process) with ${soak.hosts} SSH hosts polled every ` +
      `${soak.intervalMs / 1000} s plus this machine, and a Chromium ${soak.chromium} tab on the board; ` +
      `a sample every ${soak.sampleSeconds} s, trends after the first ${soak.warmupSeconds} s`,
    `Hosts: ${soak.hostsSetup}. Board at the end: ${Object.entries(soak.boardAtEnd)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}`,
    '',
    table(
      [
        'at s',
        'RSS MiB',
        'heap MiB',
        'fds (sock/file/pipe/other)',
        'WAL file / log MiB',
        'ELD p99 / max ms',
        'polls/s',
        'ssh conns',
        'tab heap MiB',
        'load 1m',
      ],
      shown.map((x) => [
        x.atS,
        f(x.rssMiB),
        f(x.heapMiB, 2),
        `${x.fds} (${x.fdKinds.sockets}/${x.fdKinds.files}/${x.fdKinds.pipes}/${x.fdKinds.other})`,
        `${f(x.walMiB, 2)} / ${f(x.walLogMiB, 2)}`,
        `${f(x.eventLoopP99Ms)} / ${f(x.eventLoopMaxMs)}`,
        x.pollsPerSecond == null ? '-' : f(x.pollsPerSecond),
        x.sshConnections,
        f(x.tabHeapMiB, 2),
        f(x.loadavg1, 1),
      ]),
    ),
    `  ${shown.length} of ${soak.samples.length} samples shown (all in the JSON). RSS: VmRSS of the server process;`,
    '  heap: its used JS heap after two forced GCs (V8 inspector, HeapProfiler.collectGarbage); ELD: its',
    '  event-loop delay since the previous sample: how late a 10 ms perf_hooks timer ran (the tick taken',
    "  out; the forced GC left out); load 1m: this machine's load average (other work shares the cores);",
    `  polls/s: polls of the SSH hosts the store recorded since the previous sample (${f(s.pollsPerSecond.expected)} due);`,
    '  WAL: the -wal file (its high-water mark: SQLite reuses it from the start after a checkpoint, never',
    '  shrinks it) / the live log since its last restart, from the -shm header (are checkpoints keeping up?);',
    '  ssh conns: established TCP connections to the sshd; tab heap: the board tab after a GC (not judged).',
    '',
    table(
      ['after warm-up', 'first', 'last', 'min', 'max', 'slope / h', 'slope % / h', 'fitted growth %'],
      [
        trendRow('server RSS MiB', s.rssMiB),
        trendRow('server heap MiB', s.heapMiB, 2),
        trendRow('descriptors', s.fds, 0),
        trendRow('WAL file MiB', s.walMiB, 2),
        ...(s.walLogMiB ? [trendRow('WAL live log MiB', s.walLogMiB, 2)] : []),
        trendRow('tab heap MiB', s.tabHeapMiB, 2),
      ],
    ),
    '  slope: least-squares line through the samples after the warm-up; fitted growth: that line from the',
    '  first of those samples to the last, as a share of its start. A short soak extrapolates a lot: a',
    '  slope per hour from two minutes says little; the default hour is what the targets are for.',
    `event-loop delay p99 per sample after warm-up: median ${f(s.eventLoopP99Ms.median)} ms, worst ${f(s.eventLoopP99Ms.max)} ms; ` +
      `polls/s mean ${f(s.pollsPerSecond.mean)}, lowest ${f(s.pollsPerSecond.min)}`,
    `polls after warm-up: ${s.polls.stored} stored, ${s.polls.expected} due (shortfall ${s.polls.shortfall}, up to ` +
      `${s.polls.hosts} is the window's edges), ${s.polls.missed} missed (gaps), ` +
      `longest gap ${f(s.polls.maxGapMs / 1000, 2)} s${s.polls.hostsMissing.length ? ` (hosts: ${s.polls.hostsMissing.join(', ')})` : ''}`,
    ...(s.polls.worstGaps ?? []).map(
      (g) =>
        `  gap: ${g.hostId} had no poll for ${f(g.gapMs / 1000, 2)} s, until ${f(g.endedAtMs / 1000, 0)} s`,
    ),
    line(targets.soakRssGrowth, '%') + `, slope ${f(targets.soakRssGrowth.slopePerHourMiB, 2)} MiB/h`,
    line(targets.soakHeapGrowth, '%') + `, slope ${f(targets.soakHeapGrowth.slopePerHourMiB, 2)} MiB/h`,
    line(targets.soakFdsFlat, '') + `, slope ${f(targets.soakFdsFlat.slopePerHour, 1)} /h`,
    line(targets.soakWal, ' MiB'),
    line(targets.soakMissedPolls, ' missed'),
    ...soak.pageErrors.map((e) => `  page error: ${e}`),
  ];
}
