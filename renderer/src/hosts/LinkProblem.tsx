import { RetryCountdown } from './RetryCountdown';
import type { MouseEvent } from 'react';
import type { Link } from '../../../shared/schemas';
import { LINK_META, needsCredentials, needsPassphrase, needsTrust, retriesOnItsOwn } from './linkStates';
import { useUiStore } from '../app/uiStore';

interface Props {
  hostId: string;
  link: Link;
  /** On a card, the message is clamped to a few lines; the host page shows it whole. */
  compact?: boolean;
  /** False where the page already shows the message (the host page's reasons): state and actions only. */
  showMessage?: boolean;
  /** The link as it was at a past moment: what it said then, with nothing to retry or fix now. */
  past?: boolean;
}

/** Why an SSH host is not polling, and the one action that fixes it when there is one. */
export function LinkProblem({ hostId, link, compact = false, showMessage = true, past = false }: Props) {
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
      className={`link-problem state-${meta.tone}${compact ? ' link-problem--compact' : ''}${showMessage ? '' : ' link-problem--bare'}`}
      data-testid="link-problem"
      data-link-state={link.state}
    >
      {showMessage && (
        <>
          <p className="link-problem__state">
            <span aria-hidden="true">{meta.icon}</span> {meta.label}
          </p>
          <p className="link-problem__message" title={link.message} data-testid="link-message">
            {link.message}
          </p>
        </>
      )}
      {!past && retriesOnItsOwn(link) && (
        <p className="link-problem__retry" data-testid="link-retry">
          <RetryCountdown at={link.nextAttemptAt} />
        </p>
      )}
      {!past && needsTrust(link) && (
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
      {!past && needsCredentials(link) && (
        <button
          type="button"
          className="button button--small button--primary"
          data-testid={needsPassphrase(link) ? 'enter-passphrase' : 'sign-in-options'}
          onClick={act(() => openDialog({ kind: 'credentials', hostId }))}
          onKeyDown={(e) => e.stopPropagation()}
        >
          {needsPassphrase(link) ? 'Enter passphrase' : 'Sign-in options…'}
        </button>
      )}
    </div>
  );
}
