import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { LINK_META, needsPassphrase } from './linkStates';
import { formatSshAddress } from './sshAddress';
import { useHostsStore } from './hostsStore';
import { Modal } from '../ui/Modal';
import { ErrorNotice } from '../ui/ErrorNotice';
import { BusyButton } from '../ui/BusyButton';

const KEPT =
  'Held in memory. The desktop app keeps it encrypted by your OS keychain; in a browser it is gone when Greenboard stops.';

/**
 * Asks for the passphrase of an encrypted key file or, only if the user explicitly opts in, a
 * login password. A secret lives only in this component's state while typed, goes to the engine
 * (which holds it in memory), and is cleared the moment the call returns; it is never logged or
 * put in a store.
 */
export function CredentialsDialog({ hostId, onClose }: { hostId: string; onClose: () => void }) {
  const link = useHostsStore((s) => s.byId[hostId]?.link);
  const ssh = useHostsStore((s) => s.byId[hostId]?.host.ssh);
  const keyLocked = link ? needsPassphrase(link) : false;
  const [usePassword, setUsePassword] = useState(false);
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const askPassword = usePassword || !keyLocked;
  const canSubmit = askPassword ? usePassword : true;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.call(
        'hosts:credentials',
        askPassword ? { hostId, password: secret } : { hostId, passphrase: secret },
      );
      setSecret('');
      if (result.state === 'ok' || result.state === 'connecting') onClose();
      else setError(`${LINK_META[result.state].label}: ${result.message}`);
    } catch (err) {
      setSecret('');
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const switchTo = (password: boolean): void => {
    setUsePassword(password);
    setSecret(''); // never carry a secret typed for one purpose over to the other
  };

  return (
    <Modal
      title={askPassword ? 'Sign in to the host' : 'Key passphrase'}
      testId="credentials-dialog"
      onClose={onClose}
    >
      <form className="form" onSubmit={(e) => void submit(e)}>
        {/* After a failed try, the error below carries the same message. */}
        {!error && <p className="muted">{link?.message}</p>}
        {!askPassword && (
          <label className="field">
            <span className="field__label">Passphrase</span>
            <input
              className="input"
              type="password"
              autoComplete="off"
              autoFocus
              data-testid="passphrase-input"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
            />
            <span className="field__hint">{KEPT}</span>
          </label>
        )}
        {!keyLocked && !usePassword && (
          <p data-testid="key-advice">
            Greenboard logs in with ssh-agent or a key file. To use a key, set this host&apos;s identity file
            (Edit…) and add its public key to ~/.ssh/authorized_keys on the host.
          </p>
        )}
        <label className="choice">
          <input
            type="checkbox"
            data-testid="use-password"
            checked={usePassword}
            onChange={(e) => switchTo(e.target.checked)}
          />
          <span>Use a password instead (not recommended)</span>
        </label>
        {usePassword && (
          <label className="field">
            <span className="field__label">Password for {ssh ? formatSshAddress(ssh) : hostId}</span>
            <input
              className="input"
              type="password"
              autoComplete="off"
              autoFocus
              data-testid="password-input"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
            />
            <span className="field__hint" data-testid="password-warning">
              A password can be guessed or phished and has to be stored to reconnect; a key cannot. It is sent
              only to this user@host:port, after its host key is verified. {KEPT}
            </span>
          </label>
        )}
        <ErrorNotice message={error} />
        <div className="modal__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <BusyButton
            type="submit"
            className="button button--primary"
            data-testid={askPassword ? 'password-submit' : 'passphrase-submit'}
            busy={busy}
            disabled={!canSubmit || secret === ''}
          >
            {askPassword ? 'Sign in and connect' : 'Unlock and connect'}
          </BusyButton>
        </div>
      </form>
    </Modal>
  );
}
