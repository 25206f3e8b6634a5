import { useMemo, useState } from 'react';
import { DEFAULT_SERVICE_PORTS, type ServiceState } from '../../../shared/services';
import { api, errorMessage } from '../api';
import type { TimeWindow } from '../charts/chartRange';
import { BusyButton } from '../ui/BusyButton';
import { StateBadge } from '../ui/StateBadge';
import { UpdatedAgo } from '../ui/UpdatedAgo';
import { serviceChartDefs } from './serviceCharts';
import { serviceName, serviceTone, stateWords } from './serviceFormat';
import { ServiceChart } from './ServiceChart';
import { ServiceFindings } from './ServiceFindings';
import { ServicePassword } from './ServicePassword';
import { TopQueries } from './TopQueries';

interface Props {
  state: ServiceState;
  span: TimeWindow;
  /** Changes when the charts should read their range again (a new reading in a range ending now). */
  version: number | null;
  /** A reviewed history: nothing to poll or remove. */
  readOnly: boolean;
}

/** One database or cache on the host page: its state in words, charts, sessions, advice and top queries. */
export function ServicePanel({ state: s, span, version, readOnly }: Props) {
  const { config } = s;
  const tone = serviceTone(s);
  const defs = useMemo(() => serviceChartDefs(config.kind), [config.kind]);
  const name = serviceName(s, DEFAULT_SERVICE_PORTS[config.kind]);
  const how =
    config.via === 'peer'
      ? `its client on the host${config.osUser ? ` as ${config.osUser}` : ''}`
      : `a tunnel${config.dbUser ? ` as ${config.dbUser}` : ''}`;
  return (
    <article
      className={`svc-panel state-${tone}`}
      data-testid="service-panel"
      data-service-id={config.id}
      data-state={tone}
      aria-labelledby={`svc-${config.id}`}
    >
      <header className="svc-panel__header">
        <h3 className="svc-panel__name" id={`svc-${config.id}`}>
          {name}
        </h3>
        <StateBadge state={tone} testId="service-state" />
        <span className="muted svc-panel__meta">
          port {config.port} · read through {how} every {config.intervalMs / 1000} s ·{' '}
          <UpdatedAgo ts={s.latest?.ts ?? null} />
        </span>
        {!readOnly && <ServiceActions serviceId={config.id} name={name} />}
      </header>
      <p
        className={`svc-panel__message${s.status === 'failed' ? ' svc-panel__message--failed' : ''}`}
        data-testid="service-message"
      >
        {stateWords(s)}
      </p>
      {config.via === 'tunnel' && !readOnly && <ServicePassword key={String(s.secretKept)} state={s} />}
      {s.health.reasons.length > 1 && (
        <ul className="reasons">
          {s.health.reasons.slice(1).map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <div className="host-charts__grid svc-panel__charts">
        {defs.map((def) => (
          <ServiceChart key={def.id} serviceId={config.id} def={def} span={span} version={version} />
        ))}
      </div>
      {s.latest && <ServiceFindings reading={s.latest} longQuerySec={config.longQuerySec} />}
      {config.kind !== 'redis' && <TopQueries serviceId={config.id} span={span} version={version} />}
    </article>
  );
}

/** Poll now, and remove with a second question in place (its stored metrics go with it). */
function ServiceActions({ serviceId, name }: { serviceId: string; name: string }) {
  const [busy, setBusy] = useState<'poll' | 'remove' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (what: 'poll' | 'remove'): Promise<void> => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'poll') await api.call('services:poll', { serviceId });
      else await api.call('services:remove', { serviceId });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <span className="svc-panel__actions">
      {confirming ? (
        <span className="confirm" role="group" aria-label={`Confirm removing ${name}`}>
          <span>Remove {name} and its history?</span>
          <BusyButton
            className="button button--danger"
            data-testid="service-remove-confirm"
            busy={busy === 'remove'}
            onClick={() => void run('remove')}
          >
            Remove
          </BusyButton>
          <button
            type="button"
            className="button"
            onClick={() => setConfirming(false)}
            disabled={busy !== null}
          >
            Cancel
          </button>
        </span>
      ) : (
        <>
          <BusyButton
            className="button"
            busy={busy === 'poll'}
            data-testid="service-poll"
            onClick={() => void run('poll')}
          >
            Poll now
          </BusyButton>
          <button
            type="button"
            className="button button--danger-outline"
            data-testid="service-remove"
            onClick={() => setConfirming(true)}
          >
            Remove…
          </button>
        </>
      )}
      {error && (
        <span className="confirm__error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
