import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { DEFAULT_NOTIFY_SETTINGS, emptyRulesConfig } from '../../../shared/alerts';
import type { Plan } from '../../../shared/incidents';
import { DEFAULT_SETTINGS, type ApiIssue, type Settings } from '../../../shared/schemas';
import { api, errorIssues, errorMessage } from '../api';
import { apiQuery } from '../apiQuery';
import { parseAtPaths } from '../ui/formSchema';
import { useAppInfo } from '../app/useAppInfo';
import {
  DataSourcesFormSchema,
  dataSourceErrorsFromIssues,
  flattenDataSourcesDraft,
  toDataSourcesDraft,
  type DataSourcesDraft,
} from './dataSourceDraft';
import { fieldErrorsFromIssues } from './fieldErrors';
import { GeneralFormSchema, TIERS, toGeneralDraft, type GeneralDraft } from './generalDraft';
import { NotifyFormSchema, toNotifyDraft, type NotifyDraft } from './notifyDraft';
import { PlanFormSchema, flattenPlanDraft, fromPlanDraft, toPlanDraft, type PlanDraft } from './planDraft';
import {
  flattenRulesDraft,
  fromRulesDraft,
  toRulesDraft,
  type FieldErrors,
  type RulesDraft,
} from './rulesDraft';
import { BusyButton } from '../ui/BusyButton';
import { DataSourcesSettings } from './DataSourcesSettings';
import { ErrorNotice } from '../ui/ErrorNotice';
import { GeneralSettings } from './GeneralSettings';
import { IncidentPlanSettings } from './IncidentPlanSettings';
import { Modal } from '../ui/Modal';
import { NotifySettings } from './NotifySettings';
import { RulesEditor } from './RulesEditor';
import { SettingsTabs, type SettingsTab } from './SettingsTabs';

interface Draft {
  general: GeneralDraft;
  rules: RulesDraft;
  notify: NotifyDraft;
  plan: PlanDraft;
  sources: DataSourcesDraft;
}

/** A refused save: the message as a whole, and what of it names a field the form shows. */
interface Problem {
  summary: string;
  fields: FieldErrors;
}

function toDraft(s: Settings, plan: Plan): Draft {
  return {
    general: toGeneralDraft(s),
    rules: toRulesDraft(s.rules),
    notify: toNotifyDraft(s.notify),
    plan: toPlanDraft(plan),
    sources: toDataSourcesDraft(s.prometheus),
  };
}

// The incident plan's defaults live in the engine; its tab has no "Restore defaults".
const RESTORE: Partial<Record<SettingsTab, (d: Draft) => Draft>> = {
  general: (d) => ({ ...d, general: toGeneralDraft(DEFAULT_SETTINGS) }),
  rules: (d) => ({ ...d, rules: toRulesDraft(emptyRulesConfig()) }),
  notify: (d) => ({ ...d, notify: toNotifyDraft(DEFAULT_NOTIFY_SETTINGS) }),
};

