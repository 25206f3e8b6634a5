import { z } from 'zod';
import {
  COMMANDER_ROLE_ID,
  PlanSchema,
  SEVERITIES,
  type Plan,
  type Role,
  type Severity,
} from '../../../shared/incidents';
import { checkWithSchema, inputOrIssues, scaledMessage, type FormErrors } from '../ui/formSchema';

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

/** A message per plan path (`team.2.name`, `severities.SEV2.updateEveryMin`, `roles`). */
type PlanErrors = FormErrors<string>;

/** The path a contract issue lands on, the team's rows counted as on screen (`rows` maps back). */
function planPath(path: readonly PropertyKey[], rows: readonly number[]): string {
  const [head, index, ...rest] = path.map(String);
  if (head === 'team' && index !== undefined)
    return ['team', String(rows[Number(index)] ?? index), ...rest].join('.');
  return path.map(String).join('.');
}

/**
 * The Incident plan tab's form schema: the plan as typed in, the contract's plan out, checked
 * with its own schema (a cadence's range, the commander role, names); issues at the plan's paths
 * (`plan.<path>` in the settings), team rows as on screen. Empty team rows are dropped.
 */
export const PlanFormSchema = z.custom<PlanDraft>().transform((d, ctx): Plan => {
  const errors: PlanErrors = {};
  const rows: number[] = [];
  const team = d.team.flatMap((m, i) => {
    const member = { name: m.name.trim(), contact: m.contact.trim() };
    if (member.name === '' && member.contact === '') return [];
    if (member.name === '') errors[`team.${i}.name`] = 'every team member needs a name (or clear the row)';
    rows.push(i);
    return [member];
  });
  // Worded here, before the contract's own check says it in terms of ids and list sizes.
  if (!d.roles.some((r) => r.id === COMMANDER_ROLE_ID))
    errors.roles = 'the Incident Commander role must stay (rename it if you like)';
  d.roles.forEach((r, i) => {
    if (r.name.trim() === '') errors[`roles.${i}.name`] = 'every role needs a name';
  });
  const severities = {} as Plan['severities'];
  for (const s of SEVERITIES) {
    const p = d.severities[s];
    const text = p.updateEveryMin.trim();
    const every = text === '' ? NaN : Number(text);
    if (!Number.isFinite(every))
      errors[`severities.${s}.updateEveryMin`] = `${s} update cadence: enter whole minutes`;
    severities[s] = { definition: p.definition.trim(), updateEveryMin: every, webhook: p.webhook };
  }
  const plan = { team, roles: d.roles.map((r) => ({ ...r, name: r.name.trim() })), severities };
  checkWithSchema(
    PlanSchema,
    plan,
    errors,
    (path) => planPath(path, rows),
    (field, issue) => {
      const [head, s, key] = field.split('.');
      if (head === 'severities' && key === 'updateEveryMin')
        return `${s} update cadence: ${scaledMessage(issue, 1, 'minutes')}`;
      return issue.message;
    },
  );
  return inputOrIssues(ctx, errors, plan);
});

/** The plan to save, or what to fix first, in words (the first of the form schema's messages). */
export function fromPlanDraft(d: PlanDraft): { plan: Plan } | { error: string } {
  const r = PlanFormSchema.safeParse(d);
  if (r.success) return { plan: r.data };
  return { error: `Incident plan: ${r.error.issues[0]?.message ?? 'not valid'}` };
}

/** Every field of the plan by its settings path, as typed: an edit clears only its own errors. */
export function flattenPlanDraft(d: PlanDraft): Record<string, string> {
  const out: Record<string, string> = { 'plan.roles': d.roles.map((r) => r.id).join(' ') };
  d.team.forEach((m, i) => (out[`plan.team.${i}.name`] = `${m.name}\n${m.contact}`));
  d.roles.forEach((r, i) => (out[`plan.roles.${i}.name`] = r.name));
  for (const s of SEVERITIES) out[`plan.severities.${s}.updateEveryMin`] = d.severities[s].updateEveryMin;
  return out;
}
