import type { AlertEntry } from '../../../shared/alerts';
import { subjectOf } from './alertFilter';
import { formatAlertValue, formatFullTime, formatWhen, SIGNAL_STATE_HEALTH } from './alertFormat';
import { useNow } from '../ui/useNow';
import { hostHref, probeHref } from '../app/useRoute';
import { StateBadge } from '../ui/StateBadge';

interface Props {
  entries: readonly AlertEntry[];
  names: Record<string, string>;
  probeNames: Record<string, string>;
}

/** The log's rows. A page holds at most a few hundred, so plain rows are fast enough. */
export function AlertLogTable({ entries, names, probeNames }: Props) {
  // Only decides whether "when" needs its date: a change from yesterday must not read as today.
  const now = useNow(60_000);
  return (
    <div className="alerts-table-wrap">
      <table className="table alerts-table" data-testid="alert-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Host or probe</th>
            <th scope="col">Signal</th>
            <th scope="col">Change</th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col">Reason</th>
            <th scope="col">Notification</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const who = subjectOf(e, names, probeNames);
            const isProbe = who.kind === 'probe';
            // A probe's row is about the probe as a whole, as a host row is about the host
            // and a service row about the service.
            const whole = isProbe || e.kind === 'host' || e.kind === 'service';
            return (
              <tr
                key={e.id}
                className={whole ? 'alerts-row alerts-row--host' : 'alerts-row'}
                data-testid="alert-row"
                data-kind={e.kind}
                data-signal={e.signal}
                data-host-id={e.hostId}
                data-probe-id={e.probeId ?? undefined}
                data-to={e.to}
              >
                <td className="alerts-table__when">
                  <time dateTime={new Date(e.at).toISOString()} title={formatFullTime(e.at)}>
                    {formatWhen(e.at, now)}
                  </time>
                </td>
                <td>
                  {isProbe ? (
                    <a href={probeHref(who.id)} data-testid="alert-probe-link">
                      <span className="alerts-subject-kind">Probe</span>
                      {who.name}
                    </a>
                  ) : (
                    <a href={hostHref(who.id)} data-testid="alert-host-link">
                      {who.name}
                    </a>
                  )}
                </td>
                <td className="alerts-table__signal">
                  {whole ? (
                    <span className="strong">
                      {isProbe ? 'Probe state' : e.kind === 'service' ? 'Service state' : 'Host state'}
                    </span>
                  ) : (
                    <span className="mono">{e.signal}</span>
                  )}
                </td>
                <td className="alerts-table__change">
                  <StateBadge state={SIGNAL_STATE_HEALTH[e.from]} />
                  <span className="alerts-arrow" aria-hidden="true">
                    →
                  </span>
                  <span className="visually-hidden">to</span>
                  <StateBadge state={SIGNAL_STATE_HEALTH[e.to]} testId="alert-to" />
                </td>
                <td className="num">{formatAlertValue(e.kind, e.value)}</td>
                <td className="alerts-table__reason">{e.reason}</td>
                <td className="alerts-table__notice muted">{e.notice ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
