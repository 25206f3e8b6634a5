import { useState } from 'react';
import { api, errorMessage } from '../api';
import { secretEnvName } from './dataSourceDraft';
import { BusyButton } from '../ui/BusyButton';

interface Props {
  sourceId: string;
  kind: 'bearer' | 'basic';
}

/**
 * The token or password of a Prometheus source: stored at once through `datasources:secret`, kept
 * like SSH secrets (OS keychain on the desktop, memory headless) and never written to settings.
 */
export function SourceSecretField({ sourceId, kind }: Props) {
  const what = kind === 'basic' ? 'password' : 'token';
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  const store = async (): Promise<void> => {
    setBusy(true);
    setStatus(null);
    try {
      await api.call('datasources:secret', { sourceId, secret: value });
      setValue('');
      setStatus({ ok: true, text: `The ${what} is stored; the source signs in with it now.` });
    } catch (err) {
      setStatus({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="field" data-testid="source-secret">
      <label className="field__label" htmlFor={`secret-${sourceId}`}>
        {kind === 'basic' ? 'Password' : 'Bearer token'}
      </label>
      <div className="datasource__secret-row">
        <input
          id={`secret-${sourceId}`}
          className="input"
          type="password"
          autoComplete="off"
          value={value}
          data-testid="source-secret-input"
          onChange={(e) => setValue(e.target.value)}
        />
        <BusyButton
          className="button button--small"
          busy={busy}
          disabled={!value || !sourceId}
          data-testid="source-secret-store"
          onClick={() => void store()}
        >
          Store {what}
        </BusyButton>
      </div>
      <span className="field__hint" data-testid="source-secret-hint">
        Kept like SSH secrets (the OS keychain in the desktop app, memory for this run in{' '}
        <code className="mono">greenboard serve</code>), never in settings. Save the source first. Or set{' '}
        <code className="mono">{secretEnvName(sourceId || 'ID')}</code> in the environment Greenboard runs in.
      </span>
      {status && (
        <span
          className={status.ok ? 'field__hint' : 'field__error'}
          role={status.ok ? 'status' : 'alert'}
          data-testid="source-secret-status"
        >
          {status.text}
        </span>
      )}
    </div>
  );
}
