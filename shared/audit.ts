import { z } from 'zod';
import { safeString } from './safeText';

/**
 * How bad a failed finding is. The score's penalty per severity is {@link SEVERITY_PENALTY}.
 * `critical`: someone can likely get in now (a second UID 0, an account with no password).
 * `high`: a common attack works against it (password logins, no firewall, security updates
 * pending). `medium`: weakens defence in depth. `low`: hardening advice. `info`: context only.
 */
export const SeveritySchema = z.enum(['info', 'low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof SeveritySchema>;

/**
 * `not_checked` means the audit could not see the item (no root, tool absent, timed out) and
 * says why in `reason`. It is never a pass.
 */
export const FindingStatusSchema = z.enum(['pass', 'fail', 'not_checked']);
export type FindingStatus = z.infer<typeof FindingStatusSchema>;

/** One audited item on one host. */
export const FindingSchema = z.object({
  /** Stable across runs, so a finding can be charted and compared over time: `ssh.permit-root-login`. */
  id: z.string().regex(/^[a-z0-9]+(\.[a-z0-9-]+)+$/),
  /**
   * The headline for its status: {@link failTitle} when failed ("SSH: password logins are
   * allowed"), else {@link passTitle} ("SSH: password logins are off").
   */
  title: z.string(),
  /** What a pass reads as. Absent in reports kept before titles were split: use `title`. */
  passTitle: z.string().optional(),
  /** What a fail reads as. Absent in reports kept before titles were split: use `title`. */
  failTitle: z.string().optional(),
  severity: SeveritySchema,
  status: FindingStatusSchema,
  /** What was seen, as the host printed it (a config line, a count, a command's output). */
  evidence: z.string(),
  /** How to fix it, concretely (the line to set, the command to run). */
  fix: z.string(),
  /** For `not_checked`: why, e.g. "needs root", "sshd not installed", "no apt or dnf". */
  reason: z.string().optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** Per-host audit settings. */
export const AuditConfigSchema = z.object({
  /**
   * TCP ports allowed to listen on a non-loopback address. Unset: the listening ports are
   * listed but not judged (`not_checked`, "no port allowlist set").
   */
  allowedPorts: z.array(z.number().int().min(1).max(65535)).optional(),
  /** Failed SSH logins in 24 h at or above which the finding fails. Default 10. */
  failedLoginThreshold: z.number().int().min(1).max(1_000_000).optional(),
  /**
   * The sshd config to audit instead of the running sshd's. Unset, the audit finds the sshd
   * that is running (the one it logged in through) and reads the settings that daemon uses: its
   * own `-f` file and `-o` options, else /etc/ssh/sshd_config.
   */
  sshdConfigPath: safeString().max(4096).startsWith('/').optional(),
});
export type AuditConfig = z.infer<typeof AuditConfigSchema>;

/** One audit of one host. */
export const AuditReportSchema = z.object({
  hostId: z.string(),
  /** When the audit started (ms since the epoch). */
  ts: z.number(),
  durationMs: z.number(),
  /**
   * 100 minus {@link SEVERITY_PENALTY} per failed finding, floored at 0. Items not checked cost
   * nothing, so with `notChecked > 0` the score is an upper bound: they might fail.
   */
  score: z.number().min(0).max(100),
  passed: z.number().int(),
  failed: z.number().int(),
  notChecked: z.number().int(),
  /** The login the audit ran as; uid 0 sees what a user cannot (shadow, firewall rules). */
  ranAs: z.object({ user: z.string(), uid: z.number().int().nullable() }),
  findings: z.array(FindingSchema),
});
export type AuditReport = z.infer<typeof AuditReportSchema>;

/** Score points a failed finding costs, by severity. */
export const SEVERITY_PENALTY: Record<Severity, number> = {
  info: 0,
  low: 4,
  medium: 10,
  high: 20,
  critical: 40,
};

/** The score for a set of findings; see {@link AuditReportSchema} `score`. */
export function auditScore(findings: readonly Pick<Finding, 'status' | 'severity'>[]): number {
  const lost = findings
    .filter((f) => f.status === 'fail')
    .reduce((sum, f) => sum + SEVERITY_PENALTY[f.severity], 0);
  return Math.max(0, 100 - lost);
}
