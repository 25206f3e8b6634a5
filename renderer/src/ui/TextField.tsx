import type { InputHTMLAttributes, ReactNode } from 'react';

type Props = InputHTMLAttributes<HTMLInputElement> & {
  label: ReactNode;
  hint?: ReactNode;
  /** Monospace, for addresses, paths and commands. */
  mono?: boolean;
};

/** A labelled input with an optional hint below it: the form field every dialog uses. */
export function TextField({ label, hint, mono = false, className, ...input }: Props) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input className={className ?? `input${mono ? ' mono' : ''}`} {...input} />
      {hint && <span className="field__hint">{hint}</span>}
    </label>
  );
}
