// The security audit's public surface. Not wired into the engine API yet: the engine will call
// runAudit with sshRunner(its SshCollector) for remote hosts and localRunner() for this machine,
// keep the reports (shared/audit.ts AuditReport) and chart their scores.
export { runAudit, localRunner, sshRunner, AuditError, AUDIT_TIMEOUT_MS } from './runAudit';
export type { RunAuditOptions, ScriptRunner, ScriptResult, RemoteExec } from './runAudit';
export { auditFindings, toReport, DEFAULT_SSHD_CONFIG } from './auditReport';
export { buildAuditScript } from './auditScript';
export { SPECS as AUDIT_FINDINGS } from './findings';
