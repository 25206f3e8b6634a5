import { useState } from 'react';
import { SEVERITIES, type IncidentView, type Plan, type Severity } from '../../../shared/incidents';
import { api } from '../api';
import { formatSpan, formatWhen } from './incidentFormat';
import type { IncidentActions } from './useIncidentAction';
import { usePendingChoices } from '../ui/usePendingChoices';
import { IncidentResolve } from './IncidentResolve';
import { IncidentStepper } from './IncidentStepper';
import { PostmortemDialog } from './PostmortemDialog';

interface Props {
  view: IncidentView;
  plan: Plan | null;
  actions: IncidentActions;
  reviewing: boolean;
}

/** Title, severity, status and its stepper, what needs attention, the TTx, resolve and postmortem. */
export function IncidentHeader({ view, plan, actions, reviewing }: Props) {
  const [postmortem, setPostmortem] = useState(false);
  const open = view.status !== 'resolved';
  // The pick shows at once; a refusal puts the old severity back and says why.
  const severityPick = usePendingChoices<Severity>();
  const severity = severityPick.shown('severity', view.severity);
  const setSeverity = (next: Severity): void =>
    void severityPick.choose('severity', next, () =>
      actions.attempt('severity', () =>
        api.call('incidents:setSeverity', { id: view.id, severity: next, by: actions.by }),
      ),
    );

  return (
    <section className="incident-hero">
      <div className="incident-hero__title">
        <span className="incident-hero__id mono muted">{view.id}</span>
        <h1 className="page__title" data-testid="incident-title">
          {view.title}
        </h1>
        {open && !reviewing ? (
          <>
            <select
              className={`input sev-select sev-chip--${severity}`}
              value={severity}
              aria-label="Severity"
              data-testid="incident-severity"
              title={plan?.severities[severity].definition}
              disabled={actions.busy !== null}
              onChange={(e) => setSeverity(e.target.value as Severity)}
            >
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
            {severityPick.refused('severity') && (
              <span className="field__error" role="alert" data-testid="severity-refused">
                Not saved, so the severity is back as it was: {severityPick.refused('severity')}
              </span>
            )}
          </>
        ) : (
          <span
            className={`sev-chip sev-chip--${view.severity}`}
            data-testid="incident-severity"
            title={plan?.severities[view.severity].definition}
          >
            {view.severity}
          </span>
        )}
        <div className="incident-hero__buttons">
          <button
            type="button"
            className="button"
            data-testid="postmortem-open"
            onClick={() => setPostmortem(true)}
          >
            <span aria-hidden="true">✎</span> Postmortem
          </button>
          {!reviewing && <IncidentResolve view={view} actions={actions} />}
        </div>
      </div>
      <p className="muted incident-hero__meta">
        Declared {formatWhen(view.declaredAt)} by {view.declaredBy}
        {view.startedAt < view.declaredAt && ` · impact since ${formatWhen(view.startedAt)}`}
        {view.resolution && ` · resolution: ${view.resolution}`}
      </p>

      <IncidentStepper view={view} actions={actions} readOnly={reviewing} />

      {view.warnings.length > 0 && (
        <ul className="incident-warnings" data-testid="incident-warnings" role="status">
          {view.warnings.map((w) => (
            <li key={w} className="incident-warning">
              <span aria-hidden="true">▲</span> {w}
            </li>
          ))}
        </ul>
      )}

      <dl className="incident-times">
        <Time label="Time to acknowledge" short="TTA" ms={view.ttaMs} />
        <Time label="Time to mitigate" short="TTM" ms={view.ttmMs} />
        <Time label="Time to resolve" short="TTR" ms={view.ttrMs} />
        {view.nextUpdateDueAt !== null && (
          <div className="incident-time">
            <dt>Next update due</dt>
            <dd data-testid="incident-next-update">{formatWhen(view.nextUpdateDueAt)}</dd>
          </div>
        )}
      </dl>

      {postmortem && <PostmortemDialog incidentId={view.id} onClose={() => setPostmortem(false)} />}
    </section>
  );
}

function Time({ label, short, ms }: { label: string; short: string; ms: number | null }) {
  return (
    <div className="incident-time" data-testid={`incident-${short.toLowerCase()}`}>
      <dt>
        <abbr title={label}>{short}</abbr>
      </dt>
      <dd>{formatSpan(ms)}</dd>
    </div>
  );
}
