import type { AlertEntry } from '../../../shared/alerts';
import { formatAlertValue, formatFullTime, formatWhen, SIGNAL_STATE_HEALTH } from '../alertFormat';
import { useNow } from '../hooks/useNow';
import { hostHref } from '../hooks/useRoute';
import { StateBadge } from './StateBadge';

interface Props {
  entries: readonly AlertEntry[];
  names: Record<string, string>;
}

/** The log's rows. A page holds at most a few hundred, so plain rows are fast enough. */
export function AlertLogTable({ entries, names }: Props) {
  // Only decides whether "when" needs its date: a change from yesterday must not read as today.
  const now = useNow(60_000);
  return (
    <div className="alerts-table-wrap">
      <table className="table alerts-table" data-testid="alert-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Host</th>
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
            const isHost = e.kind === 'host';
            return (
              <tr
                key={e.id}
                className={isHost ? 'alerts-row alerts-row--host' : 'alerts-row'}
                data-testid="alert-row"
                data-kind={e.kind}
                data-signal={e.signal}
                data-host-id={e.hostId}
                data-to={e.to}
              >
                <td className="alerts-table__when">
                  <time dateTime={new Date(e.at).toISOString()} title={formatFullTime(e.at)}>
                    {formatWhen(e.at, now)}
                  </time>
                </td>
                <td>
                  <a href={hostHref(e.hostId)} data-testid="alert-host-link">
                    {names[e.hostId] ?? e.hostId}
                  </a>
                </td>
                <td className="alerts-table__signal">
                  {isHost ? (
                    <span className="strong">Host state</span>
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
