import { useId, type ReactNode } from 'react';
import { HOST_SIGNAL_KINDS } from '../../../shared/backtest';
import { GROUP_SIGNAL_KINDS, SIGNAL_KINDS, type RuleSet, type SignalKind } from '../../../shared/alerts';
import type { FieldErrors, LayerDraft } from './rulesDraft';
import { RuleRow } from './RuleRow';

interface Props {
  draft: LayerDraft;
  below: RuleSet;
  /** `rules.defaults`, `rules.tags.<tag>` or `rules.hosts.<id>`. */
  path: string;
  errors: FieldErrors;
  onChange: (next: LayerDraft) => void;
  /** Back-tests one rule of this layer; its answer, if any, shows under that rule. */
  onTest?: (kind: SignalKind) => void;
  testResult?: (kind: SignalKind) => ReactNode;
}

/** A host's layer tests its host kinds; the defaults and a tag's, a group's kinds too (a tag is a group). */
const HOST_TESTABLE: ReadonlySet<SignalKind> = new Set(HOST_SIGNAL_KINDS);
const TESTABLE: ReadonlySet<SignalKind> = new Set([...HOST_SIGNAL_KINDS, ...GROUP_SIGNAL_KINDS]);

/** Every rule of one layer, and its staleness: the defaults and each override look the same. */
export function RuleLayerTable({ draft, below, path, errors, onChange, onTest, testResult }: Props) {
  const staleId = useId();
  const testable = path.startsWith('rules.hosts.') ? HOST_TESTABLE : TESTABLE;
  const staleError = errors[`${path}.staleAfterIntervals`];
  return (
    <div className="rules-layer" data-testid="rule-layer" data-layer={path}>
      <div className="rules-scroll">
        <table className="rules-table">
          <thead>
            <tr>
              <th rowSpan={2} scope="col" className="rules-table__signal">
                Signal
              </th>
              <th rowSpan={2} scope="col">
                On
              </th>
              <th colSpan={2} scope="colgroup" className="rules-table__group rules-table__group--warn">
                Warning
              </th>
              <th colSpan={2} scope="colgroup" className="rules-table__group rules-table__group--crit">
                Critical
              </th>
              <th rowSpan={2} scope="col" title="How long a level must hold before the state changes">
                For
              </th>
              <th rowSpan={2} scope="col" title="Run the rule over the stored history">
                <span className="visually-hidden">Back-test</span>
              </th>
            </tr>
            <tr>
              <th scope="col" title="The state rises at or above this">
                at ≥
              </th>
              <th scope="col" title="and falls back only below this, so it does not flap">
                clears &lt;
              </th>
              <th scope="col" title="The state rises at or above this">
                at ≥
              </th>
              <th scope="col" title="and falls back only below this, so it does not flap">
                clears &lt;
              </th>
            </tr>
          </thead>
          <tbody>
            {SIGNAL_KINDS.map((k) => (
              <RuleRow
                key={k}
                kind={k}
                draft={draft.rules[k]}
                below={below.rules[k]}
                path={`${path}.${k}`}
                errors={errors}
                onChange={(rule) => onChange({ ...draft, rules: { ...draft.rules, [k]: rule } })}
                {...(onTest && testable.has(k) ? { onTest: () => onTest(k) } : {})}
                testResult={testResult?.(k)}
              />
            ))}
          </tbody>
        </table>
      </div>
      <div className="rules-stale">
        <label htmlFor={staleId}>Turn the host grey after</label>
        <input
          id={staleId}
          className={`input rules-input${draft.stale.trim() === '' ? '' : ' rules-input--set'}`}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={draft.stale}
          placeholder={String(below.staleAfterIntervals)}
          data-testid="rule-stale"
          aria-invalid={staleError ? true : undefined}
          aria-describedby={staleError ? `${staleId}-error` : undefined}
          onChange={(e) => onChange({ ...draft, stale: e.target.value })}
        />
        <span>missed polls in a row.</span>
        {staleError && (
          <span
            id={`${staleId}-error`}
            className="rule-error"
            data-testid="rule-error"
            data-field={`${path}.staleAfterIntervals`}
          >
            {staleError}
          </span>
        )}
      </div>
    </div>
  );
}
