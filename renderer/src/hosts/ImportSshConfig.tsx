import { useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { api, errorMessage } from '../api';
import { ErrorNotice } from '../ui/ErrorNotice';
import { BusyButton } from '../ui/BusyButton';

type ImportResult = MethodOutput<'hosts:import'>;

/** Pasted ssh_config text → hosts. The engine parses it; we only show what it added, skipped or refused. */
export function ImportSshConfig() {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.call('hosts:import', { text }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="form" data-testid="import-ssh-config">
      <label className="field">
        <span className="field__label">Paste the text of ~/.ssh/config</span>
        <textarea
          className="input mono textarea"
          rows={6}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={'Host web-1\n  HostName 10.0.0.5\n  User deploy'}
          spellCheck={false}
        />
        <span className="field__hint">
          Wildcard blocks (Host *) only supply defaults; each named Host becomes a host.
        </span>
      </label>
      <div className="modal__actions">
        <BusyButton busy={busy} disabled={!text.trim()} onClick={() => void run()}>
          Import
        </BusyButton>
      </div>
      <ErrorNotice message={error} />
      {result && (
        <div className="import__result" role="status">
          <p>
            ✓ Added {result.added.length}
            {result.added.length > 0 && `: ${result.added.join(', ')}`}
          </p>
          {result.skipped.length > 0 && (
            <>
              <p>⊘ Skipped {result.skipped.length}:</p>
              <ul>
                {result.skipped.map((s) => (
                  <li key={s.name}>
                    <span className="mono">{s.name}</span> — {s.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
          {result.refused.length > 0 && (
            <div data-testid="import-refused">
              <p>✗ Refused {result.refused.length} (not added; fix them in the file and import again):</p>
              <ul>
                {result.refused.map((s) => (
                  <li key={s.name}>
                    <span className="mono">{s.name}</span> — {s.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
