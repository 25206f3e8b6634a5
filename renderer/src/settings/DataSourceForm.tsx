import type { UseFormRegister } from 'react-hook-form';
import type { FieldErrors } from './rulesDraft';
import { type AuthKind, type SourceDraft, type SourceField } from './dataSourceDraft';
import { Field } from '../ui/Field';
import type { SettingsDraft } from './settingsForm';
import { SourceSecretField } from './SourceSecretField';

interface Props {
  index: number;
  draft: SourceDraft;
  errors: FieldErrors;
  /** The settings form: this source's fields are its `sources.<index>.…`. */
  register: UseFormRegister<SettingsDraft>;
  onRemove: () => void;
}

const AUTH: { kind: AuthKind; label: string }[] = [
  { kind: 'none', label: 'None' },
  { kind: 'bearer', label: 'Bearer token' },
  { kind: 'basic', label: 'Basic auth' },
];

/** One Prometheus source: where it is, which targets to show, how often, and how to sign in. */
export function DataSourceForm({ index, draft, errors, register, onRemove }: Props) {
  const at = `sources.${index}` as const;
  const path = (f: SourceField): string => `prometheus.${index}.${f}`;
  const err = (f: SourceField): string | undefined => errors[path(f)];

  return (
    <section
      className="datasource"
      data-testid="datasource"
      aria-label={`Prometheus source ${draft.id || index + 1}`}
    >
      <div className="datasource__grid">
        <Field
          errorTestId="source-error"
          label="Id"
          errorField={path('id')}
          error={err('id')}
          hint="Prefixes its hosts' ids."
        >
          {(c) => (
            <input
              {...c}
              className="input mono"
              autoComplete="off"
              spellCheck={false}
              data-testid="source-id"
              {...register(`${at}.id`)}
            />
          )}
        </Field>
        <Field errorTestId="source-error" label="Prometheus URL" errorField={path('url')} error={err('url')}>
          {(c) => (
            <input
              {...c}
              className="input mono"
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="http://prometheus:9090"
              data-testid="source-url"
              {...register(`${at}.url`)}
            />
          )}
        </Field>
        <Field
          errorTestId="source-error"
          label="Targets"
          errorField={path('selector')}
          error={err('selector')}
          hint="PromQL label matchers for the node_exporter targets, without braces."
        >
          {(c) => (
            <input
              {...c}
              className="input mono"
              autoComplete="off"
              spellCheck={false}
              data-testid="source-selector"
              {...register(`${at}.selector`)}
            />
          )}
        </Field>
        <Field
          errorTestId="source-error"
          label="Refresh every"
          errorField={path('refreshMs')}
          error={err('refreshMs')}
        >
          {(c) => (
            <span className="input-unit">
              <input
                {...c}
                className="input input-unit__input"
                type="text"
                inputMode="decimal"
                autoComplete="off"
                data-testid="source-refresh"
                {...register(`${at}.refreshS`)}
              />
              <span className="input-unit__unit">seconds</span>
            </span>
          )}
        </Field>
      </div>

      <fieldset className="datasource__auth">
        <legend className="settings__legend">Sign in</legend>
        <div className="datasource__auth-kinds">
          {AUTH.map(({ kind, label }) => (
            <label key={kind} className="choice">
              <input
                type="radio"
                value={kind}
                data-testid={`source-auth-${kind}`}
                {...register(`${at}.authKind`)}
              />
              <span>{label}</span>
            </label>
          ))}
        </div>
        {draft.authKind === 'basic' && (
          <Field errorTestId="source-error" label="Username" errorField={path('auth')} error={err('auth')}>
            {(c) => (
              <input
                {...c}
                className="input"
                autoComplete="off"
                data-testid="source-username"
                {...register(`${at}.username`)}
              />
            )}
          </Field>
        )}
        {draft.authKind !== 'none' && <SourceSecretField sourceId={draft.id} kind={draft.authKind} />}
      </fieldset>

      <div className="datasource__actions">
        <button type="button" className="button button--small" data-testid="source-remove" onClick={onRemove}>
          Remove source
        </button>
      </div>
    </section>
  );
}
