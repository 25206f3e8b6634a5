import { useState } from 'react';
import { api, errorMessage } from '../api';
import { BOARD_HREF } from '../hooks/useRoute';
import { BusyButton } from './BusyButton';

/** Removing drops the probe's kept runs too, so it asks once more in place. */
export function RemoveProbeButton({ probeId, name }: { probeId: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const remove = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await api.call('probes:remove', { probeId });
      location.hash = BOARD_HREF;
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  if (!confirming) {
    return (
      <button
        type="button"
        className="button button--danger-outline"
        data-testid="probe-remove"
        onClick={() => setConfirming(true)}
      >
        Remove…
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={`Confirm removing ${name}`}>
      <span>Remove {name} and its runs?</span>
      <BusyButton
        className="button button--danger"
        data-testid="probe-remove-confirm"
        busy={busy}
        onClick={() => void remove()}
      >
        Remove
      </BusyButton>
      <button type="button" className="button" onClick={() => setConfirming(false)} disabled={busy}>
        Cancel
      </button>
      {error && (
        <span className="confirm__error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
