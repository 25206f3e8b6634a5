import { z } from 'zod';
import { freeText, safeString } from './safeText';

/**
 * Incidents: the response plan (team, roles, severities), checklist templates, and incidents
 * with their timeline. The engine side lives in electron/engine/incidents.
 */

/** The one role every plan must have: someone owns the incident. */
export const COMMANDER_ROLE_ID = 'commander';

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** Status order: an open incident moves along it; `resolved` is left only by an explicit reopen. */
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const IncidentStatusSchema = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and "-" (up to 40)');
const Who = safeString().trim().min(1).max(80);

export const TeamMemberSchema = z.object({ name: Who, contact: safeString().max(200).default('') }).strict();
export type TeamMember = z.infer<typeof TeamMemberSchema>;

export const RoleSchema = z
  .object({ id: Id, name: safeString().trim().min(1).max(60), description: freeText().max(500).default('') })
  .strict();
export type Role = z.infer<typeof RoleSchema>;

export const SeverityPolicySchema = z
  .object({
    definition: freeText().max(500),
    /** A status update is expected at least this often while the incident is open. */
    updateEveryMin: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
    /** Status updates of this severity also go to the webhook channel (Settings → Notifications). */
    webhook: z.boolean(),
  })
  .strict();
export type SeverityPolicy = z.infer<typeof SeverityPolicySchema>;

/** The response plan: who can respond, which roles exist, what each severity means. */
export const PlanSchema = z
  .object({
    team: z.array(TeamMemberSchema).max(200),
    roles: z.array(RoleSchema).min(1).max(30),
    severities: z.object({
      SEV1: SeverityPolicySchema,
      SEV2: SeverityPolicySchema,
      SEV3: SeverityPolicySchema,
      SEV4: SeverityPolicySchema,
    }),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (!p.roles.some((r) => r.id === COMMANDER_ROLE_ID))
      ctx.addIssue({
        code: 'custom',
        path: ['roles'],
        message: `the Incident Commander role (id "${COMMANDER_ROLE_ID}") must stay; rename it if you like`,
      });
    const ids = p.roles.map((r) => r.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['roles'], message: `role id "${dup}" is used twice` });
    const names = p.team.map((m) => m.name.toLowerCase());
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) ctx.addIssue({ code: 'custom', path: ['team'], message: `"${twice}" is in the team twice` });
  });
export type Plan = z.infer<typeof PlanSchema>;

export const ChecklistStepSchema = z
  .object({
    id: Id,
    text: freeText()
      .trim()
      .min(1, 'say what to do in this step')
      .max(500, 'keep a step under 500 characters'),
    /** A built-in read-only diagnostic (diag:checks ids, e.g. `top-cpu`) the step runs when ticked. */
    diag: safeString().min(1).max(80).optional(),
  })
  .strict();
export type ChecklistStep = z.infer<typeof ChecklistStepSchema>;

export const ChecklistTemplateSchema = z
  .object({
    id: Id,
    title: safeString().trim().min(1, 'give the template a title').max(120),
    /** Signal kinds this template is suggested for (`cpu`, `disk`, `probe`, `security`, …). */
    signals: z.array(safeString().min(1).max(40)).max(40).default([]),
    steps: z.array(ChecklistStepSchema).min(1, 'a checklist needs at least one step').max(50),
  })
  .strict();
export type ChecklistTemplate = z.infer<typeof ChecklistTemplateSchema>;

export const TemplatesSchema = z
  .array(ChecklistTemplateSchema)
  .max(100)
  .refine((ts) => new Set(ts.map((t) => t.id)).size === ts.length, 'two templates share an id');

/** A checklist step in an incident, and whether (when, by whom) it was done. */
export const IncidentStepSchema = ChecklistStepSchema.extend({
  doneAt: z.number().nullable(),
  doneBy: z.string().nullable(),
});
export type IncidentStep = z.infer<typeof IncidentStepSchema>;

