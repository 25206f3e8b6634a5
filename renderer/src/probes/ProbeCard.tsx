import { memo, useMemo, type KeyboardEvent } from 'react';
import { STATE_META } from '../ui/healthStates';
import { probeHref } from '../app/useRoute';
import {
  certDaysWords,
  certState,
  formatMs,
  formatSpan,
  probeHeadline,
  resultProblem,
  sparkValues,
} from './probeFormat';
import { useHostsStore } from '../hosts/hostsStore';
import { useProbesStore } from './probesStore';
import { pastProbe, useTimeTravelStore } from '../timeTravel/timeTravelStore';
import { Sparkline } from '../ui/Sparkline';
import { StateBadge } from '../ui/StateBadge';
import { UpdatedAgo } from '../ui/UpdatedAgo';

/** Enough runs to see a trend at a glance; the probe page has the rest. */
const SPARK_SLOTS = 30;

/**
 * One probe at a glance, in the host cards' look: state as icon, word and colour, the worst
 * reason, the last status and time, the trend of recent times and the certificate's days left.
 */
export const ProbeCard = memo(function ProbeCard({ probeId }: { probeId: string }) {
  const live = useProbesStore((s) => s.byId[probeId]);
  // At a past moment, the probe as it was then (its runs up to then, judged as of then).
  const then = useTimeTravelStore((s) => pastProbe(s, probeId));
  const probe = then ?? live;
  const fromName = useHostsStore((s) => {
    const id = probe?.def.fromHostId;
    return id ? (s.byId[id]?.host.name ?? id) : null;
  });
  const recent = probe?.recentMs;
  const spark = useMemo(() => sparkValues(recent ?? []), [recent]);
  if (!probe) return null;

  const { def, health, last, lastRemote } = probe;
  const reason = probeHeadline(health.state, health.reasons);
  const open = (): void => {
    location.hash = probeHref(probeId);
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open();
    }
  };
  const cert = last?.cert ?? null;
  const https = def.url.startsWith('https:');
  const problem = last ? resultProblem(last) : null;
  const pLabel = `p${def.slo.percentile} · ${formatSpan(def.slo.windowMs)}`;

  return (
    <article
      className={`card probe-card state-${health.state}`}
      data-testid="probe-card"
      data-probe-id={probeId}
      data-state={health.state}
      tabIndex={0}
      role="link"
      aria-label={`Probe ${def.name}: ${STATE_META[health.state].label}, ${reason}. Open probe page.`}
      onClick={open}
      onKeyDown={onKeyDown}
    >
      <header className="probe-card__header">
        <h3 className="probe-card__name" title={def.name}>
          {def.name}
        </h3>
        <StateBadge state={health.state} />
      </header>
      <p className="probe-card__url mono muted" title={def.url}>
        {def.method !== 'GET' && <span className="probe-card__method">{def.method} </span>}
        {def.url}
      </p>
      <p className="probe-card__reason" data-testid="probe-reason">
        {reason}
      </p>
      <div className="probe-card__body">
        <dl className="probe-card__metrics">
          <div className="metric">
            <dt>Status</dt>
            <dd className="metric__value" data-testid="probe-status" title={problem ?? undefined}>
              {last ? (last.status ?? errorWord(last.errorKind)) : '—'}
            </dd>
          </div>
          <div className="metric">
            <dt>Time</dt>
            <dd className="metric__value" data-testid="probe-time">
              {last ? formatMs(last.timings.totalMs) : '—'}
            </dd>
          </div>
          <div className="metric">
            <dt>{pLabel}</dt>
            <dd className="metric__value" data-testid="probe-latency">
              {formatMs(health.latencyMs)}
            </dd>
          </div>
          {https && (
            <div className="metric">
              <dt>Certificate</dt>
              <dd
                className={`metric__value probe-card__cert state-${cert ? certState(cert, def.certWarnDays, def.certCritDays) : 'grey'}`}
                data-testid="probe-cert"
              >
                {cert
                  ? certDaysWords(cert.daysLeft)
                  : health.certDaysLeft !== null
                    ? certDaysWords(health.certDaysLeft)
                    : '—'}
              </dd>
            </div>
          )}
        </dl>
        <div className="probe-card__spark">
          <span className="probe-card__spark-label">
            Total time <span className="muted">· last {SPARK_SLOTS} runs</span>
          </span>
          <Sparkline
            values={spark}
            slots={SPARK_SLOTS}
            nulls="failure"
            label={`Total time of ${def.name} over its last ${recent?.length ?? 0} runs`}
          />
        </div>
      </div>
      <footer className="probe-card__footer">
        <span>
          {fromName && (
            <span data-testid="probe-remote">
              From {fromName}:{' '}
              {lastRemote
                ? `${lastRemote.status ?? errorWord(lastRemote.errorKind)} · ${formatMs(lastRemote.timings.totalMs)}`
                : '—'}
            </span>
          )}
        </span>
        <UpdatedAgo ts={last?.ts ?? null} />
      </footer>
    </article>
  );
});

/** What stands in for a status code when there was no response. */
function errorWord(kind: string | null): string {
  switch (kind) {
    case 'timeout':
      return 'Timeout';
    case 'refused':
      return 'Refused';
    case 'dns':
      return 'DNS';
    case 'tls':
      return 'TLS';
    default:
      return 'Error';
  }
}
