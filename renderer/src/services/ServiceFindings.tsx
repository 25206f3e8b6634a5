import type { ServiceReading } from '../../../shared/services';
import { formatRunning } from './serviceFormat';

/**
 * What the last poll found that a person should read: sessions running long or blocked (with
 * their statement, as text), advice with its evidence, and notes ("pg_stat_statements is not
 * enabled: …"). Every string here came from the database: shown as text, never as markup.
 */
export function ServiceFindings({
  reading,
  longQuerySec,
}: {
  reading: ServiceReading;
  longQuerySec: number;
}) {
  const { sessions, advice, notes } = reading;
  return (
    <>
      {notes.length > 0 && (
        <ul className="svc-notes" data-testid="service-notes">
          {notes.map((n) => (
            <li key={n} className="notice">
              {n}
            </li>
          ))}
        </ul>
      )}
      <section
        className="svc-block"
        aria-label="Long-running and blocked sessions"
        data-testid="service-sessions"
      >
        <h3 className="svc-block__title">Long-running and blocked sessions</h3>
        {sessions.length === 0 ? (
          <p className="muted">
            None running longer than {formatRunning(longQuerySec)} and none blocked at the last poll.
          </p>
        ) : (
          <div className="svc-table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Statement</th>
                  <th scope="col">User</th>
                  <th scope="col">State</th>
                  <th scope="col">Waiting on</th>
                  <th scope="col" className="num">
                    Running for
                  </th>
                </tr>
              </thead>
              <tbody>
                {sessions.map((s) => (
                  <tr key={s.pid} data-testid="service-session">
                    <td className="svc-session__query">
                      <code className="mono" title={s.query}>
                        {s.query || '—'}
                      </code>
                      <span className="muted"> · pid {s.pid}</span>
                    </td>
                    <td>{s.user}</td>
                    <td>{s.state}</td>
                    <td>
                      {s.waitEvent ?? '—'}
                      {s.blockedBy.length > 0 && (
                        <span className="svc-blocked"> · blocked by {s.blockedBy.join(', ')}</span>
                      )}
                    </td>
                    <td className="num">{formatRunning(s.runningSec)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {advice.length > 0 && (
        <section className="svc-block" aria-label="Advice" data-testid="service-advice">
          <h3 className="svc-block__title">Advice</h3>
          <ul className="svc-advice">
            {advice.map((a) => (
              <li key={`${a.kind}:${a.subject}`}>
                <strong>{a.subject}</strong>: {a.message}
                <div className="muted svc-advice__evidence">Evidence: {a.evidence}</div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
