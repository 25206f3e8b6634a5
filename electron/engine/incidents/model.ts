import { GreenboardError } from '../../../shared/errors';
import {
  COMMANDER_ROLE_ID,
  INCIDENT_STATUSES,
  type ChecklistTemplate,
  type Incident,
  type IncidentStatus,
  type IncidentSummary,
  type Plan,
  type TimelineEntry,
} from '../../../shared/incidents';

/**
 * The incident model as pure functions of an incident, the plan and "now": lifecycle rules,
 * overdue updates, TTx, timeline order and template suggestion. No I/O, so it is tested with
 * a fake clock alone.
 */

const MIN = 60_000;

/**
 * Whether an incident may move from one status to another; throws a conflict saying what to do
 * otherwise. Open statuses may move either way (a fix that did not hold sends it back to
 * identified); `resolved` is reached only through resolve and left only through reopen, so a
 * resolution is always a deliberate, recorded act.
 */
export function checkTransition(id: string, from: IncidentStatus, to: IncidentStatus): void {
  if (from === 'resolved')
    throw new GreenboardError(
      'conflict',
      `${id} is resolved. Reopen it (incidents:reopen, with why) before changing its status.`,
    );
  if (to === 'resolved')
    throw new GreenboardError(
      'conflict',
      `Resolve ${id} with incidents:resolve, which records the resolution.`,
    );
  if (from === to) throw new GreenboardError('conflict', `${id} is already ${to}.`);
}

/** The incident after a status change at `now`: mitigation is when it first reached monitoring. */
export function withStatus(inc: Incident, to: IncidentStatus, now: number): Incident {
  const rank = INCIDENT_STATUSES.indexOf(to);
  const monitoring = INCIDENT_STATUSES.indexOf('monitoring');
  return {
    ...inc,
    status: to,
    // Going back before monitoring means the mitigation did not hold: TTM counts the one that did.
    mitigatedAt: rank >= monitoring ? (inc.mitigatedAt ?? now) : null,
    resolvedAt: to === 'resolved' ? (inc.resolvedAt ?? now) : null,
  };
}

/** The incident resolved at `now`; refuses one already resolved. */
export function resolved(inc: Incident, now: number, resolution: string | null): Incident {
  if (inc.status === 'resolved')
    throw new GreenboardError('conflict', `${inc.id} is already resolved. Reopen it first to change that.`);
  return { ...withStatus(inc, 'resolved', now), resolution, mitigatedAt: inc.mitigatedAt ?? now };
}

/** The incident reopened at `now` (investigating again); refuses one still open. */
export function reopened(inc: Incident): Incident {
  if (inc.status !== 'resolved')
    throw new GreenboardError(
      'conflict',
      `${inc.id} is still open (${inc.status}); there is nothing to reopen.`,
    );
  return { ...inc, status: 'investigating', resolvedAt: null, mitigatedAt: null, resolution: null };
}

/** The incident with a role given (or taken away); the first commander acknowledges it. */
export function withRole(
  inc: Incident,
  plan: Plan,
  roleId: string,
  member: string | null,
  now: number,
): Incident {
  const role = plan.roles.find((r) => r.id === roleId);
  if (!role)
    throw new GreenboardError(
      'not_found',
      `No role "${roleId}" in the plan. Known: ${plan.roles.map((r) => r.id).join(', ')}. Add it in Settings → Incident plan.`,
    );
  const roles = { ...inc.roles };
  if (member === null) delete roles[roleId];
  else roles[roleId] = member;
  const acknowledged = roleId === COMMANDER_ROLE_ID && member !== null && inc.acknowledgedAt === null;
  return { ...inc, roles, acknowledgedAt: acknowledged ? now : inc.acknowledgedAt };
}

/** Time since a reference, in whole minutes, as people say it. */
function minutes(ms: number): string {
  const m = Math.floor(ms / MIN);
  return m < 120 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** When the next status update is due (null once resolved): cadence after the last one. */
export function nextUpdateDue(inc: Incident, plan: Plan): number | null {
  if (inc.status === 'resolved') return null;
  return (inc.lastUpdateAt ?? inc.declaredAt) + plan.severities[inc.severity].updateEveryMin * MIN;
}

/**
 * The update-overdue warning at `now`, or null. Due once a full cadence has passed since the
 * last update (or the declaration, when none was posted yet).
 */
export function overdueWarning(inc: Incident, plan: Plan, now: number): string | null {
  const due = nextUpdateDue(inc, plan);
  if (due === null || now <= due) return null;
  const every = plan.severities[inc.severity].updateEveryMin;
  const cadence = `${inc.severity} expects one every ${minutes(every * MIN)}`;
  return inc.lastUpdateAt === null
    ? `update overdue: ${cadence}, none posted since it was declared ${minutes(now - inc.declaredAt)} ago`
    : `update overdue: ${cadence}, last ${minutes(now - inc.lastUpdateAt)} ago`;
}

/** What needs attention in an open incident, in words. */
export function warnings(inc: Incident, plan: Plan, now: number): string[] {
  if (inc.status === 'resolved') return [];
  const out: string[] = [];
  if (!inc.roles[COMMANDER_ROLE_ID]) out.push('no incident commander assigned');
  const overdue = overdueWarning(inc, plan, now);
  if (overdue) out.push(overdue);
  return out;
}

/** Time to acknowledge, mitigate and resolve, each from when impact began. */
export function ttx(inc: Incident): { ttaMs: number | null; ttmMs: number | null; ttrMs: number | null } {
  const since = (t: number | null): number | null => (t === null ? null : Math.max(0, t - inc.startedAt));
  return { ttaMs: since(inc.acknowledgedAt), ttmMs: since(inc.mitigatedAt), ttrMs: since(inc.resolvedAt) };
}

/** The incident with everything computed at `now`. */
export function summarize(inc: Incident, plan: Plan, now: number): IncidentSummary {
  return {
    ...inc,
    ...ttx(inc),
    warnings: warnings(inc, plan, now),
    nextUpdateDueAt: nextUpdateDue(inc, plan),
  };
}

/** Timeline order: by time, then by id (the order things were recorded within one ms). */
export function orderTimeline(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return [...entries].sort((a, b) => a.ts - b.ts || a.id - b.id);
}

/**
 * The template for a signal: `disk:/var` → its kind `disk`, probe signals (`probe:api`) →
 * `probe`, matched against each template's `signals` (first match in template order), so the
 * mapping is data the user can edit with the templates.
 */
export function suggestTemplate(
  signal: string,
  templates: readonly ChecklistTemplate[],
): ChecklistTemplate | null {
  const kind = signal.split(':')[0]?.trim().toLowerCase() ?? '';
  if (!kind) return null;
  return templates.find((t) => t.signals.some((s) => s.toLowerCase() === kind)) ?? null;
}

/** Open incidents first, then the newest declared. */
export function incidentOrder(a: Incident, b: Incident): number {
  const open = Number(a.status === 'resolved') - Number(b.status === 'resolved');
  return open || b.declaredAt - a.declaredAt || b.id.localeCompare(a.id);
}
