import type { AuditReport, Finding } from '../../../shared/audit';
import type { HealthState } from '../../../shared/schemas';
import type { Evaluation } from '../health';

/** How a host's last audit colours it: a failed critical finding is red, a failed high one amber. */
export interface SecurityVerdict {
  state: 'amber' | 'red';
  reasons: string[];
}

/** The fail titles ("SSH: password logins are allowed"): what is wrong, not what was checked. */
const listTitles = (fs: readonly Finding[]): string => {
  const titles = fs.slice(0, 2).map((f) => f.failTitle ?? f.title);
  return fs.length > 2 ? `${titles.join(', ')} and ${fs.length - 2} more` : titles.join(', ');
};

/**
 * What the last audit says about the host's health, or null when it found nothing critical or
 * high (medium and low findings show in the Security panel but do not colour the board: they
 * are hardening advice, not a reason to look now). Items not checked never colour it either.
 */
export function securityVerdict(report: AuditReport | null): SecurityVerdict | null {
  if (!report) return null;
  const failed = report.findings.filter((f) => f.status === 'fail');
  const critical = failed.filter((f) => f.severity === 'critical');
  const high = failed.filter((f) => f.severity === 'high');
  const reasons: string[] = [];
  if (critical.length)
    reasons.push(
      `security: ${critical.length} critical ${critical.length === 1 ? 'finding' : 'findings'} (${listTitles(critical)})`,
    );
  if (high.length)
    reasons.push(
      `security: ${high.length} high ${high.length === 1 ? 'finding' : 'findings'} (${listTitles(high)})`,
    );
  if (!reasons.length) return null;
  return { state: critical.length ? 'red' : 'amber', reasons };
}

const RANK: Record<HealthState, number> = { waiting: -1, grey: -1, green: 0, amber: 1, red: 2 };

/**
 * The host's health with its security verdict folded in: the worse colour wins, and the
 * security reasons follow the metric ones. A host with no data (waiting, grey) keeps that state:
 * an old audit cannot say the host is up.
 */
export function withSecurity(ev: Evaluation, verdict: SecurityVerdict | null): Evaluation {
  if (!verdict || RANK[ev.state] < 0) return ev;
  const state = RANK[verdict.state] > RANK[ev.state] ? verdict.state : ev.state;
  return { state, reasons: [...ev.reasons, ...verdict.reasons] };
}
