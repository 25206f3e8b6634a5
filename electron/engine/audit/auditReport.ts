import { auditScore, type AuditConfig, type AuditReport, type Finding } from '../../../shared/audit';
import { hostFacts, parseAuditOutput } from './auditOutput';
import { emptyPasswordFinding, uid0Finding } from './parseAccounts';
import { DEFAULT_FAILED_LOGIN_THRESHOLD, failedLoginsFinding } from './parseAuthLog';
import { firewallFinding } from './parseFirewall';
import { portsFinding } from './parsePorts';
import { banServiceFinding, timeSyncFinding } from './parseServices';
import { sshdFindings } from './parseSshd';
import { rebootFinding, updateFindings } from './parseUpdates';

export { DEFAULT_SSHD_CONFIG } from './runningSshd';

/** Every finding, in report order, from the audit script's output. Pure: no I/O. */
export function auditFindings(
  stdout: string,
  nonce: string,
  config: AuditConfig = {},
): {
  findings: Finding[];
  ranAs: AuditReport['ranAs'];
} {
  const sections = parseAuditOutput(stdout, nonce);
  const facts = hostFacts(sections);
  const findings = [
    ...sshdFindings(sections, facts, config.sshdConfigPath),
    firewallFinding(sections, facts),
    ...updateFindings(sections, facts),
    rebootFinding(sections, facts),
    portsFinding(sections, config.allowedPorts),
    uid0Finding(sections),
    emptyPasswordFinding(sections, facts),
    failedLoginsFinding(sections, facts, config.failedLoginThreshold ?? DEFAULT_FAILED_LOGIN_THRESHOLD),
    banServiceFinding(sections, facts),
    timeSyncFinding(sections, facts),
  ];
  return { findings, ranAs: { user: facts.user, uid: facts.uid } };
}

/** Wraps findings into a report with the score and the counts. */
export function toReport(
  hostId: string,
  ts: number,
  durationMs: number,
  found: { findings: Finding[]; ranAs: AuditReport['ranAs'] },
): AuditReport {
  const count = (s: Finding['status']): number => found.findings.filter((f) => f.status === s).length;
  return {
    hostId,
    ts,
    durationMs,
    score: auditScore(found.findings),
    passed: count('pass'),
    failed: count('fail'),
    notChecked: count('not_checked'),
    ranAs: found.ranAs,
    findings: found.findings,
  };
}
