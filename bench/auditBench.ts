// Security audit benchmark: the time for a full audit of one host over SSH, against a real
// OpenSSH sshd on 127.0.0.1 (the test harness's), through the engine's own path: one persistent
// SshCollector session, the audit script on its own exec channel (as diagnostics run).
// The session is opened before timing, as the engine keeps it open; its connect time is
// reported apart. Prints one JSON line, then a table.
//   node --import tsx bench/auditBench.ts [--runs=5]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { runAudit, sshRunner } from '../electron/engine/audit/runAudit';
import { SshCollector } from '../electron/engine/ssh/sshCollector';
import { startSshd } from '../electron/engine/ssh/testing/sshd';
import { summarize, type CallStats } from './harness';

export interface AuditBenchResult {
  scenario: 'auditOverSsh';
  runs: number;
  /** Wall time of each full audit (script sent, run, output read, parsed, scored), in ms. */
  audit: CallStats;
  samplesMs: number[];
  /** Opening the SSH session (TCP, handshake, auth, `sh`), paid once per host, not per audit. */
  connectMs: number;
  user: string;
  uid: number | null;
  findings: number;
  notChecked: number;
  score: number;
}

/** Runs `runs` full audits of this machine over SSH and returns their timings. */
export async function benchAudit(runs = 5): Promise<AuditBenchResult> {
  const sshd = await startSshd();
  const collector = new SshCollector(
    'bench',
    { user: sshd.user, host: sshd.host, port: sshd.port },
    {
      hostKeys: { check: () => ({ status: 'trusted' }) },
      credentials: () => ({
        privateKeys: [{ path: sshd.clientKeyPath, key: readFileSync(sshd.clientKeyPath) }],
      }),
      timeoutMs: 10_000,
      pollTimeoutMs: 10_000,
      now: Date.now,
    },
  );
  try {
    const t0 = performance.now();
    await collector.prime();
    const connectMs = performance.now() - t0;
    const samplesMs: number[] = [];
    let last;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      last = await runAudit({ hostId: 'bench', run: sshRunner(collector) });
      samplesMs.push(performance.now() - started);
    }
    return {
      scenario: 'auditOverSsh',
      runs,
      audit: summarize(samplesMs),
      samplesMs: samplesMs.map((ms) => Math.round(ms)),
      connectMs: Math.round(connectMs),
      user: last?.ranAs.user ?? sshd.user,
      uid: last?.ranAs.uid ?? null,
      findings: last?.findings.length ?? 0,
      notChecked: last?.notChecked ?? 0,
      score: last?.score ?? 0,
    };
  } finally {
    await collector.close();
    await sshd.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = Number(
    /^--runs=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--runs=')) ?? '')?.[1] ?? 5,
  );
  const r = await benchAudit(runs);
  process.stdout.write(`${JSON.stringify(r)}\n`);
  console.table({
    'full audit over SSH': {
      p50Ms: Math.round(r.audit.p50Ms),
      maxMs: Math.round(r.audit.maxMs),
      runs: r.runs,
    },
    'session open (once)': { p50Ms: r.connectMs, maxMs: r.connectMs, runs: 1 },
  });
}
