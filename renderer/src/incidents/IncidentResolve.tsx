import { useState, type FormEvent } from 'react';
import type { IncidentView } from '../../../shared/incidents';
import { api } from '../api';
import type { IncidentActions } from './useIncidentAction';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Modal } from '../ui/Modal';

/** "Resolve" (asks for the resolution) on an open incident, "Reopen" (asks why) on a resolved one. */
export function IncidentResolve({ view, actions }: { view: IncidentView; actions: IncidentActions }) {
  const [asking, setAsking] = useState(false);
  const [text, setText] = useState('');
  const resolving = view.status !== 'resolved';
  const key = resolving ? 'resolve' : 'reopen';

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const done = await actions.run(key, () =>
      resolving
        ? api.call('incidents:resolve', {
            id: view.id,
            ...(text.trim() ? { resolution: text.trim() } : {}),
            by: actions.by,
          })
        : api.call('incidents:reopen', { id: view.id, why: text.trim(), by: actions.by }),
    );
    if (done) {
      setAsking(false);
      setText('');
    }
  };

  return (
    <>
      <button
        type="button"
        className={resolving ? 'button button--primary' : 'button'}
        data-testid={resolving ? 'incident-resolve' : 'incident-reopen'}
        disabled={actions.busy !== null}
        onClick={() => setAsking(true)}
      >
        {resolving ? '✔ Resolve' : '↺ Reopen'}
      </button>
      {asking && (
        <Modal
          title={resolving ? `Resolve ${view.id}` : `Reopen ${view.id}`}
          testId="resolve-dialog"
          onClose={() => setAsking(false)}
        >
          <form className="form" onSubmit={(e) => void submit(e)}>
            <label className="field">
              <span className="field__label">{resolving ? 'Resolution' : 'Why reopen it'}</span>
              <textarea
                className="input"
                rows={4}
                value={text}
                data-testid="resolve-text"
                placeholder={resolving ? 'What fixed it, and is anything left to watch?' : 'It came back: …'}
                onChange={(e) => setText(e.target.value)}
              />
            </label>
            {/* The page behind is inert while this is open: say a refusal here too. */}
            <ErrorNotice message={actions.error} />
            <div className="modal__actions">
              <button type="button" className="button" onClick={() => setAsking(false)}>
                Cancel
              </button>
              <BusyButton
                type="submit"
                className="button button--primary"
                data-testid="resolve-submit"
                busy={actions.busy === key}
                disabled={!resolving && !text.trim()}
              >
                {resolving ? 'Resolve incident' : 'Reopen incident'}
              </BusyButton>
            </div>
          </form>
        </Modal>
      )}
    </>
  );
}
