import { INCIDENT_STATUSES, type IncidentStatus, type IncidentView } from '../../../shared/incidents';
import { api } from '../api';
import type { IncidentActions } from './useIncidentAction';
import { STATUS_LABEL } from './incidentFormat';

interface Props {
  view: IncidentView;
  actions: IncidentActions;
  readOnly: boolean;
}

/**
 * investigating → identified → monitoring → resolved, with the current step marked. An open
 * incident can move to any other open status (back, when a fix did not hold); resolving has its
 * own button because it asks for the resolution.
 */
export function IncidentStepper({ view, actions, readOnly }: Props) {
  const at = INCIDENT_STATUSES.indexOf(view.status);
  const open = view.status !== 'resolved';
  const move = (status: IncidentStatus): void =>
    void actions.run(`status:${status}`, () =>
      api.call('incidents:setStatus', { id: view.id, status, by: actions.by }),
    );
  return (
    <ol
      className="incident-stepper"
      aria-label="Status"
      data-testid="incident-status"
      data-status={view.status}
    >
      {INCIDENT_STATUSES.map((s, i) => {
        const state = i < at ? 'done' : i === at ? 'current' : 'next';
        const canMove = !readOnly && open && s !== 'resolved' && s !== view.status;
        return (
          <li
            key={s}
            className={`incident-step incident-step--${state}`}
            aria-current={i === at ? 'step' : undefined}
          >
            <span className="incident-step__dot" aria-hidden="true">
              {i < at ? '✓' : i + 1}
            </span>
            {canMove ? (
              <button
                type="button"
                className="button button--ghost button--small incident-step__button"
                data-testid={`status-${s}`}
                disabled={actions.busy !== null}
                title={`Mark the incident ${STATUS_LABEL[s].toLowerCase()}`}
                onClick={() => move(s)}
              >
                {STATUS_LABEL[s]}
              </button>
            ) : (
              <span className="incident-step__label">{STATUS_LABEL[s]}</span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
