// Formats the checks benchmarks (bench/loadBench.ts, bench/auditBench.ts) and judges them
// against the checks issue's targets: the load generator at least 0.9x the autocannon CLI's
// requests/s; a full security audit of one host over SSH in seconds.
export const CHECKS_TARGETS = { vsAutocannon: 0.9, auditP50Ms: 10_000 };

const f = (v, d = 1) => (v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(d));
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'pass' : 'fail');

/** Target verdicts, for the JSON summary. */
export function checksTargets(checks) {
  if (!checks) return {};
  const t = CHECKS_TARGETS;
  const load = checks.load;
  const audit = checks.audit;
  return {
    loadVsAutocannon: {
      target: `Greenboard's load generator >= ${t.vsAutocannon}x the autocannon CLI's requests/s (same nginx, connections, duration)`,
      value: load?.ratioVsAutocannon ?? null,
      vsWrk: load?.ratioVsWrk ?? null,
      verdict: verdict(load ? load.ratioVsAutocannon >= t.vsAutocannon : null),
    },
    auditOverSsh: {
      target: `full security audit of one host over SSH, p50 < ${t.auditP50Ms / 1000} s`,
      value: audit ? Math.round(audit.audit.p50Ms) : null,
      verdict: verdict(audit ? audit.audit.p50Ms < t.auditP50Ms : null),
    },
  };
}

function table(head, rows) {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmt = (r) =>
    r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ');
  return [fmt(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(fmt)].join('\n');
}

export function formatChecks(checks, targets) {
  const out = [];
  const load = checks.load;
  if (load) {
    const row = (name, s, ratio) =>
      s
        ? [name, f(s.medianRps, 0), s.rps.join(' / '), f(s.p99Ms, 2), ratio == null ? '-' : f(ratio, 2)]
        : [name, 'not installed', '-', '-', '-'];
    out.push(
      `Load generator against nginx (${load.url}), ${load.connections} connections, ${load.seconds} s per run, ` +
        `${load.rounds} rounds, generators one after another:`,
      '',
      table(
        ['generator', 'median req/s', 'each round', 'p99 ms', 'ours / this'],
        [
          row('Greenboard (runLoadTest)', load.ours, 1),
          row('autocannon CLI', load.autocannon, load.ratioVsAutocannon),
          row('wrk -t1', load.wrk, load.ratioVsWrk),
        ],
      ),
      '',
      `ours / autocannon = ${f(load.ratioVsAutocannon, 2)}: ${targets.loadVsAutocannon?.verdict} (target >= ${CHECKS_TARGETS.vsAutocannon})` +
        (load.wrkMissing ? `; ${load.wrkMissing}` : ''),
    );
  }
  const audit = checks.audit;
  if (audit) {
    if (out.length) out.push('');
    out.push(
      `Security audit of this machine over SSH (test sshd, user ${audit.user}, ${audit.findings} findings, ` +
        `${audit.notChecked} not checked): p50 ${f(audit.audit.p50Ms, 0)} ms, max ${f(audit.audit.maxMs, 0)} ms ` +
        `over ${audit.runs} runs; opening the session once ${f(audit.connectMs, 0)} ms: ${targets.auditOverSsh?.verdict}`,
    );
  }
  return out;
}
