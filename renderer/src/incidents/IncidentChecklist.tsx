import { useId } from 'react';
import type { IncidentView } from '../../../shared/incidents';
import { api } from '../api';
import type { IncidentActions } from './useIncidentAction';
import { usePendingChoices } from '../ui/usePendingChoices';
import { formatWhen } from './incidentFormat';
import { useHostsStore } from '../hosts/hostsStore';

interface Props {
  view: IncidentView;
  actions: IncidentActions;
  readOnly: boolean;
}

/**
 * The checklist: a tick per step; a step with a diagnostic runs it on the first host when ticked.
 * A tick shows at once and stays while the engine saves it and runs the diagnostic; if the
 * engine refuses, the step goes back as it was and says why beside itself.
 */
export function IncidentChecklist({ view, actions, readOnly }: Props) {
  const firstHost = view.hostIds[0];
  const hostName = useHostsStore((s) => (firstHost ? (s.byId[firstHost]?.host.name ?? firstHost) : null));
  const ticks = usePendingChoices<boolean>();
  const idPrefix = useId();
  const done = view.checklist.filter((s) => ticks.shown(s.id, s.doneAt !== null)).length;
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
            const ticked = ticks.shown(step.id, step.doneAt !== null);
            const saving = ticks.isPending(step.id);
            const refused = ticks.refused(step.id);
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
                    checked={ticked}
                    disabled={readOnly || actions.busy !== null}
                    aria-describedby={refused ? `${idPrefix}-${step.id}-refused` : undefined}
                    data-testid="checklist-tick"
                    onChange={(e) => {
                      const doneNow = e.target.checked;
                      void ticks.choose(step.id, doneNow, () =>
                        actions.attempt(`tick:${step.id}`, () =>
                          api.call('incidents:tick', {
                            id: view.id,
                            stepId: step.id,
                            done: doneNow,
                            by: actions.by,
                          }),
                        ),
                      );
                    }}
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
                  {saving && step.diag && ticked && (
                    <span className="checklist__running" role="status" data-testid="checklist-running">
                      <span className="spinner" aria-hidden="true" /> Running {step.diag}…
                    </span>
                  )}
                  {ticked && step.doneAt !== null && (
                    <span className="muted" data-testid="checklist-done">
                      done {formatWhen(step.doneAt)}
                      {step.doneBy ? ` by ${step.doneBy}` : ''}
                    </span>
                  )}
                  {refused && (
                    <span
                      className="field__error"
                      id={`${idPrefix}-${step.id}-refused`}
                      role="alert"
                      data-testid="checklist-refused"
                    >
                      Not saved, so the step is back as it was: {refused}
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
