import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { LINK_META } from '../linkStates';
import { useHostsStore } from '../stores/hosts';
import { Modal } from './Modal';
import { ErrorNotice } from './ErrorNotice';

/**
 * Asks for the passphrase of an encrypted key file. The passphrase lives only in this
 * component's state while typed, goes to the engine (which holds it in memory), and is
 * cleared the moment the call returns; it is never logged or put in a store.
 */
export function CredentialsDialog({ hostId, onClose }: { hostId: string; onClose: () => void }) {
  const message = useHostsStore((s) => s.byId[hostId]?.link.message ?? '');
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const link = await api.call('hosts:credentials', { hostId, passphrase });
      setPassphrase('');
      if (link.state === 'ok' || link.state === 'connecting') onClose();
      else setError(`${LINK_META[link.state].label}: ${link.message}`);
    } catch (err) {
      setPassphrase('');
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="Key passphrase" testId="credentials-dialog" onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <p className="muted">{message}</p>
        <label className="field">
          <span className="field__label">Passphrase</span>
          <input
            className="input"
            type="password"
            autoComplete="off"
            autoFocus
            data-testid="passphrase-input"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
          />
          <span className="field__hint">
            Held in memory. The desktop app keeps it encrypted by your OS keychain; in a browser it is gone
            when Greenboard stops.
          </span>
        </label>
        <ErrorNotice message={error} />
        <div className="modal__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button--primary"
            data-testid="passphrase-submit"
            disabled={busy || passphrase === ''}
          >
            {busy && <span className="spinner" aria-hidden="true" />}
            Unlock and connect
          </button>
        </div>
      </form>
    </Modal>
  );
}
