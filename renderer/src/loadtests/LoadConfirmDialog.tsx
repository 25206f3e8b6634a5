import { useState } from 'react';
import type { LoadTarget } from '../../../shared/loadTests';
import { api, errorMessage } from '../api';
import { useHostNames } from '../hosts/useHostNames';
import { trafficSentence } from './loadFormat';
import { useLoadTestsStore } from './loadTestsStore';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Modal } from '../ui/Modal';

/**
 * The one way to start a run: it says exactly what traffic will be sent and where, and only
 * "Send the traffic" sends it (the API refuses a start without `confirmed: true`).
 */
export function LoadConfirmDialog({ target, onClose }: { target: LoadTarget; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const names = useHostNames();
  const hostName = target.hostId ? (names[target.hostId] ?? target.hostId) : null;

  const send = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const run = await api.call('loadtests:start', { targetId: target.id, confirmed: true });
      const store = useLoadTestsStore.getState();
      store.applyRun(run);
      store.selectRun(run.id);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  const { spec } = target;
  return (
    <Modal title={`Run a load test on ${target.name}?`} testId="load-confirm" onClose={onClose}>
      <p className="load-confirm__what" data-testid="load-confirm-text">
        {trafficSentence(spec)}
      </p>
      <ul className="load-confirm__facts">
        {Object.keys(spec.headers).length > 0 && (
          <li>
            Headers: <span className="mono">{Object.keys(spec.headers).join(', ')}</span>
          </li>
        )}
        {spec.body && <li>Each request carries a {spec.body.length}-character body.</li>}
        <li>Requests time out after {spec.timeoutSec} s.</li>
        {hostName && <li>{hostName}’s CPU and memory are recorded during the run.</li>}
      </ul>
      <p className="muted">Send it only to a server you are allowed to load: this is real traffic.</p>
      <ErrorNotice message={error} prefix="The run did not start: " testId="load-confirm-error" />
      <div className="modal__actions">
        <button type="button" className="button" onClick={onClose} data-testid="load-confirm-cancel">
          Cancel
        </button>
        <BusyButton
          className="button button--danger"
          busy={busy}
          busyLabel="Starting…"
          onClick={() => void send()}
          data-testid="load-confirm-send"
        >
          Send the traffic
        </BusyButton>
      </div>
    </Modal>
  );
}
