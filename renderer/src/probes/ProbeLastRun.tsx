import { formatBytes } from '../../../shared/format';
import type { ProbeAdvice, ProbeCert, ProbeDef, ProbeResult } from '../../../shared/probes';
import { STATE_META } from '../ui/healthStates';
import { certDaysWords, certState, formatDate, formatMs, resultProblem } from './probeFormat';
import { ProbeTimingBar } from './ProbeTimingBar';
import { UpdatedAgo } from '../ui/UpdatedAgo';

interface Props {
  def: ProbeDef;
  last: ProbeResult | null;
  lastRemote: ProbeResult | null;
  remoteName: string | null;
  advice: readonly ProbeAdvice[];
}

/** The last run from this machine in detail: outcome, where the time went, size, certificate, advice. */
export function ProbeLastRun({ def, last, lastRemote, remoteName, advice }: Props) {
  return (
    <section className="panel panel--wide" aria-labelledby="probe-last-title" data-testid="probe-last">
      <div className="panel__header">
        <h2 className="panel__title" id="probe-last-title">
          Last run
        </h2>
        {last && (
          <span className="muted">
            <UpdatedAgo ts={last.ts} bare />
          </span>
        )}
      </div>
      {!last ? (
        <p className="muted">Not run yet: the first run starts as soon as the probe is saved.</p>
      ) : (
        <div className="probe-last">
          <Outcome result={last} />
          <ProbeTimingBar timings={last.timings} />
          <div className="probe-facts">
            <Size result={last} />
            {last.cert && <Cert cert={last.cert} def={def} />}
          </div>
          {remoteName && (
            <p className="probe-last__remote" data-testid="probe-last-remote">
              <strong>From {remoteName}:</strong>{' '}
              {lastRemote ? (
                <>
                  {lastRemote.ok ? '✓ OK' : '✖ Failed'} · {lastRemote.status ?? 'no response'} ·{' '}
                  {formatMs(lastRemote.timings.totalMs)}
                  {resultProblem(lastRemote) && <span className="muted"> · {resultProblem(lastRemote)}</span>}
                </>
              ) : (
                <span className="muted">no run yet</span>
              )}
            </p>
          )}
          <Advice advice={advice} />
        </div>
      )}
    </section>
  );
}

function Outcome({ result: r }: { result: ProbeResult }) {
  const state = r.ok ? 'green' : 'red';
  const problems = r.error ? [r.error, ...r.failures] : r.failures;
  return (
    <div className={`probe-outcome state-${state}`} data-testid="probe-outcome">
      <span className="probe-outcome__status">
        <span aria-hidden="true">{STATE_META[state].icon}</span>{' '}
        <span data-testid="probe-last-status">{r.status ?? 'No response'}</span>
      </span>
      <span className="muted">
        {r.ok ? 'as expected' : 'failed'}
        {r.remoteAddress && ` · ${r.remoteAddress}`}
        {r.contentType && ` · ${r.contentType}`}
      </span>
      {problems.length > 0 && (
        <ul className="probe-outcome__problems" data-testid="probe-failures">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Size({ result: r }: { result: ProbeResult }) {
  const compressed = r.contentEncoding && r.decodedBytes !== r.bytes;
  return (
    <dl className="probe-fact" data-testid="probe-size">
      <dt>Size</dt>
      <dd>
        <strong>{formatBytes(r.bytes)}</strong> transferred
        {compressed && (
          <>
            , <strong>{formatBytes(r.decodedBytes)}</strong> decoded
          </>
        )}
        {r.truncated && <span className="muted"> (cut at the read limit)</span>}
      </dd>
      <dd className="muted">
        {r.contentEncoding ? `Encoding ${r.contentEncoding}` : 'Not compressed'}
        {r.cacheControl ? ` · Cache-Control: ${r.cacheControl}` : ' · no Cache-Control'}
        {r.hasEtag && ' · ETag'}
        {r.hasLastModified && ' · Last-Modified'}
      </dd>
    </dl>
  );
}

function Cert({ cert, def }: { cert: ProbeCert; def: ProbeDef }) {
  const state = certState(cert, def.certWarnDays, def.certCritDays);
  return (
    <dl className="probe-fact" data-testid="probe-cert-detail">
      <dt>Certificate</dt>
      <dd>
        <strong>{cert.subject}</strong> <span className="muted">issued by</span> {cert.issuer}
      </dd>
      <dd>
        Expires {formatDate(cert.validTo)} ·{' '}
        <span className={`probe-cert-days state-${state}`}>
          <span aria-hidden="true">{STATE_META[state].icon}</span> {certDaysWords(cert.daysLeft)}
        </span>
      </dd>
      <dd className={cert.trusted ? 'muted' : 'probe-cert-untrusted'}>
        {cert.trusted ? '✓ Trusted chain and name' : '✖ Not trusted (self-signed, unknown CA or wrong name)'}
      </dd>
    </dl>
  );
}

function Advice({ advice }: { advice: readonly ProbeAdvice[] }) {
  if (advice.length === 0)
    return <p className="muted probe-advice--none">No front-end advice for this response.</p>;
  return (
    <div className="probe-advice" data-testid="probe-advice">
      <h3 className="probe-advice__title">Front-end advice</h3>
      <ul>
        {advice.map((a) => (
          <li
            key={a.id}
            className={`probe-advice__item probe-advice__item--${a.severity}`}
            data-advice-id={a.id}
          >
            <span className="probe-advice__sev">
              <span aria-hidden="true">{a.severity === 'warn' ? '▲' : 'ℹ'}</span>{' '}
              {a.severity === 'warn' ? 'Warning' : 'Info'}
            </span>{' '}
            {a.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
