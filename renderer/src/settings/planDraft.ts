import {
  COMMANDER_ROLE_ID,
  SEVERITIES,
  type Plan,
  type Role,
  type Severity,
} from '../../../shared/incidents';

/** The response plan as typed: cadences are text until saved. */
export interface PlanDraft {
  team: { name: string; contact: string }[];
  roles: Role[];
  severities: Record<Severity, { definition: string; updateEveryMin: string; webhook: boolean }>;
}

export function toPlanDraft(p: Plan): PlanDraft {
  const severities = Object.fromEntries(
    SEVERITIES.map((s) => [
      s,
      { ...p.severities[s], updateEveryMin: String(p.severities[s].updateEveryMin) },
    ]),
  ) as PlanDraft['severities'];
  return { team: p.team.map((m) => ({ ...m })), roles: p.roles.map((r) => ({ ...r })), severities };
}

/** A role id from its name, unused by `taken`: "On-call DBA" → "on-call-dba". */
export function roleIdFor(name: string, taken: readonly string[]): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32) || 'role';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/** The plan to save, or what to fix first, in words. Empty team rows are dropped. */
export function fromPlanDraft(d: PlanDraft): { plan: Plan } | { error: string } {
  const team = d.team
    .map((m) => ({ name: m.name.trim(), contact: m.contact.trim() }))
    .filter((m) => m.name !== '' || m.contact !== '');
  if (team.some((m) => m.name === ''))
    return { error: 'Incident plan: every team member needs a name (or clear the row).' };
  if (d.roles.some((r) => r.name.trim() === '')) return { error: 'Incident plan: every role needs a name.' };
  if (!d.roles.some((r) => r.id === COMMANDER_ROLE_ID))
    return { error: 'Incident plan: the Incident Commander role must stay (rename it if you like).' };
  const severities = {} as Plan['severities'];
  for (const s of SEVERITIES) {
    const p = d.severities[s];
    const every = Number(p.updateEveryMin.trim());
    if (!Number.isInteger(every) || every < 1 || every > 7 * 24 * 60)
      return { error: `Incident plan: ${s} update cadence must be whole minutes from 1 to 10080.` };
    severities[s] = { definition: p.definition.trim(), updateEveryMin: every, webhook: p.webhook };
  }
  return {
    plan: { team, roles: d.roles.map((r) => ({ ...r, name: r.name.trim() })), severities },
  };
}
