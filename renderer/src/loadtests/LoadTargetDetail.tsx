import { useState } from 'react';
import type { LoadTarget } from '../../../shared/loadTests';
import { api, errorMessage } from '../api';
import { specSummary } from './loadFormat';
import { useLoadTestsStore } from './loadTestsStore';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';

interface Props {
  target: LoadTarget;
  hostName: string | null;
  readOnly: boolean;
  /** Some run is going (one at a time), so no new one can start. */
  busyElsewhere: boolean;
  onRun: () => void;
  onEdit: () => void;
}

/** The selected target: what it sends, and Run / Edit / Remove when the app is live. */
export function LoadTargetDetail({ target, hostName, readOnly, busyElsewhere, onRun, onEdit }: Props) {
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { spec } = target;

  const remove = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await api.call('loadtests:removeTarget', { targetId: target.id });
      useLoadTestsStore.getState().dropTarget(target.id);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <section
      className="panel load-target-detail"
      aria-labelledby="load-target-title"
      data-testid="load-target-detail"
    >
      <div className="panel__header">
        <div className="load-target-detail__head">
          <h2 className="panel__title" id="load-target-title">
            {target.name}
          </h2>
          <span className="mono load-target-detail__url" data-testid="load-target-url">
            {spec.method} {spec.targetUrl}
          </span>
        </div>
        {!readOnly && (
          <div className="load-target-detail__actions">
            <button type="button" className="button" onClick={onEdit} data-testid="load-edit">
              Edit
            </button>
            <button
              type="button"
              className="button button--primary"
              onClick={onRun}
              disabled={busyElsewhere}
              title={
                busyElsewhere ? 'One load test runs at a time: wait for the current one to end.' : undefined
              }
              data-testid="load-run"
            >
              <span aria-hidden="true">▶</span> Run load test
            </button>
          </div>
        )}
      </div>
      <p className="load-target-detail__spec">
        {specSummary(spec)}
        {hostName ? ` · records ${hostName}’s CPU and memory` : ' · no fleet host'}
      </p>
      {spec.thresholds.length > 0 && (
        <p className="load-target-detail__thresholds">
          Passes when{' '}
          {spec.thresholds.map((t, i) => (
            <span key={t}>
              {i > 0 && (i === spec.thresholds.length - 1 ? ' and ' : ', ')}
              <code>{t}</code>
            </span>
          ))}
          .
        </p>
      )}
      {!readOnly && (
        <div className="confirm load-target-detail__remove">
          {confirmRemove ? (
            <>
              <span>Remove {target.name} and all its runs?</span>
              <BusyButton
                className="button button--small button--danger"
                busy={busy}
                onClick={() => void remove()}
                data-testid="load-remove-confirm"
              >
                Remove
              </BusyButton>
              <button type="button" className="button button--small" onClick={() => setConfirmRemove(false)}>
                Keep
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={() => setConfirmRemove(true)}
              disabled={busyElsewhere}
              data-testid="load-remove"
            >
              Remove target…
            </button>
          )}
        </div>
      )}
      <ErrorNotice message={error} prefix="Not removed: " />
    </section>
  );
}
