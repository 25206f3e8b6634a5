import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from 'react';

/** What a control needs to be tied to its label, hint and error. */
export interface FieldControl {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

interface Props {
  label: ReactNode;
  hint?: ReactNode | undefined;
  /** Why the value was refused (by the shared schema or by the engine), shown under it and announced. */
  error?: string | undefined;
  /** Spans every column of the form grid. */
  wide?: boolean;
  /** The label is for screen readers only: a table cell, whose column head says what it is. */
  labelHidden?: boolean;
  /** Names the error line for the tests. */
  errorTestId: string;
  /** The field's path in a form that holds many (`prometheus.0.url`), set on the error line. */
  errorField?: string | undefined;
  /**
   * One input, select or textarea (it gets the id and aria attributes), or a function that
   * places them itself, for a control wrapped in more markup.
   */
  children: ReactElement<Partial<FieldControl>> | ((control: FieldControl) => ReactNode);
}

/**
 * A labelled control with its hint and, when the value was refused, the reason right beside it,
 * tied to the control with aria-describedby / aria-invalid: every form's field, so an error looks
 * and reads the same wherever it is.
 */
export function Field({
  label,
  hint,
  error,
  wide = false,
  labelHidden = false,
  errorTestId,
  errorField,
  children,
}: Props) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ');
  const control: FieldControl = {
    id,
    ...(error ? { 'aria-invalid': true as const } : {}),
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
  };
  return (
    <div className={`field${wide ? ' field--wide' : ''}${error ? ' field--invalid' : ''}`}>
      <label className={labelHidden ? 'visually-hidden' : 'field__label'} htmlFor={id}>
        {label}
      </label>
      {typeof children === 'function'
        ? children(control)
        : isValidElement(children) && cloneElement(children, control)}
      {error && (
        <span
          className="field__error"
          id={errorId}
          role="alert"
          data-testid={errorTestId}
          data-field={errorField}
        >
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
