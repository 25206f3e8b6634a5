import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../apiQuery';
import { useAppInfo } from '../app/useAppInfo';
import { useIncident } from './useIncident';
import { useIncidentAction } from './useIncidentAction';
import { useRememberedName } from '../ui/useRememberedName';
import { AppHeader } from '../app/AppHeader';
import { ErrorNotice } from '../ui/ErrorNotice';
import { IncidentChecklist } from './IncidentChecklist';
import { IncidentComposer } from './IncidentComposer';
import { IncidentHeader } from './IncidentHeader';
import { IncidentRoles } from './IncidentRoles';
import { IncidentSnapshot } from './IncidentSnapshot';
import { IncidentTimeline } from './IncidentTimeline';
import { BackLink } from '../app/BackLink';

/**
 * One incident: where it stands, who does what, the checklist, updates and notes, and the
 * timeline, live. Reviewing a saved history shows all of it with no action.
 */
export function IncidentPage({ incidentId }: { incidentId: string }) {
  const reviewing = useAppInfo()?.history != null;
  const { view, error, setView } = useIncident(incidentId);
  // Without the plan the roles fall back to the ids the incident names; the page still works.
  const plan = useQuery(apiQuery('incidents:plan', {})).data ?? null;
  const [name, setName, rememberName] = useRememberedName();
  const actions = useIncidentAction(name.trim() || 'operator', setView, rememberName);

  const back = <BackLink to="incidents" />;
  if (!view) {
    return (
      <>
        <AppHeader>{back}</AppHeader>
        <main className="page" data-testid="incident-page" data-incident-id={incidentId}>
          {error ? <ErrorNotice message={error} /> : <div className="notice">Loading…</div>}
        </main>
      </>
    );
  }

  const readOnly = reviewing || view.status === 'resolved';
  return (
    <>
      <AppHeader>{back}</AppHeader>
      <main
        className={`page incident-page incident-page--${view.severity}`}
        data-testid="incident-page"
        data-incident-id={view.id}
        data-status={view.status}
      >
        <IncidentHeader view={view} plan={plan} actions={actions} reviewing={reviewing} />
        {!reviewing && (
          <label className="incident-actor">
            <span className="muted">Acting as</span>
            <input
              className="input"
              value={name}
              placeholder="operator"
              data-testid="incident-by"
              aria-label="Your name, as the timeline shows it"
              onChange={(e) => setName(e.target.value)}
            />
          </label>
        )}
        <ErrorNotice message={actions.error} testId="incident-error" />
        <div className="incident-grid">
          <div className="incident-grid__main">
            <IncidentChecklist view={view} actions={actions} readOnly={readOnly} />
            {!reviewing && <IncidentComposer view={view} plan={plan} actions={actions} />}
            <IncidentTimeline timeline={view.timeline} deliveries={view.deliveries} />
          </div>
          <div className="incident-grid__side">
            <IncidentRoles view={view} plan={plan} actions={actions} readOnly={readOnly} />
            <IncidentSnapshot view={view} />
          </div>
        </div>
      </main>
    </>
  );
}
