import { useState } from 'react';
import type { DiagCheck } from '../../../shared/schemas';

interface Props {
  check: DiagCheck;
  /** Another diagnostic is running: one at a time per host. */
  disabled: boolean;
  active: boolean;
  onRun: (path: string | undefined) => void;
  /** Deletes a saved command that can no longer run. */
  onDelete?: () => void;
}

const DEFAULT_PATH = '/var';

/** One check: its Run button, a path for checks that take one, and a confirm step for saved commands. */
export function DiagCheckRow({ check, disabled, active, onRun, onDelete }: Props) {
  const [path, setPath] = useState(DEFAULT_PATH);
  const [confirming, setConfirming] = useState(false);
  const pathArg = check.takesPath ? path.trim() || DEFAULT_PATH : undefined;

  return (
    <li
      className={`diag-check${active ? ' diag-check--active' : ''}`}
      data-testid="diag-check"
      data-check-id={check.id}
    >
      <div className="diag-check__text">
        <span className="diag-check__title">
          {check.title}
          {check.custom && <span className="tag">saved command</span>}
        </span>
        <span className="muted diag-check__desc">{check.description}</span>
        {check.custom && <code className="diag-check__command">{check.command}</code>}
        {check.disabled && (
          <span className="field__error" role="note" data-testid="diag-disabled">
            {check.disabled}
          </span>
        )}
      </div>
      <div className="diag-check__actions">
        {check.takesPath && (
          <label>
            <span className="visually-hidden">Path for {check.title}</span>
            <input
              className="input mono diag-check__path"
              data-testid="diag-path"
              value={path}
              onChange={(e) => setPath(e.target.value)}
              spellCheck={false}
            />
          </label>
        )}
        {check.disabled ? (
          <button
            type="button"
            className="button button--small"
            data-testid="diag-delete"
            disabled={disabled || !onDelete}
            onClick={onDelete}
          >
            Delete
          </button>
        ) : check.custom && confirming ? (
          <span className="confirm" role="group" aria-label={`Confirm running ${check.title}`}>
            <span>Run this command on the host?</span>
            <button
              type="button"
              className="button button--primary button--small"
              data-testid="diag-confirm"
              disabled={disabled}
              onClick={() => {
                setConfirming(false);
                onRun(pathArg);
              }}
            >
              Run it
            </button>
            <button type="button" className="button button--small" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="button button--small"
            data-testid="diag-run"
            disabled={disabled}
            onClick={() => (check.custom ? setConfirming(true) : onRun(pathArg))}
          >
            ▶ Run
          </button>
        )}
      </div>
    </li>
  );
}
