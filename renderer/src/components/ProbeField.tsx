import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';

interface Props {
  label: ReactNode;
  hint?: ReactNode;
  /** The message for this field, shown under it and tied to the input for screen readers. */
  error?: string | undefined;
  /** Spans both columns of the form grid. */
  wide?: boolean;
  /** Names the error line for the tests: `${testId}-error`. */
  testId: string;
  /** One input, select or textarea. */
  children: ReactElement<{ id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }>;
}

/**
 * A labelled control with its hint and, when the value was refused, the reason right beside it:
 * the probe form has many fields, and "timeoutMs: too big" at the bottom would not say which.
 */
export function ProbeField({ label, hint, error, wide = false, testId, children }: Props) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ');
  return (
    <div className={`field${wide ? ' field--wide' : ''}${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {cloneElement(children, {
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy || undefined,
      })}
      {error && (
        <span className="field__error" id={errorId} role="alert" data-testid={`${testId}-error`}>
          {error}
        </span>
      )}
      {hint && (
        <span className="field__hint" id={hintId}>
          {hint}
        </span>
      )}
    </div>
  );
}
