// Judges the SSH polling benchmark (bench/sshPoll.ts) against its targets, for the JSON summary.
export const SSH_TARGETS = { sweepP95Ms: 250, sweepHosts: 50, speedupVsExec: 10, cpuMsPerHostPoll: 0.5 };

const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'pass' : 'fail');

/**
 * The SSH targets, judged on the persistent session (what the engine runs) as the test user. The
 * speedup over an exec per poll is judged against the ordinary bash login (account 'login'):
 * a new channel pays the login shell's start-up, which /bin/sh with no rc files hides.
 */
export function sshTargets(result) {
  const runs = (result?.runs ?? []).filter((r) => (r.account ?? 'test') === 'test');
  const run = (n, m) => runs.find((r) => r.n === n && r.method === m && r.sweeps > 0);
  const t = SSH_TARGETS;
  const big = run(t.sweepHosts, 'persistent');
  const speedups = (result?.ratios ?? [])
    .filter((r) => r.account === 'login')
    .map((r) => ({
      n: r.n,
      value: r.execPerPollToPersistentP95,
      verdict: verdict(
        r.execPerPollToPersistentP95 == null ? null : r.execPerPollToPersistentP95 >= t.speedupVsExec,
      ),
    }));
  const cpuPer = runs
    .filter((r) => r.method === 'persistent')
    .map((r) => ({
      n: r.n,
      value: r.cpuMsPerHostPoll,
      verdict: verdict(r.cpuMsPerHostPoll == null ? null : r.cpuMsPerHostPoll < t.cpuMsPerHostPoll),
    }));
  return {
    sshSweepP95: {
      target: `p95 sweep of ${t.sweepHosts} hosts < ${t.sweepP95Ms} ms`,
      value: big?.sweepMs.p95Ms ?? null,
      verdict: verdict(big ? big.sweepMs.p95Ms < t.sweepP95Ms : null),
    },
    sshSpeedupVsExecPerPoll: {
      target: `>= ${t.speedupVsExec}x (exec-per-poll p95 / persistent p95, bash login with /etc/skel rc)`,
      byHosts: speedups,
    },
    sshCpuPerHostPoll: {
      target: `< ${t.cpuMsPerHostPoll} ms of Greenboard CPU per host per poll`,
      byHosts: cpuPer,
    },
  };
}
