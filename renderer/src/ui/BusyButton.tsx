import type { ButtonHTMLAttributes, ReactNode } from 'react';

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  busy: boolean;
  /** What the button says while busy; by default the same as otherwise. */
  busyLabel?: ReactNode;
};

/** A button that shows a spinner and is disabled while its action runs. */
export function BusyButton({
  busy,
  busyLabel,
  children,
  disabled,
  className = 'button',
  type,
  ...rest
}: Props) {
  return (
    <button
      type={type === 'submit' ? 'submit' : 'button'}
      className={className}
      disabled={busy || disabled}
      aria-busy={busy}
      {...rest}
    >
      {busy && <span className="spinner" aria-hidden="true" />}
      {busy && busyLabel !== undefined ? busyLabel : children}
    </button>
  );
}
