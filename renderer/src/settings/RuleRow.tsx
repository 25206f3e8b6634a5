import { useId, type ReactNode } from 'react';
import { SIGNAL_KIND_LABELS, type Rule, type SignalKind } from '../../../shared/alerts';
import {
  THRESHOLD_FIELDS,
  effectiveRule,
  formatFor,
  type FieldErrors,
  type ForUnit,
  type RuleDraft,
  type ThresholdField,
} from './rulesDraft';

/** How each field is named to a screen reader and in the row's error line. */
export const RULE_FIELD_LABELS: Record<ThresholdField | 'forMs' | 'enabled', string> = {
  enabled: 'on',
  warn: 'warn at',
  clearWarn: 'warn clears below',
  critical: 'critical at',
  clearCritical: 'critical clears below',
  forMs: 'for',
};

const ERROR_ORDER = ['enabled', ...THRESHOLD_FIELDS, 'forMs'] as const;

interface Props {
  kind: SignalKind;
  draft: RuleDraft;
  /** The rule this layer goes over: placeholders, and what "enabled" inherits. */
  below: Rule;
  /** Dotted path of this rule, `rules.defaults.cpu`; errors are keyed `<path>.<field>`. */
  path: string;
  errors: FieldErrors;
  onChange: (next: RuleDraft) => void;
  /** Runs this rule over stored history (host kinds only); its answer shows under the row. */
  onTest?: () => void;
  testResult?: ReactNode;
}

/**
 * One rule of a layer: an empty field shows, as its placeholder, the value the engine will use
 * (a clear level follows a moved trip level), so only what is typed is saved.
 */
export function RuleRow({ kind, draft, below, path, errors, onChange, onTest, testResult }: Props) {
  const errorId = useId();
  const label = SIGNAL_KIND_LABELS[kind];
  const effective = effectiveRule(below, draft);
  const enabled = draft.enabled ?? below.enabled;
  const rowErrors = ERROR_ORDER.flatMap((f) => {
    const message = errors[`${path}.${f}`];
    return message ? [{ field: f, message }] : [];
  });
  const invalid = (field: string) => errors[`${path}.${field}`] !== undefined;
  const errorProps = (field: string) =>
    invalid(field) ? { 'aria-invalid': true, 'aria-describedby': errorId } : {};
  const set = (patch: Partial<RuleDraft>): void => onChange({ ...draft, ...patch });

  return (
    <>
      <tr className={`rule-row${enabled ? '' : ' rule-row--off'}`} data-kind={kind}>
        <th scope="row" className="rule-row__label">
          {label}
        </th>
        <td className="rule-row__on">
          <input
            type="checkbox"
            checked={enabled}
            aria-label={`${label}: ${RULE_FIELD_LABELS.enabled}`}
            data-testid={`rule-${kind}-enabled`}
            // Back to "as below" when it matches again, so the layer holds only real changes.
            onChange={(e) => set({ enabled: e.target.checked === below.enabled ? null : e.target.checked })}
          />
        </td>
        {THRESHOLD_FIELDS.map((f) => (
          <td key={f}>
            <input
              className={`input rules-input${draft[f].trim() === '' ? '' : ' rules-input--set'}`}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              value={draft[f]}
              placeholder={String(effective[f])}
              aria-label={`${label}: ${RULE_FIELD_LABELS[f]}`}
              data-testid={`rule-${kind}-${f}`}
              {...errorProps(f)}
              onChange={(e) => set({ [f]: e.target.value })}
            />
          </td>
        ))}
        <td>
          <span className="rules-for">
            <input
              className={`input rules-input rules-input--for${draft.forValue.trim() === '' ? '' : ' rules-input--set'}`}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              value={draft.forValue}
              placeholder={formatFor(effective.forMs, draft.forUnit)}
              aria-label={`${label}: ${RULE_FIELD_LABELS.forMs} (${draft.forUnit === 'min' ? 'minutes' : 'seconds'})`}
              data-testid={`rule-${kind}-for`}
              {...errorProps('forMs')}
              onChange={(e) => set({ forValue: e.target.value })}
            />
            <select
              className="input rules-unit"
              value={draft.forUnit}
              aria-label={`${label}: unit of ${RULE_FIELD_LABELS.forMs}`}
              data-testid={`rule-${kind}-for-unit`}
              onChange={(e) => set({ forUnit: e.target.value as ForUnit })}
            >
              <option value="s">s</option>
              <option value="min">min</option>
            </select>
          </span>
        </td>
        <td className="rule-row__test">
          {onTest && (
            <button
              type="button"
              className="button button--small"
              data-testid={`rule-${kind}-test`}
              title="Run this rule, as typed, over the stored history: when would it have fired?"
              onClick={onTest}
            >
              Test
            </button>
          )}
        </td>
      </tr>
      {testResult && (
        <tr className="rule-row__test-result">
          <td colSpan={8}>{testResult}</td>
        </tr>
      )}
      {rowErrors.length > 0 && (
        <tr className="rule-row__errors">
          <td colSpan={8} id={errorId}>
            {rowErrors.map(({ field, message }) => (
              <span
                key={field}
                className="rule-error"
                data-testid="rule-error"
                data-field={`${path}.${field}`}
              >
                {label}, {RULE_FIELD_LABELS[field]}: {message}
              </span>
            ))}
          </td>
        </tr>
      )}
    </>
  );
}
