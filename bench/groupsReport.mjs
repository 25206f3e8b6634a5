// Formats the groups benchmark (bench/groupsBench.ts): an nginx balancer read by offset against
// the whole log read every poll, and groups judged from the members in memory against each group
// reading its members back from SQLite. No target in the issue: ratios against the naive way.

const f = (v, d = 1) => (v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(d));
const kib = (b) => f(b / 1024, 0);

/** Informational entries for the JSON summary (no verdict: the issue sets no target here). */
export function groupsTargets(g) {
  if (!g) return {};
  return {
    groupsBalancerRead: {
      target:
        'nginx balancer read: new bytes by offset, against the whole log every poll (ratio, higher is better)',
      value: g.balancer.ratioFullScanToOffset,
      verdict: g.balancer.countedAll ? 'n/a' : 'fail',
    },
    groupsEvaluate: {
      target: `every group judged, ${g.evaluate.hosts} hosts in ${g.evaluate.groups} groups: % of one core at one pass per 5 s`,
      value: g.evaluate.engine.cpuPctOfCoreAt5s,
      verdict: 'n/a',
    },
  };
}

export function formatGroups(g) {
  const b = g.balancer;
  const e = g.evaluate;
  return [
    `Groups: nginx access log of ${f(b.logBytesAtEnd / 2 ** 20)} MiB, ${b.linesPerPoll} new lines per poll, ${b.polls} polls (median)`,
    `  by offset (Greenboard)      ${f(b.offset.msMedian).padStart(7)} ms  ${kib(b.offset.bytesPerPoll).padStart(7)} KiB read per poll${b.countedAll ? '' : '  COUNTS WRONG'}`,
    `  whole log every poll        ${f(b.fullScan.msMedian).padStart(7)} ms  ${kib(b.fullScan.bytesPerPoll).padStart(7)} KiB read per poll  (${f(b.ratioFullScanToOffset)}x)`,
    `Groups judged: ${e.hosts} hosts in ${e.groups} groups, ${e.evals} passes (median per pass)`,
    `  from memory (Greenboard)    ${f(e.engine.msMedian, 2).padStart(7)} ms  (${f(e.engine.cpuPctOfCoreAt5s, 3)} % of a core at one pass per 5 s)`,
    `  members read back per group ${f(e.storeReadPerGroup.msMedian, 2).padStart(7)} ms  (${f(e.ratioNaiveToEngine)}x)`,
  ];
}
