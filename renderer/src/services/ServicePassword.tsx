import { useState } from 'react';
import type { ServiceState } from '../../../shared/services';
import { api, errorMessage } from '../api';
import { BusyButton } from '../ui/BusyButton';

/**
 * A tunnel service's password: "password kept" when the engine has one (never the password
 * itself, which never comes back), and a field to set or change it. Sent once through
 * services:secret, then the service is read with it.
 */
export function ServicePassword({ state: s }: { state: ServiceState }) {
  const [editing, setEditing] = useState(!s.secretKept);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const serviceId = s.config.id;
  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await api.call('services:secret', { serviceId, secret: value });
      setValue('');
      setEditing(false);
      await api.call('services:poll', { serviceId });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  if (!editing)
    return (
      <p className="svc-password muted" data-testid="service-password-kept">
        Password kept{s.config.dbUser ? ` for ${s.config.dbUser}` : ''}.{' '}
        <button type="button" className="button button--small button--ghost" onClick={() => setEditing(true)}>
          Change…
        </button>
      </p>
    );
  return (
    <form
      className="svc-password"
      data-testid="service-password-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (value !== '') void save();
      }}
    >
      <label>
        {s.secretKept ? 'New password' : 'Password'}
        {s.config.dbUser ? ` for ${s.config.dbUser}` : ''}{' '}
        <input
          className="input"
          type="password"
          autoComplete="new-password"
          data-testid="service-password"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      </label>{' '}
      <BusyButton
        type="submit"
        className="button"
        busy={busy}
        disabled={value === ''}
        data-testid="service-password-save"
      >
        Keep it
      </BusyButton>
      {s.secretKept && (
        <button type="button" className="button" onClick={() => setEditing(false)} disabled={busy}>
          Cancel
        </button>
      )}
      {error && (
        <span className="confirm__error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