/** A host's key metrics at the moment the incident was declared. */
export const HostSnapshotSchema = z.object({
  hostId: z.string(),
  hostName: z.string(),
  /** The sample's time; null when the host had sent none. */
  ts: z.number().nullable(),
  health: z.string(),
  reasons: z.array(z.string()),
  cpuPct: z.number().nullable(),
  memPct: z.number().nullable(),
  load1: z.number().nullable(),
  disks: z.array(z.object({ mount: z.string(), usedPct: z.number() })),
});
export type HostSnapshot = z.infer<typeof HostSnapshotSchema>;

export const TIMELINE_KINDS = [
  'declared',
  'status',
  'severity',
  'role',
  'host_state',
  'probe_state',
  'diagnostic',
  'checklist',
  'update',
  'note',
  'resolved',
] as const;
export const TimelineKindSchema = z.enum(TIMELINE_KINDS);
export type TimelineKind = z.infer<typeof TimelineKindSchema>;

/** One thing that happened; `who` is a person, or `greenboard` for what it recorded itself. */
export const TimelineEntrySchema = z.object({
  id: z.number().int(),
  ts: z.number(),
  kind: TimelineKindSchema,
  who: z.string(),
  text: z.string(),
  /** Details: a diagnostic's output, an update's delivery id, a state change's from/to. */
  data: z.record(z.string(), z.unknown()).optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

/** An incident as stored (the timeline is kept beside it, append-only). */
export const IncidentSchema = z.object({
  /** `INC-<n>`, numbered in declaration order. */
  id: z.string(),
  title: z.string(),
  severity: SeveritySchema,
  status: IncidentStatusSchema,
  hostIds: z.array(z.string()),
  probeIds: z.array(z.string()),
  /** roleId → team member name. */
  roles: z.record(z.string(), z.string()),
  template: z.string().nullable(),
  checklist: z.array(IncidentStepSchema),
  /** The triggering signals' reasons in words, as they stood at declaration. */
  signals: z.array(z.string()),
  snapshot: z.array(HostSnapshotSchema),
  /** When impact began: the red host's or probe's `since`, else the declaration. */
  startedAt: z.number(),
  declaredAt: z.number(),
  declaredBy: z.string(),
  /** The first time a commander was assigned: someone owns it. */
  acknowledgedAt: z.number().nullable(),
  /** When the status reached monitoring (a fix is in); cleared if it went back. */
  mitigatedAt: z.number().nullable(),
  resolvedAt: z.number().nullable(),
  lastUpdateAt: z.number().nullable(),
  resolution: z.string().nullable(),
});
export type Incident = z.infer<typeof IncidentSchema>;

/** An incident with what is computed from it at read time. */
export const IncidentSummarySchema = IncidentSchema.extend({
  /** Time to acknowledge, mitigate and resolve, from `startedAt`; null until reached. */
  ttaMs: z.number().nullable(),
  ttmMs: z.number().nullable(),
  ttrMs: z.number().nullable(),
  /** What needs attention, in words ("no incident commander assigned", "update overdue: …"). */
  warnings: z.array(z.string()),
  /** When the next status update is due; null once resolved. */
  nextUpdateDueAt: z.number().nullable(),
});
export type IncidentSummary = z.infer<typeof IncidentSummarySchema>;

/** How a status update's webhook message fared (see `webhook:deliveries` for the channel's log). */
export const UpdateDeliverySchema = z.object({
  entryId: z.number().int(),
  deliveryId: z.number().int(),
  state: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
});
export type UpdateDelivery = z.infer<typeof UpdateDeliverySchema>;

/** One incident in full: summary, timeline (by time, then id) and its updates' deliveries. */
export const IncidentViewSchema = IncidentSummarySchema.extend({
  timeline: z.array(TimelineEntrySchema),
  deliveries: z.array(UpdateDeliverySchema),
});
export type IncidentView = z.infer<typeof IncidentViewSchema>;
