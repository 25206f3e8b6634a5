import { useId, type ReactNode } from 'react';

/** What a control needs to be tied to its label, hint and error. */
export interface FieldControl {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

interface Props {
  label: ReactNode;
  hint?: ReactNode;
  /** Shown beside the field, and announced. */
  error?: string | undefined;
  /** The field's name for tests: `load-error-<name>`. */
  name: string;
  wide?: boolean;
  children: (control: FieldControl) => ReactNode;
}

/** A labelled control of the target form with its hint and its own error under it. */
export function LoadField({ label, hint, error, name, wide = false, children }: Props) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${wide ? ' load-form__wide' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children({
        id,
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(described ? { 'aria-describedby': described } : {}),
      })}
      {error && (
        <span id={`${id}-error`} className="load-form__error" role="alert" data-testid={`load-error-${name}`}>
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
