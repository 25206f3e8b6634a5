import type { IncidentView } from '../../../shared/incidents';
import { api } from '../api';
import type { IncidentActions } from '../hooks/useIncidentAction';
import { formatWhen } from '../incidentFormat';
import { useHostsStore } from '../stores/hosts';

interface Props {
  view: IncidentView;
  actions: IncidentActions;
  readOnly: boolean;
}

/** The checklist: a tick per step; a step with a diagnostic runs it on the first host when ticked. */
export function IncidentChecklist({ view, actions, readOnly }: Props) {
  const firstHost = view.hostIds[0];
  const hostName = useHostsStore((s) => (firstHost ? (s.byId[firstHost]?.host.name ?? firstHost) : null));
  const done = view.checklist.filter((s) => s.doneAt !== null).length;
  return (
    <section className="panel incident-checklist" data-testid="incident-checklist">
      <div className="panel__header">
        <h2 className="panel__title">Checklist</h2>
        {view.checklist.length > 0 && (
          <span className="muted">
            {done} of {view.checklist.length} done
          </span>
        )}
      </div>
      {view.checklist.length === 0 ? (
        <p className="muted">No checklist: none was picked when the incident was declared.</p>
      ) : (
        <ul className="checklist">
          {view.checklist.map((step) => {
            const key = `tick:${step.id}`;
            const running = actions.busy === key;
            const ticked = step.doneAt !== null;
            return (
              <li
                key={step.id}
                className={`checklist__step${ticked ? ' checklist__step--done' : ''}`}
                data-testid="checklist-step"
                data-step-id={step.id}
              >
                <label className="checklist__label">
                  <input
                    type="checkbox"
                    // Shown ticked while its diagnostic runs; the answer sets it for real.
                    checked={running ? !ticked : ticked}
                    disabled={readOnly || actions.busy !== null}
                    data-testid="checklist-tick"
                    onChange={(e) =>
                      void actions.run(key, () =>
                        api.call('incidents:tick', {
                          id: view.id,
                          stepId: step.id,
                          done: e.target.checked,
                          by: actions.by,
                        }),
                      )
                    }
                  />
                  <span>{step.text}</span>
                </label>
                <div className="checklist__meta">
                  {step.diag && (
                    <span className="checklist__diag" data-testid="checklist-diag">
                      runs <span className="mono">{step.diag}</span>
                      {hostName ? (
                        <>
                          {' '}
                          on <strong>{hostName}</strong>
                        </>
                      ) : (
                        ' (no host named)'
                      )}
                    </span>
                  )}
                  {running && step.diag && !ticked && (
                    <span className="checklist__running" role="status" data-testid="checklist-running">
                      <span className="spinner" aria-hidden="true" /> Running {step.diag}…
                    </span>
                  )}
                  {ticked && step.doneAt !== null && (
                    <span className="muted">
                      done {formatWhen(step.doneAt)}
                      {step.doneBy ? ` by ${step.doneBy}` : ''}
                    </span>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
