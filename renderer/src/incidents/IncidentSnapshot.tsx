import { formatPct } from '../../../shared/format';
import type { IncidentView } from '../../../shared/incidents';
import type { HealthState } from '../../../shared/schemas';
import { STATE_META } from '../ui/healthStates';
import { hostHref } from '../app/useRoute';
import { formatWhen } from './incidentFormat';
import { StateBadge } from '../ui/StateBadge';

/** The triggering signals and each host's key numbers as they were when the incident was declared. */
export function IncidentSnapshot({ view }: { view: IncidentView }) {
  return (
    <section className="panel" data-testid="incident-snapshot">
      <h2 className="panel__title">At declaration</h2>
      {view.signals.length > 0 && (
        <ul className="reasons incident-signals">
          {view.signals.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      )}
      {view.snapshot.length === 0 ? (
        <p className="muted">No host was named, so there is no snapshot.</p>
      ) : (
        view.snapshot.map((h) => {
          const fullest = [...h.disks].sort((a, b) => b.usedPct - a.usedPct)[0];
          return (
            <div key={h.hostId} className="incident-snap" data-testid="snapshot-host">
              <p className="incident-snap__name">
                <a href={hostHref(h.hostId)}>{h.hostName}</a>{' '}
                {h.health in STATE_META ? (
                  <StateBadge state={h.health as HealthState} />
                ) : (
                  <span className="muted">{h.health}</span>
                )}
                {h.ts !== null && <span className="muted"> · sample {formatWhen(h.ts)}</span>}
              </p>
              <dl className="incident-snap__numbers">
                <div>
                  <dt>CPU</dt>
                  <dd>{formatPct(h.cpuPct)}</dd>
                </div>
                <div>
                  <dt>Memory</dt>
                  <dd>{formatPct(h.memPct)}</dd>
                </div>
                <div>
                  <dt>Fullest disk</dt>
                  <dd title={fullest?.mount}>
                    {fullest ? `${formatPct(fullest.usedPct)} ${fullest.mount}` : '—'}
                  </dd>
                </div>
              </dl>
            </div>
          );
        })
      )}
    </section>
  );
}
