import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useForm, useWatch, type FieldErrors } from 'react-hook-form';
import type { Plan } from '../../../shared/incidents';
import type { AppInfo, Settings } from '../../../shared/schemas';
import { api, errorIssues, errorMessage } from '../api';
import { errorsByPath, setErrorsByPath, type ErrorsByPath } from '../ui/formErrors';
import { DataSourcesSettings } from './DataSourcesSettings';
import { GeneralSettings } from './GeneralSettings';
import { IncidentPlanSettings } from './IncidentPlanSettings';
import { NotifySettings } from './NotifySettings';
import { RulesEditor } from './RulesEditor';
import { SettingsFooter } from './SettingsFooter';
import {
  RESTORE,
  SettingsFormSchema,
  flattenSettingsDraft,
  settingsChanges,
  toSettingsDraft,
  type SettingsDraft,
  type SettingsValues,
} from './settingsForm';
import { formRefusalSummary, refusalSummary, refusedFields, tabOf, tabOfIssues } from './settingsRefusal';
import { SettingsTabs, type SettingsTab } from './SettingsTabs';

interface Props {
  /** The settings and plan the form starts from, as read: only what differs from them is sent. */
  loaded: Settings;
  loadedPlan: Plan;
  info: AppInfo | null;
  reviewing: boolean;
  onClose: () => void;
}

/**
 * The settings form: every tab's fields in one react-hook-form form, checked on Save with the
 * tabs' own form schemas (through the zod resolver), and the engine's refusal set on the fields
 * by the paths of its issues. An error stays until its own field is edited or the next Save.
 */
export function SettingsForm({ loaded, loadedPlan, info, reviewing, onClose }: Props) {
  const tabsId = useId();
  const queryClient = useQueryClient();
  const {
    register,
    control,
    handleSubmit,
    setError,
    clearErrors,
    getValues,
    setValue,
    reset,
    subscribe,
    formState,
  } = useForm<SettingsDraft, unknown, SettingsValues>({
    defaultValues: toSettingsDraft(loaded, loadedPlan),
    resolver: zodResolver(SettingsFormSchema),
    // Not re-checked as typed: an edit clears the errors of what it changed (below), as before.
    reValidateMode: 'onSubmit',
    shouldFocusError: false,
  });
  // Given whole as the default values and only ever set whole, the values are never partial.
  const draft = useWatch({ control }) as SettingsDraft;
  const [tab, setTab] = useState<SettingsTab>('general');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // The errors on screen by settings path, to tell which of them an edit touched.
  const shown = useRef<ErrorsByPath>({});

  const show = (fields: ErrorsByPath): void => {
    clearErrors();
    setErrorsByPath(setError, fields);
    shown.current = fields;
  };

  // An edit clears the errors of the fields it touched and keeps the rest in view; a refusal
  // the form could not pin on a field goes on any edit, as it always did.
  useEffect(() => {
    let before = flattenSettingsDraft(getValues());
    return subscribe({
      formState: { values: true },
      callback: ({ values }) => {
        const after = flattenSettingsDraft(values);
        const all = Object.entries(shown.current);
        const kept = Object.fromEntries(all.filter(([p]) => before[p] === after[p]));
        before = after;
        if (Object.keys(kept).length < all.length) {
          clearErrors();
          setErrorsByPath(setError, kept);
          shown.current = kept;
        }
        if (Object.keys(kept).length === 0) setProblem(null);
      },
    });
  }, [clearErrors, getValues, setError, subscribe]);

  const goTo = (fields: ErrorsByPath, hint: SettingsTab | null): void => {
    const tabs = Object.keys(fields).map(tabOf);
    if (!tabs.includes(tab)) setTab(tabs.find((t) => t !== null) ?? hint ?? tab);
  };

  const save = async (values: SettingsValues): Promise<void> => {
    shown.current = {};
    const { patch, plan } = settingsChanges(values, loaded, loadedPlan);
    if (Object.keys(patch).length === 0 && !plan) return onClose();
    setBusy(true);
    setProblem(null);
    try {
      if (Object.keys(patch).length > 0) await api.call('settings:set', patch);
      if (plan) await api.call('incidents:setPlan', plan);
      // Views that read these (the incident page reads the plan) see the saved values.
      void queryClient.invalidateQueries({ queryKey: ['settings:get'] });
      void queryClient.invalidateQueries({ queryKey: ['incidents:plan'] });
      onClose();
    } catch (err) {
      const issues = errorIssues(err);
      const fields = refusedFields(issues, Object.keys(flattenSettingsDraft(getValues())));
      show(fields);
      setProblem(refusalSummary(errorMessage(err), issues));
      goTo(fields, tabOfIssues(issues));
      setBusy(false);
    }
  };

  // The resolver has set the errors already; the summary and the tab follow from them.
  const refuse = (errors: FieldErrors<SettingsDraft>): void => {
    const fields = errorsByPath(errors);
    shown.current = fields;
    setProblem(formRefusalSummary(fields));
    goTo(fields, null);
  };

  const restore = RESTORE[tab];
  const onRestore = restore
    ? (): void => {
        shown.current = {};
        // Keeps the values read as the defaults: only what differs from them is sent.
        reset(restore(getValues()), { keepDefaultValues: true });
        setProblem(null);
      }
    : null;

  const fieldErrors = errorsByPath(formState.errors);
  const tabHasErrors = (t: SettingsTab): boolean => Object.keys(fieldErrors).some((p) => tabOf(p) === t);
  return (
    <form className="form" noValidate onSubmit={(e) => void handleSubmit(save, refuse)(e)} aria-busy={busy}>
      <SettingsTabs idPrefix={tabsId} tab={tab} hasErrors={tabHasErrors} onSelect={setTab} />

      <div id={`${tabsId}-panel`} role="tabpanel" aria-labelledby={`${tabsId}-${tab}`}>
        <fieldset className="choices settings-panel" disabled={reviewing || busy}>
          {tab === 'general' && <GeneralSettings register={register} errors={fieldErrors} />}
          {tab === 'rules' && (
            <RulesEditor
              draft={draft.rules}
              errors={fieldErrors}
              onChange={(rules) => setValue('rules', rules)}
            />
          )}
          {tab === 'plan' && (
            <IncidentPlanSettings
              draft={draft.plan}
              errors={fieldErrors}
              register={register}
              onChange={(plan) => setValue('plan', plan)}
            />
          )}
          {tab === 'sources' && (
            <DataSourcesSettings
              draft={draft.sources}
              errors={fieldErrors}
              register={register}
              onChange={(sources) => setValue('sources', sources)}
            />
          )}
          {tab === 'notify' && (
            <NotifySettings
              register={register}
              errors={fieldErrors}
              inElectron={window.greenboard !== undefined}
            />
          )}
        </fieldset>
      </div>

      <SettingsFooter
        info={info}
        reviewing={reviewing}
        busy={busy}
        problem={problem}
        onRestore={onRestore}
        onClose={onClose}
      />
    </form>
  );
}
