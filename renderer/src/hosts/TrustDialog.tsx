import { useState } from 'react';
import { api, errorMessage } from '../api';
import { useHostsStore } from './hostsStore';
import { Modal } from '../ui/Modal';
import { ErrorNotice } from '../ui/ErrorNotice';
import { BusyButton } from '../ui/BusyButton';

/** Which server key file to fingerprint, from the SSH key type the server offered. */
function keyFileFor(keyType: string): string {
  if (keyType.includes('ed25519')) return 'ssh_host_ed25519_key.pub';
  if (keyType.includes('ecdsa')) return 'ssh_host_ecdsa_key.pub';
  if (keyType.includes('rsa')) return 'ssh_host_rsa_key.pub';
  return 'ssh_host_ed25519_key.pub';
}

/**
 * Shows the host key a server presented so the user can compare it with the server's own
 * fingerprint before trusting it (trust on first use, checked by a person).
 * https://man.openbsd.org/ssh#VERIFYING_HOST_KEYS
 */
export function TrustDialog({ hostId, onClose }: { hostId: string; onClose: () => void }) {
  const entry = useHostsStore((s) => s.byId[hostId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Kept as first shown: trusting resets the link (no pending key) before the call returns,
  // and the user must confirm exactly the fingerprint they read.
  const [shown] = useState(() => ({
    key: entry?.link.pendingKey ?? null,
    changed: entry?.link.state === 'hostkey_changed',
    message: entry?.link.message ?? '',
  }));
  const { key, changed } = shown;

  const trust = async (fingerprint: string): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await api.call('hosts:trust', { hostId, fingerprint });
      // A bastion's key may be followed by the target's: the card shows the next step.
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Modal title={changed ? 'Host key changed' : 'Review host key'} testId="trust-dialog" onClose={onClose}>
      {!key ? (
        <p className="muted">{entry?.host.name ?? hostId} has no host key waiting for review.</p>
      ) : (
        <>
          {changed && (
            <div className="notice notice--error" role="alert">
              <strong>⚠ Warning: this is not the key you trusted before.</strong> {shown.message} Someone may
              be intercepting the connection. Trust the new key only if you know the server was rebuilt or its
              keys were replaced, and you have checked the fingerprint below on the server itself.
            </div>
          )}
          <dl className="key-facts">
            <dt>Server</dt>
            <dd className="mono" data-testid="trust-endpoint">
              {key.endpoint}
            </dd>
            <dt>Key type</dt>
            <dd className="mono">{key.keyType}</dd>
          </dl>
          <p className="field__label">Fingerprint</p>
          <pre className="fingerprint" data-testid="trust-fingerprint">
            {key.fingerprint}
          </pre>
          <p className="muted">
            To check it, run this on the server (over a console you already trust) and compare the{' '}
            <code>SHA256:</code> part:
          </p>
          <pre className="command">ssh-keygen -lf /etc/ssh/{keyFileFor(key.keyType)}</pre>
          <ErrorNotice message={error} testId="trust-error" />
          <div className="modal__actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <BusyButton
              className={`button ${changed ? 'button--danger' : 'button--primary'}`}
              data-testid="trust-confirm"
              busy={busy}
              busyLabel="Trusting and connecting…"
              onClick={() => void trust(key.fingerprint)}
            >
              {changed ? 'Trust the new key' : 'Trust this key'}
            </BusyButton>
          </div>
        </>
      )}
    </Modal>
  );
}
