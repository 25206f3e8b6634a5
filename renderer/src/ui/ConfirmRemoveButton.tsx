import { useState } from 'react';
import { errorMessage } from '../api';
import { BOARD_HREF } from '../app/useRoute';
import { BusyButton } from './BusyButton';

interface Props {
  /** What is removed, as the question names it ("web-1"). */
  name: string;
  /** What goes with it, for the question: "its history", "its runs". */
  alsoLost: string;
  /** Removes it; on success the page goes back to the board. */
  remove: () => Promise<unknown>;
  /** `data-testid` of the button; the confirm button gets `${testId}-confirm`. */
  testId: string;
}

/** Removing drops what was kept with the thing too, so it asks once more in place. */
export function ConfirmRemoveButton({ name, alsoLost, remove, testId }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await remove();
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
        data-testid={testId}
        onClick={() => setConfirming(true)}
      >
        Remove…
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={`Confirm removing ${name}`}>
      <span>
        Remove {name} and {alsoLost}?
      </span>
      <BusyButton
        className="button button--danger"
        data-testid={`${testId}-confirm`}
        busy={busy}
        onClick={() => void confirm()}
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
