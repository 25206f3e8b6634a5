import type { UseFormRegisterReturn, UseFormRegister } from 'react-hook-form';
import { DEFAULT_SETTINGS } from '../../../shared/schemas';
import { MAX_INTERVAL_S, MIN_INTERVAL_S, TIERS } from './generalDraft';
import type { FieldErrors } from './rulesDraft';
import type { SettingsDraft } from './settingsForm';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';

function NumberField({
  label,
  unit,
  hint,
  field,
  testId,
  error,
  path,
}: {
  label: string;
  unit: string;
  hint: string;
  field: UseFormRegisterReturn;
  testId: string;
  error: string | undefined;
  /** The setting's path, as the engine names it. */
  path: string;
}) {
  return (
    <Field label={label} hint={hint} error={error} errorTestId="general-error" errorField={path}>
      {(c) => (
        <span className="input-unit">
          <input
            {...c}
            {...field}
            className="input input-unit__input"
            type="number"
            inputMode="decimal"
            step="any"
            data-testid={testId}
          />
          <span className="input-unit__unit">{unit}</span>
        </span>
      )}
    </Field>
  );
}

/** The General tab: how often this machine is polled and how long each history tier is kept. */
export function GeneralSettings({
  register,
  errors,
}: {
  register: UseFormRegister<SettingsDraft>;
  /** Messages by setting path (`retentionDays.raw`), shown beside their fields. */
  errors: FieldErrors;
}) {
  const d = DEFAULT_SETTINGS.retentionDays;
  return (
    <div className="form" data-testid="settings-general">
      <NumberField
        label="Poll this machine every"
        unit="seconds"
        hint={`${MIN_INTERVAL_S} to ${MAX_INTERVAL_S}; default ${DEFAULT_SETTINGS.localIntervalMs / 1000}. Each SSH host has its own interval.`}
        field={register('general.intervalS')}
        testId="settings-interval"
        error={errors.localIntervalMs}
        path="localIntervalMs"
      />

      <fieldset className="choices">
        <legend className="settings__legend">Keep history</legend>
        <div className="form__grid">
          {TIERS.map(({ tier, label, hint }) => (
            <NumberField
              key={tier}
              label={label}
              unit="days"
              hint={`${hint} Default ${d[tier]}.`}
              field={register(`general.${tier}`)}
              testId={`settings-retention-${tier}`}
              error={errors[`retentionDays.${tier}`]}
              path={`retentionDays.${tier}`}
            />
          ))}
        </div>
        <span className="field__hint">
          Fractions of a day are fine (0.5 = 12 hours). Each tier must be kept at least as long as the one
          before it.
        </span>
        <ErrorNotice message={errors.retentionDays} testId="general-retention-error" />
      </fieldset>
    </div>
  );
}
