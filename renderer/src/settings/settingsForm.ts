import { z } from 'zod';
import {
  DEFAULT_NOTIFY_SETTINGS,
  emptyRulesConfig,
  type NotifySettings,
  type RulesConfig,
} from '../../../shared/alerts';
import type { Plan } from '../../../shared/incidents';
import type { PrometheusSource } from '../../../shared/prometheus';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/schemas';
import { parentsFirst, type ErrorsByPath } from '../ui/formErrors';
import { parseAtPaths } from '../ui/formSchema';
import {
  DataSourcesFormSchema,
  flattenDataSourcesDraft,
  toDataSourcesDraft,
  type DataSourcesDraft,
} from './dataSourceDraft';
import {
  GeneralFormSchema,
  TIERS,
  toGeneralDraft,
  type GeneralDraft,
  type GeneralSettings,
} from './generalDraft';
import { NotifyFormSchema, toNotifyDraft, type NotifyDraft } from './notifyDraft';
import { PlanFormSchema, flattenPlanDraft, fromPlanDraft, toPlanDraft, type PlanDraft } from './planDraft';
import { flattenRulesDraft, fromRulesDraft, toRulesDraft, type RulesDraft } from './rulesDraft';
import type { SettingsTab } from './SettingsTabs';

/** The Settings dialog's form values: each tab's fields as typed. */
export interface SettingsDraft {
  general: GeneralDraft;
  rules: RulesDraft;
  notify: NotifyDraft;
  plan: PlanDraft;
  sources: DataSourcesDraft;
}

/** What a valid form holds: each section as the API takes it. */
export interface SettingsValues {
  general: GeneralSettings;
  rules: RulesConfig;
  notify: NotifySettings;
  prometheus: PrometheusSource[];
  plan: Plan;
}

export function toSettingsDraft(s: Settings, plan: Plan): SettingsDraft {
  return {
    general: toGeneralDraft(s),
    rules: toRulesDraft(s.rules),
    notify: toNotifyDraft(s.notify),
    plan: toPlanDraft(plan),
    sources: toDataSourcesDraft(s.prometheus),
  };
}

// The incident plan's defaults live in the engine; its tab has no "Restore defaults".
export const RESTORE: Partial<Record<SettingsTab, (d: SettingsDraft) => SettingsDraft>> = {
  general: (d) => ({ ...d, general: toGeneralDraft(DEFAULT_SETTINGS) }),
  rules: (d) => ({ ...d, rules: toRulesDraft(emptyRulesConfig()) }),
  notify: (d) => ({ ...d, notify: toNotifyDraft(DEFAULT_NOTIFY_SETTINGS) }),
};

/**
 * Every field by the settings path the engine names it by, as typed: the paths a refusal can
 * name, and a way to tell which fields an edit touched (so only their errors go away).
 */
export function flattenSettingsDraft(d: SettingsDraft): Record<string, string> {
  return {
    ...flattenRulesDraft(d.rules),
    ...flattenDataSourcesDraft(d.sources),
    localIntervalMs: d.general.intervalS,
    retentionDays: TIERS.map(({ tier }) => d.general[tier]).join(' '),
    ...Object.fromEntries(TIERS.map(({ tier }) => [`retentionDays.${tier}`, d.general[tier]])),
    ...flattenPlanDraft(d.plan),
    'notify.desktop': String(d.notify.desktop),
    'notify.webhookUrl': d.notify.webhookUrl,
    'notify.minGapMinutes': d.notify.minGapMinutes,
  };
}

/**
 * Each message at its settings path, a parent before its fields (the form's error tree holds both
 * at one node, and a parent set last would replace them); z.NEVER.
 */
function refuse(ctx: z.RefinementCtx, errors: ErrorsByPath): never {
  for (const [path, message] of parentsFirst(Object.entries(errors)))
    ctx.addIssue({ code: 'custom', path: [path], message });
  return z.NEVER;
}

/**
 * The whole dialog's form schema, for react-hook-form's zod resolver: every tab's own form schema
 * (each checks with the contract's schema, so the form holds no range of its own), issues at the
 * settings paths (`localIntervalMs`, `rules.defaults.cpu.warn`, `plan.roles.0.name`). As the
 * dialog always did, the General tab is checked first, then the plan, then the rest together:
 * what to fix first is what the refusal shows.
 */
export const SettingsFormSchema = z.custom<SettingsDraft>().transform((d, ctx): SettingsValues => {
  const general = parseAtPaths(GeneralFormSchema, d.general, '');
  if (!general.ok) return refuse(ctx, general.errors);
  const plan = parseAtPaths(PlanFormSchema, d.plan, 'plan');
  if (!plan.ok) return refuse(ctx, plan.errors);
  const rules = fromRulesDraft(d.rules);
  const notify = parseAtPaths(NotifyFormSchema, d.notify, 'notify');
  const sources = parseAtPaths(DataSourcesFormSchema, d.sources, 'prometheus');
  if (!notify.ok || !sources.ok || Object.keys(rules.errors).length > 0) {
    return refuse(ctx, {
      ...rules.errors,
      ...(notify.ok ? {} : notify.errors),
      ...(sources.ok ? {} : sources.errors),
    });
  }
  return {
    general: general.data,
    plan: plan.data,
    rules: rules.config,
    notify: notify.data,
    prometheus: sources.data,
  };
});

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * What to send: only the sections that changed since the form was read, so saving the poll
 * interval never re-checks or resets the rules; `plan` is null when the plan is as read.
 */
export function settingsChanges(
  values: SettingsValues,
  loaded: Settings,
  loadedPlan: Plan,
): { patch: Partial<Settings>; plan: Plan | null } {
  const patch: Partial<Settings> = {};
  const before = GeneralFormSchema.safeParse(toGeneralDraft(loaded)).data;
  if (!same(values.general, before)) Object.assign(patch, values.general);
  if (!same(values.rules, fromRulesDraft(toRulesDraft(loaded.rules)).config)) patch.rules = values.rules;
  if (!same(values.notify, loaded.notify)) patch.notify = values.notify;
  if (!same(values.prometheus, loaded.prometheus)) patch.prometheus = values.prometheus;
  // The plan as read, through the same form round trip as the values, so an untouched plan is equal.
  const read = fromPlanDraft(toPlanDraft(loadedPlan));
  const planChanged = !('plan' in read) || !same(values.plan, read.plan);
  return { patch, plan: planChanged ? values.plan : null };
}
