import { z } from 'zod';
import {
  ChecklistTemplateSchema,
  IncidentStatusSchema,
  IncidentSummarySchema,
  IncidentViewSchema,
  PlanSchema,
  SeveritySchema,
  TemplatesSchema,
} from './incidents';
import { freeText, safeString } from './safeText';

const IncidentId = safeString().min(1).max(40);
/** Who did it, as the timeline shows it. The UI passes the signed-in operator's name. */
const By = safeString().trim().min(1).max(80).default('operator');
/** Ids of hosts, probes, steps and roles: they end up in file names and diagnostics. */
const Ref = safeString().min(1).max(300);

/**
 * The incidents part of the API contract; `contract.ts` merges it into `methods` and `events`.
 * Same rules: zod input and output, `liveOnly` for anything that changes the history or reaches
 * a server, so a reviewed history shows its incidents read-only.
 */
export const incidentMethods = {
  /** The response plan: team, roles, severities (with update cadence and webhook use). */
  'incidents:plan': { input: z.object({}).strict(), output: PlanSchema },
  /** Replaces the plan; the commander role must stay. */
  'incidents:setPlan': { liveOnly: true, input: PlanSchema, output: PlanSchema },
  /** The checklist templates (defaults until edited). */
  'incidents:templates': { input: z.object({}).strict(), output: z.array(ChecklistTemplateSchema) },
  /** Replaces every template. */
  'incidents:setTemplates': {
    liveOnly: true,
    input: z.object({ templates: TemplatesSchema }).strict(),
    output: z.array(ChecklistTemplateSchema),
  },
  /** Incidents, open ones first, then newest first. */
  'incidents:list': {
    input: z
      .object({
        status: z.enum(['open', 'resolved', 'all']).default('all'),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    output: z.array(IncidentSummarySchema),
  },
  /** One incident with its timeline and its updates' deliveries. */
  'incidents:get': { input: z.object({ id: IncidentId }).strict(), output: IncidentViewSchema },
  /**
   * Declares an incident. With hosts or probes, their current reasons and each host's latest
   * metrics are captured; the checklist comes from `template`, else the one suggested for
   * `fromSignal` (a signal like `disk:/var`, `probe`), else for the hosts' worst signal.
   */
  'incidents:declare': {
    liveOnly: true,
    input: z
      .object({
        // The title names the postmortem file.
        title: safeString().trim().min(1).max(200),
        severity: SeveritySchema,
        hostIds: z.array(Ref).max(100).default([]),
        probeIds: z.array(Ref).max(100).default([]),
        template: Ref.optional(),
        fromSignal: safeString().min(1).max(120).optional(),
        /** Assign the commander at once (e.g. the person declaring). */
        commander: safeString().trim().min(1).max(80).optional(),
        by: By,
      })
      .strict(),
    output: IncidentViewSchema,
  },
  /** Moves an open incident along its status; `resolved` is `incidents:resolve`. */
  'incidents:setStatus': {
    liveOnly: true,
    input: z
      .object({ id: IncidentId, status: IncidentStatusSchema, text: freeText().max(2000).optional(), by: By })
      .strict(),
    output: IncidentViewSchema,
  },
  'incidents:setSeverity': {
    liveOnly: true,
    input: z.object({ id: IncidentId, severity: SeveritySchema, by: By }).strict(),
    output: IncidentViewSchema,
  },
  /** Gives a role to a team member (by name), or takes it away with `member: null`. */
  'incidents:assign': {
    liveOnly: true,
    input: z
      .object({
        id: IncidentId,
        roleId: Ref,
        member: safeString().trim().min(1).max(80).nullable(),
        by: By,
      })
      .strict(),
    output: IncidentViewSchema,
  },
  /**
   * Ticks (or unticks) a checklist step. A step with a diagnostic runs it when ticked, on
   * `hostId` or the incident's first host, and its output lands in the timeline.
   */
  'incidents:tick': {
    liveOnly: true,
    input: z
      .object({
        id: IncidentId,
        stepId: Ref,
        done: z.boolean().default(true),
        hostId: Ref.optional(),
        by: By,
      })
      .strict(),
    output: IncidentViewSchema,
  },
  'incidents:note': {
    liveOnly: true,
    input: z.object({ id: IncidentId, text: freeText().trim().min(1).max(10_000), by: By }).strict(),
    output: IncidentViewSchema,
  },
  /** Posts a status update: into the timeline, and to the webhook when the severity says so. */
  'incidents:update': {
    liveOnly: true,
    input: z.object({ id: IncidentId, text: freeText().trim().min(1).max(4000), by: By }).strict(),
    output: IncidentViewSchema,
  },
  'incidents:resolve': {
    liveOnly: true,
    input: z.object({ id: IncidentId, resolution: freeText().max(4000).optional(), by: By }).strict(),
    output: IncidentViewSchema,
  },
  /** Reopens a resolved incident (back to investigating); says why in the timeline. */
  'incidents:reopen': {
    liveOnly: true,
    input: z.object({ id: IncidentId, why: freeText().trim().min(1).max(2000), by: By }).strict(),
    output: IncidentViewSchema,
  },
  /** A postmortem draft in Markdown, with the hosts' key metrics around the incident. */
  'incidents:postmortem': {
    input: z.object({ id: IncidentId }).strict(),
    output: z.object({ fileName: z.string(), markdown: z.string() }),
  },
  /** The template suggested for a signal (`cpu`, `disk:/var`, `data`, `probe`, `security`, …). */
  'incidents:suggest': {
    input: z.object({ signal: safeString().min(1).max(120) }).strict(),
    output: z.object({ template: ChecklistTemplateSchema.nullable() }),
  },
} as const;

/** Events of incidents. */
export const incidentEvents = {
  /** An incident was declared or changed (including a new timeline entry). */
  'incidents:changed': z.object({ id: z.string(), incident: IncidentSummarySchema }),
} as const;
