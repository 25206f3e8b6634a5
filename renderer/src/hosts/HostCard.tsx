import { memo } from 'react';
import { formatBytes, formatDuration, formatPct, formatRate } from '../../../shared/format';
import { fullestDisk, memUsedPct, totalNet } from '../../../shared/metrics';
import { STATE_META } from '../ui/healthStates';
import { useBoardHost } from './useBoardHost';
import { formatSshAddress } from './sshAddress';
import { SPARKLINE_SAMPLES } from './hostsStore';
import { useAppInfo } from '../app/useAppInfo';
import { DeclareIncidentButton } from '../incidents/DeclareIncidentButton';
import { LinkProblem } from './LinkProblem';
import { SourceBadge } from './SourceBadge';
import { StateBadge } from '../ui/StateBadge';
import { Sparkline } from '../ui/Sparkline';
import { UpdatedAgo } from '../ui/UpdatedAgo';
import { ServiceCardRows } from '../services/ServiceCardRows';

interface Props {
  hostId: string;
  /** The card's place on the board, for keyboard navigation (see useBoardNav). */
  cell?: string;
  /** In the tab order: the board keeps one card there and moves between cards with arrows. */
  tabbable?: boolean;
}

/**
 * One host at a glance: state as icon and word (never colour alone), the worst reason, the
 * numbers, CPU and memory sparklines, and how long ago it was last polled. Memoized and
 * subscribed to its own host only, so a sample re-renders just the card it is for.
 */
export const HostCard = memo(function HostCard({ hostId, cell, tabbable = true }: Props) {
  // When the board shows a past moment, the card shows that moment's state, numbers and trend.
  const { entry, inPast, trend, reason, open, onKeyDown } = useBoardHost(hostId);
  // Declaring needs the live board: not on a saved history, nor on a past moment of this one.
  const canDeclare = useAppInfo()?.history == null && !inPast;
  if (!entry) return null;

  const { host, health, latest, link } = entry;
  const disk = latest ? fullestDisk(latest) : null;
  const span = spanWords((SPARKLINE_SAMPLES * host.intervalMs) / 1000);
  // Health is re-sent only when it changes, so the newest sample is usually the later time.
  const lastPoll = Math.max(latest?.ts ?? 0, health.lastSampleTs ?? 0) || null;
  const net = latest ? totalNet(latest) : null;

  return (
    <article
      className={`card host-card state-${health.state}`}
      data-testid="host-card"
      data-host-id={hostId}
      data-state={health.state}
      data-cell={cell}
      tabIndex={tabbable ? 0 : -1}
      role="link"
      // Read as one line: name, state in words, why, then what Enter does.
      aria-label={`${host.name}: ${STATE_META[health.state].label}, ${reason}. Open host page.`}
      onClick={open}
      onKeyDown={onKeyDown}
    >
      <header className="host-card__header">
        <h2 className="host-card__name" title={host.name}>
          {host.name}
        </h2>
        <StateBadge state={health.state} />
      </header>
      {host.ssh && (
        <p className="host-card__address mono muted" title="SSH address">
          {formatSshAddress(host.ssh)}
          {host.ssh.jump && ` via ${formatSshAddress(host.ssh.jump)}`}
        </p>
      )}
      {host.kind === 'prometheus' && (
        <p className="host-card__source">
          <SourceBadge host={host} />
        </p>
      )}
      {link.state === 'ok' ? (
        <p className="host-card__reason" data-testid="card-reason">
          {reason}
        </p>
      ) : (
        // With no reading at all, the link's message takes the place of empty tiles.
        <LinkProblem hostId={hostId} link={link} compact={latest !== null} past={inPast} />
      )}

      {latest === null && link.state !== 'ok' ? null : (
        <>
          <dl className="host-card__metrics">
            <div className="metric" data-testid="card-cpu">
              <dt>CPU</dt>
              <dd className="metric__value">{formatPct(latest?.cpu.busyPct)}</dd>
              <dd className="metric__sub">{latest ? `${latest.cpu.cores} cores` : '—'}</dd>
            </div>
            <div className="metric" data-testid="card-mem">
              <dt>Memory</dt>
              <dd className="metric__value">{latest ? formatPct(memUsedPct(latest)) : '—'}</dd>
              <dd className="metric__sub">
                {latest
                  ? `${formatBytes(latest.mem.usedBytes)} / ${formatBytes(latest.mem.totalBytes)}`
                  : '—'}
              </dd>
            </div>
            <div className="metric" data-testid="card-disk">
              <dt>Fullest disk</dt>
              <dd className="metric__value">{disk ? formatPct(disk.usedPct) : '—'}</dd>
              <dd className="metric__sub" title={disk?.mount}>
                {disk ? disk.mount : '—'}
              </dd>
            </div>
            <div className="metric" data-testid="card-net">
              <dt>Network</dt>
              <dd className="metric__value metric__value--small">
                <span aria-label="received">↓</span> {formatRate(net?.rxBps)}
              </dd>
              <dd className="metric__value metric__value--small">
                <span aria-label="sent">↑</span> {formatRate(net?.txBps)}
              </dd>
            </div>
          </dl>

          <div className="host-card__sparks">
            <Spark label="CPU" tone="cpu" values={trend.cpu} name={host.name} span={span} />
            <Spark label="Memory" tone="mem" values={trend.mem} name={host.name} span={span} />
          </div>
        </>
      )}

      <ServiceCardRows hostId={hostId} />

      {host.tags.length > 0 && (
        <ul className="tags" aria-label="Tags">
          {host.tags.map((t) => (
            <li key={t} className="tag">
              #{t}
            </li>
          ))}
        </ul>
      )}

      {canDeclare && health.state === 'red' && (
        <div className="host-card__incident">
          <DeclareIncidentButton hostId={hostId} compact />
        </div>
      )}

      <footer className="host-card__footer">
        <span>{latest ? `Up ${formatDuration(latest.uptimeSec)}` : link.state === 'ok' ? 'Up —' : ''}</span>
        <UpdatedAgo ts={lastPoll} />
      </footer>
    </article>
  );
});

/** "2 min", "90 s": what a sparkline spans at the host's interval. */
function spanWords(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 60 && s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}

interface SparkProps {
  label: string;
  tone: 'cpu' | 'mem';
  values: readonly (number | null)[];
  name: string;
  /** The time the sparkline spans, in words. */
  span: string;
}

function Spark({ label, tone, values, name, span }: SparkProps) {
  return (
    <div
      className="host-card__spark"
      data-testid={`spark-${tone}`}
      // Polls with a value, for the tests: a trend from the first paint, not a dashed line.
      data-points={values.filter((v) => v != null).length}
    >
      <span className="host-card__spark-label">
        {label} <span className="muted">· {span}</span>
      </span>
      <Sparkline
        values={values}
        slots={SPARKLINE_SAMPLES}
        tone={tone}
        label={`${label} of ${name} over the last ${span}`}
      />
    </div>
  );
}
