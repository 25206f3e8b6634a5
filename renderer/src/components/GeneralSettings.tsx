import { useId } from 'react';
import { DEFAULT_SETTINGS } from '../../../shared/schemas';
import { MAX_INTERVAL_S, MIN_INTERVAL_S, TIERS, type GeneralDraft } from '../settings/generalDraft';

function NumberField({
  label,
  unit,
  hint,
  value,
  testId,
  onChange,
}: {
  label: string;
  unit: string;
  hint: string;
  value: string;
  testId: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <span className="input-unit">
        <input
          id={id}
          className="input input-unit__input"
          type="number"
          inputMode="decimal"
          step="any"
          data-testid={testId}
          value={value}
          aria-describedby={`${id}-unit ${id}-hint`}
          onChange={(e) => onChange(e.target.value)}
        />
        <span id={`${id}-unit`} className="input-unit__unit">
          {unit}
        </span>
      </span>
      <span id={`${id}-hint`} className="field__hint">
        {hint}
      </span>
    </div>
  );
}

/** The General tab: how often this machine is polled and how long each history tier is kept. */
export function GeneralSettings({
  draft,
  onChange,
}: {
  draft: GeneralDraft;
  onChange: (next: GeneralDraft) => void;
}) {
  const d = DEFAULT_SETTINGS.retentionDays;
  return (
    <div className="form" data-testid="settings-general">
      <NumberField
        label="Poll this machine every"
        unit="seconds"
        hint={`${MIN_INTERVAL_S} to ${MAX_INTERVAL_S}; default ${DEFAULT_SETTINGS.localIntervalMs / 1000}. Each SSH host has its own interval.`}
        value={draft.intervalS}
        testId="settings-interval"
        onChange={(v) => onChange({ ...draft, intervalS: v })}
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
              value={draft[tier]}
              testId={`settings-retention-${tier}`}
              onChange={(v) => onChange({ ...draft, [tier]: v })}
            />
          ))}
        </div>
        <span className="field__hint">
          Fractions of a day are fine (0.5 = 12 hours). Each tier must be kept at least as long as the one
          before it.
        </span>
      </fieldset>
    </div>
  );
}
