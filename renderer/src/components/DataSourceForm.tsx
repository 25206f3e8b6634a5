import { useId, type ReactNode } from 'react';
import type { FieldErrors } from '../settings/rulesDraft';
import { type AuthKind, type SourceDraft, type SourceField } from '../settings/dataSourceDraft';
import { SourceSecretField } from './SourceSecretField';

interface Props {
  index: number;
  draft: SourceDraft;
  errors: FieldErrors;
  onChange: (next: SourceDraft) => void;
  onRemove: () => void;
}

const AUTH: { kind: AuthKind; label: string }[] = [
  { kind: 'none', label: 'None' },
  { kind: 'bearer', label: 'Bearer token' },
  { kind: 'basic', label: 'Basic auth' },
];

interface FieldProps {
  id: string;
  label: string;
  hint?: ReactNode;
  error: string | undefined;
  path: string;
  children: (describedBy: string, invalid: true | undefined) => ReactNode;
}

/** A labelled control with its hint and, when the last save refused it, the reason beside it. */
function Field({ id, label, hint, error, path, children }: FieldProps) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children(describedBy, error ? true : undefined)}
      {error && (
        <span id={`${id}-error`} className="rule-error" data-testid="source-error" data-field={path}>
          {error}
        </span>
      )}
      {hint && (
        <span id={`${id}-hint`} className="field__hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** One Prometheus source: where it is, which targets to show, how often, and how to sign in. */
export function DataSourceForm({ index, draft, errors, onChange, onRemove }: Props) {
  const id = useId();
  const set = (patch: Partial<SourceDraft>): void => onChange({ ...draft, ...patch });
  const path = (f: SourceField): string => `prometheus.${index}.${f}`;
  const err = (f: SourceField): string | undefined => errors[path(f)];

  return (
    <section
      className="datasource"
      data-testid="datasource"
      aria-label={`Prometheus source ${draft.id || index + 1}`}
    >
      <div className="datasource__grid">
        <Field id={`${id}-id`} label="Id" path={path('id')} error={err('id')} hint="Prefixes its hosts' ids.">
          {(d, invalid) => (
            <input
              id={`${id}-id`}
              className="input mono"
              autoComplete="off"
              spellCheck={false}
              value={draft.id}
              data-testid="source-id"
              aria-invalid={invalid}
              aria-describedby={d || undefined}
              onChange={(e) => set({ id: e.target.value })}
            />
          )}
        </Field>
        <Field id={`${id}-url`} label="Prometheus URL" path={path('url')} error={err('url')}>
          {(d, invalid) => (
            <input
              id={`${id}-url`}
              className="input mono"
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="http://prometheus:9090"
              value={draft.url}
              data-testid="source-url"
              aria-invalid={invalid}
              aria-describedby={d || undefined}
              onChange={(e) => set({ url: e.target.value })}
            />
          )}
        </Field>
        <Field
          id={`${id}-selector`}
          label="Targets"
          path={path('selector')}
          error={err('selector')}
          hint="PromQL label matchers for the node_exporter targets, without braces."
        >
          {(d, invalid) => (
            <input
              id={`${id}-selector`}
              className="input mono"
              autoComplete="off"
              spellCheck={false}
              value={draft.selector}
              data-testid="source-selector"
              aria-invalid={invalid}
              aria-describedby={d || undefined}
              onChange={(e) => set({ selector: e.target.value })}
            />
          )}
        </Field>
        <Field id={`${id}-refresh`} label="Refresh every" path={path('refreshMs')} error={err('refreshMs')}>
          {(d, invalid) => (
            <span className="input-unit">
              <input
                id={`${id}-refresh`}
                className="input input-unit__input"
                type="text"
                inputMode="decimal"
                autoComplete="off"
                value={draft.refreshS}
                data-testid="source-refresh"
                aria-invalid={invalid}
                aria-describedby={d || undefined}
                onChange={(e) => set({ refreshS: e.target.value })}
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
                name={`${id}-auth`}
                value={kind}
                checked={draft.authKind === kind}
                data-testid={`source-auth-${kind}`}
                onChange={() => set({ authKind: kind })}
              />
              <span>{label}</span>
            </label>
          ))}
        </div>
        {draft.authKind === 'basic' && (
          <Field id={`${id}-user`} label="Username" path={path('auth')} error={err('auth')}>
            {(d, invalid) => (
              <input
                id={`${id}-user`}
                className="input"
                autoComplete="off"
                value={draft.username}
                data-testid="source-username"
                aria-invalid={invalid}
                aria-describedby={d || undefined}
                onChange={(e) => set({ username: e.target.value })}
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
