import { useState } from 'react';
import { SERVICE_LABELS, type ServiceSuggestion } from '../../../shared/services';
import { api, errorMessage } from '../api';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';

/**
 * "What does this host run?": asks the host (listening ports and process names) on a click, not
 * on opening the form (it runs a command over SSH), and offers each answer as a one-click add.
 */
export function ServiceSuggestions({ hostId, onAdded }: { hostId: string; onAdded: () => void }) {
  const [list, setList] = useState<ServiceSuggestion[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const ask = async (): Promise<void> => {
    setBusy('ask');
    setError(null);
    try {
      setList(await api.call('services:suggest', { hostId }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  const add = async (s: ServiceSuggestion): Promise<void> => {
    const key = `${s.kind}:${s.port}`;
    setBusy(key);
    setError(null);
    try {
      await api.call('services:add', { hostId, kind: s.kind, port: s.port, via: s.via });
      onAdded();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(null);
    }
  };

  return (
    <section className="service-suggest" aria-label="Suggestions" data-testid="service-suggestions">
      <div className="service-suggest__header">
        <span className="muted">Not sure what runs there?</span>
        <BusyButton
          className="button"
          busy={busy === 'ask'}
          busyLabel="Looking…"
          onClick={() => void ask()}
          data-testid="service-suggest"
        >
          Suggestions
        </BusyButton>
      </div>
      <ErrorNotice message={error} />
      {list?.length === 0 && (
        <p className="muted">Nothing found that is not added yet (no known port or process).</p>
      )}
      {list && list.length > 0 && (
        <ul className="service-suggest__list">
          {list.map((s) => (
            <li key={`${s.kind}:${s.port}`} data-testid="service-suggestion">
              <span>
                <strong>{SERVICE_LABELS[s.kind]}</strong> on port {s.port}{' '}
                <span className="muted">
                  · {s.evidence} · {s.via === 'tunnel' ? 'read through a tunnel' : 'read by its own client'}
                </span>
              </span>
              <BusyButton
                className="button button--primary"
                busy={busy === `${s.kind}:${s.port}`}
                disabled={busy !== null}
                onClick={() => void add(s)}
              >
                Add
              </BusyButton>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