function flatten(d: Draft): Record<string, string> {
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

const GENERAL_KEYS = ['retentionDays', 'localIntervalMs'];

function tabOf(path: string): SettingsTab | null {
  const head = path.split('.')[0] ?? '';
  if (head === 'rules') return 'rules';
  if (head === 'notify') return 'notify';
  if (head === 'prometheus') return 'sources';
  if (head === 'plan') return 'plan';
  if (GENERAL_KEYS.includes(head)) return 'general';
  return null;
}

/** The tab a refusal is about: that of its first issue the form can place. */
function tabOfIssues(issues: readonly ApiIssue[]): SettingsTab | null {
  return issues.map((i) => tabOf(i.path.join('.'))).find((t) => t !== null) ?? null;
}

/**
 * A refusal as the summary under the form. With issues, each one on its own terms: a general
 * setting's message reads alone ("Each coarser tier…"), a rule or source keeps its path, which is
 * also how the field is spelled in greenboard.json. Without, the engine's message as it is.
 */
function refusalSummary(message: string, issues: readonly ApiIssue[]): string {
  if (issues.length === 0) return message;
  return issues
    .map(({ path, message: text }) => {
      if (path.length === 0 || GENERAL_KEYS.includes(String(path[0]))) {
        return text.charAt(0).toUpperCase() + text.slice(1);
      }
      return `${path.join('.')}: ${text}`;
    })
    .join('; ');
}

/** Where the engine writes settings, in the data folder's own path style. */
function configPath(dataDir: string): string {
  const sep = dataDir.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  return `${dataDir.replace(/[\\/]+$/, '')}${sep}greenboard.json`;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The engine's settings (poll interval, history kept, alert rules, notifications), saved by the
 * engine to greenboard.json in the data folder. Only the sections that changed are sent, so
 * saving the poll interval never re-checks or resets the rules. Read-only while a saved history
 * is under review: the engine refuses settings:set there, and the values shown are its defaults.
 */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const info = useAppInfo();
  const reviewing = info?.history != null;
  const tabsId = useId();
  const queryClient = useQueryClient();
  const settingsRead = useQuery(apiQuery('settings:get', {}));
  const planRead = useQuery(apiQuery('incidents:plan', {}));
  // What the form started from, kept as read (so only what changed is sent) while the reads
  // may refresh underneath.
  const [base, setBase] = useState<{ loaded: Settings; loadedPlan: Plan } | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [tab, setTab] = useState<SettingsTab>('general');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const readError = settingsRead.error ?? planRead.error;
  const loadError = readError ? errorMessage(readError) : null;
  const { loaded, loadedPlan } = base ?? { loaded: null, loadedPlan: null };

  // The form starts from a fresh read, not from what the cache held when it opened: a value
  // saved from another window (or the CLI) since then must not be written back over.
  if (!draft && settingsRead.isFetchedAfterMount && planRead.isFetchedAfterMount) {
    if (settingsRead.data && planRead.data) {
      setBase({ loaded: settingsRead.data, loadedPlan: planRead.data });
      setDraft(toDraft(settingsRead.data, planRead.data));
    }
  }

  // An edit clears the errors of the fields it touched and keeps the rest in view; a refusal
  // the form could not pin on a field goes on any edit, as it always did.
  const update = (next: Draft): void => {
    if (draft && problem) {
      const before = flatten(draft);
      const after = flatten(next);
      const fields = Object.fromEntries(
        Object.entries(problem.fields).filter(([p]) => before[p] === after[p]),
      );
      setProblem(Object.keys(fields).length > 0 ? { ...problem, fields } : null);
    }
    setDraft(next);
  };

  const fail = (p: Problem, hint: SettingsTab | null): void => {
    setProblem(p);
    const tabs = Object.keys(p.fields).map(tabOf);
    if (!tabs.includes(tab)) setTab(tabs.find((t) => t !== null) ?? hint ?? tab);
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!draft || !loaded || !loadedPlan) return;
    const parsedGeneral = parseAtPaths(GeneralFormSchema, draft.general, '');
    if (!parsedGeneral.ok) {
      const [first = ''] = Object.values(parsedGeneral.errors);
      return fail({ summary: first, fields: parsedGeneral.errors }, 'general');
    }
    const general = parsedGeneral.data;
    const parsedPlan = parseAtPaths(PlanFormSchema, draft.plan, 'plan');
    if (!parsedPlan.ok) {
      const [first = ''] = Object.values(parsedPlan.errors);
      return fail({ summary: `Incident plan: ${first}`, fields: parsedPlan.errors }, 'plan');
    }
    const plan = { plan: parsedPlan.data };
    const rules = fromRulesDraft(draft.rules);
    const notify = parseAtPaths(NotifyFormSchema, draft.notify, 'notify');
    const sources = parseAtPaths(DataSourcesFormSchema, draft.sources, 'prometheus');
    const fields = {
      ...rules.errors,
      ...(notify.ok ? {} : notify.errors),
      ...(sources.ok ? {} : sources.errors),
    };
    const issues = Object.entries(fields);
    if (issues.length > 0) {
      const list = issues.map(([p, m]) => `${p}: ${m}`).join('; ');
      const fix = issues.length === 1 ? 'that field' : 'those fields';
      return fail({ summary: `Not saved: ${list}. Fix ${fix} and save again.`, fields }, null);
    }
    if (!notify.ok || !sources.ok) return; // never: their errors are in `fields`

    const patch: Partial<Settings> = {};
    const before = GeneralFormSchema.safeParse(toGeneralDraft(loaded)).data;
    if (!same(general, before)) Object.assign(patch, general);
    if (!same(rules.config, fromRulesDraft(toRulesDraft(loaded.rules)).config)) patch.rules = rules.config;
    if (!same(notify.data, loaded.notify)) patch.notify = notify.data;
    if (!same(sources.data, loaded.prometheus)) patch.prometheus = sources.data;
    const planChanged = !same(plan.plan, fromPlanDraft(toPlanDraft(loadedPlan)));
    if (Object.keys(patch).length === 0 && !planChanged) return onClose();

    setBusy(true);
    setProblem(null);
    try {
      if (Object.keys(patch).length > 0) await api.call('settings:set', patch);
      if (planChanged) await api.call('incidents:setPlan', plan.plan);
      // Views that read these (the incident page reads the plan) see the saved values.
      void queryClient.invalidateQueries({ queryKey: ['settings:get'] });
      void queryClient.invalidateQueries({ queryKey: ['incidents:plan'] });
      onClose();
    } catch (err) {
      const issues = errorIssues(err);
      const known = Object.keys(flatten(draft));
      fail(
        {
          summary: refusalSummary(errorMessage(err), issues),
          fields: { ...fieldErrorsFromIssues(issues, known), ...dataSourceErrorsFromIssues(issues) },
        },
        tabOfIssues(issues),
      );
      setBusy(false);
    }
  };

  const fieldErrors = problem?.fields ?? {};
  const tabHasErrors = (t: SettingsTab): boolean => Object.keys(fieldErrors).some((p) => tabOf(p) === t);
  return (
    <Modal title="Settings" testId="settings-dialog" onClose={onClose} wide>
      {reviewing && (
        <p className="notice settings__note" data-testid="settings-read-only">
          This is a saved history, open for review: nothing in it can be changed. Settings apply to the live
          board.
        </p>
      )}
      <ErrorNotice message={loadError} prefix="Could not load settings: " testId="settings-load-error" />
      {!draft && !loadError && <p className="muted">Loading settings…</p>}
      {draft && (
        <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={busy}>
          <SettingsTabs idPrefix={tabsId} tab={tab} hasErrors={tabHasErrors} onSelect={setTab} />

          <div id={`${tabsId}-panel`} role="tabpanel" aria-labelledby={`${tabsId}-${tab}`}>
            <fieldset className="choices settings-panel" disabled={reviewing || busy}>
              {tab === 'general' && (
                <GeneralSettings
                  draft={draft.general}
                  errors={fieldErrors}
                  onChange={(general) => update({ ...draft, general })}
                />
              )}
              {tab === 'rules' && (
                <RulesEditor
                  draft={draft.rules}
                  errors={fieldErrors}
                  onChange={(rules) => update({ ...draft, rules })}
                />
              )}
              {tab === 'plan' && (
                <IncidentPlanSettings
                  draft={draft.plan}
                  errors={fieldErrors}
                  onChange={(plan) => update({ ...draft, plan })}
                />
              )}
              {tab === 'sources' && (
                <DataSourcesSettings
                  draft={draft.sources}
                  errors={fieldErrors}
                  onChange={(sources) => update({ ...draft, sources })}
                />
              )}
              {tab === 'notify' && (
                <NotifySettings
                  draft={draft.notify}
                  errors={fieldErrors}
                  inElectron={window.greenboard !== undefined}
                  onChange={(notify) => update({ ...draft, notify })}
                />
              )}
            </fieldset>
          </div>

          {info && (
            <p className="field__hint" data-testid="settings-file">
              Saved to <span className="mono settings__path">{configPath(info.dataDir)}</span>
            </p>
          )}
          {info?.logFile && (
            <p className="field__hint" data-testid="settings-log-file">
              Log: <span className="mono settings__path">{info.logFile}</span> (read it with{' '}
              <span className="mono">greenboard logs</span>)
            </p>
          )}

          {/* Kept in view on a long tab, so Save and what stopped it are never scrolled away. */}
          <div className="settings-footer">
            <ErrorNotice message={problem?.summary} testId="settings-error" />
            <div className="modal__actions">
              {!reviewing && RESTORE[tab] && (
                <button
                  type="button"
                  className="button modal__actions-start"
                  data-testid="settings-defaults"
                  title="Fills this tab with the built-in defaults; nothing changes until you save"
                  disabled={busy}
                  onClick={() => {
                    setDraft(RESTORE[tab]?.(draft) ?? draft);
                    setProblem(null);
                  }}
                >
                  Restore defaults
                </button>
              )}
              <button type="button" className="button" onClick={onClose}>
                {reviewing ? 'Close' : 'Cancel'}
              </button>
              {!reviewing && (
                <BusyButton
                  type="submit"
                  className="button button--primary"
                  data-testid="settings-save"
                  busy={busy}
                  busyLabel="Saving…"
                >
                  Save
                </BusyButton>
              )}
            </div>
          </div>
        </form>
      )}
    </Modal>
  );
}
