import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  testId: string;
  onClose: () => void;
  children: ReactNode;
  /** Wider for forms with two columns of fields. */
  wide?: boolean;
}

/**
 * A native <dialog> opened with showModal(): the browser traps focus, makes the page behind
 * it inert and closes it on Escape, which a div overlay would have to re-implement.
 */
export function Modal({ title, testId, onClose, children, wide = false }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    // No close() on cleanup: unmounting removes it from the top layer, and a close() here would
    // fire a late 'close' event that shuts the re-mounted dialog under StrictMode.
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal${wide ? ' modal--wide' : ''}`}
      data-testid={testId}
      aria-labelledby={titleId}
      onClose={onClose}
    >
      <header className="modal__header">
        <h2 className="modal__title" id={titleId}>
          {title}
        </h2>
        <button type="button" className="button button--ghost" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </header>
      <div className="modal__body">{children}</div>
    </dialog>
  );
}
