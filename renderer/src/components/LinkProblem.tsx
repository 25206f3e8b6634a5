import type { MouseEvent } from 'react';
import type { Link } from '../../../shared/schemas';
import { LINK_META, needsPassphrase, needsTrust } from '../linkStates';
import { useUiStore } from '../stores/ui';

interface Props {
  hostId: string;
  link: Link;
  /** On a card, the message is clamped to a few lines; the host page shows it whole. */
  compact?: boolean;
}

/** Why an SSH host is not polling, and the one action that fixes it when there is one. */
export function LinkProblem({ hostId, link, compact = false }: Props) {
  const openDialog = useUiStore((s) => s.openDialog);
  if (link.state === 'ok') return null;
  const meta = LINK_META[link.state];
  // The card itself is a link to the host page: a button inside must not also open it.
  const act =
    (fn: () => void) =>
    (e: MouseEvent): void => {
      e.stopPropagation();
      fn();
    };

  return (
    <div
      className={`link-problem state-${meta.tone}${compact ? ' link-problem--compact' : ''}`}
      data-testid="link-problem"
      data-link-state={link.state}
    >
      <p className="link-problem__state">
        <span aria-hidden="true">{meta.icon}</span> {meta.label}
      </p>
      <p className="link-problem__message" title={link.message}>
        {link.message}
      </p>
      {needsTrust(link) && (
        <button
          type="button"
          className={`button button--small ${link.state === 'hostkey_changed' ? 'button--danger' : 'button--primary'}`}
          data-testid="review-key"
          onClick={act(() => openDialog({ kind: 'trust', hostId }))}
          onKeyDown={(e) => e.stopPropagation()}
        >
          Review key
        </button>
      )}
      {needsPassphrase(link) && (
        <button
          type="button"
          className="button button--small button--primary"
          data-testid="enter-passphrase"
          onClick={act(() => openDialog({ kind: 'credentials', hostId }))}
          onKeyDown={(e) => e.stopPropagation()}
        >
          Enter passphrase
        </button>
      )}
    </div>
  );
}
