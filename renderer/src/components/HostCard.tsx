import { useMemo, type KeyboardEvent } from 'react';
import { formatBytes, formatDuration, formatPct, formatRate } from '../../../shared/format';
import { fullestDisk, memUsedPct, totalNet } from '../../../shared/metrics';
import { headline } from '../healthStates';
import { hostHref } from '../hooks/useRoute';
import { formatSshAddress } from '../sshAddress';
import { useHostsStore } from '../stores/hosts';
import { useTimeTravelStore } from '../stores/timeTravel';
import { LinkProblem } from './LinkProblem';
import { StateBadge } from './StateBadge';
import { Sparkline } from './Sparkline';
import { UpdatedAgo } from './UpdatedAgo';

/** Two minutes at the default interval: enough to see a trend without crowding the card. */
const SPARK_SLOTS = 60;

export function HostCard({ hostId }: { hostId: string }) {
  const live = useHostsStore((s) => s.byId[hostId]);
  const past = useTimeTravelStore((s) => (s.at === null ? null : (s.byId[hostId] ?? null)));
  // When the board shows a past moment, the card shows that moment's state and numbers.
  const entry = useMemo(() => (live && past ? { ...live, ...past } : live), [live, past]);
  const history = entry?.history;
  const cpuValues = useMemo(() => (history ?? []).map((s) => s.cpu.busyPct), [history]);
  if (!entry) return null;

  const { host, health, latest, link } = entry;
  const open = (): void => {
    location.hash = hostHref(hostId);
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open();
    }
  };
  const disk = latest ? fullestDisk(latest) : null;
  const net = latest ? totalNet(latest) : null;

  return (
    <article
      className={`card host-card state-${health.state}`}
      data-testid="host-card"
      data-host-id={hostId}
      data-state={health.state}
      tabIndex={0}
      role="link"
      aria-label={`${host.name}: open host page`}
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
      {link.state === 'ok' ? (
        <p className="host-card__reason" data-testid="card-reason">
          {headline(health.state, health.reasons)}
        </p>
      ) : (
        // With no reading at all, the link's message takes the place of empty tiles.
        <LinkProblem hostId={hostId} link={link} compact={latest !== null} />
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

          <div className="host-card__spark">
            <span className="host-card__spark-label">CPU, last 2 min</span>
            <Sparkline
              values={cpuValues}
              slots={SPARK_SLOTS}
              label={`CPU busy over the last samples of ${host.name}`}
            />
          </div>
        </>
      )}

      {host.tags.length > 0 && (
        <ul className="tags" aria-label="Tags">
          {host.tags.map((t) => (
            <li key={t} className="tag">
              #{t}
            </li>
          ))}
        </ul>
      )}

      <footer className="host-card__footer">
        <span>{latest ? `Up ${formatDuration(latest.uptimeSec)}` : link.state === 'ok' ? 'Up —' : ''}</span>
        <UpdatedAgo ts={health.lastSampleTs ?? latest?.ts ?? null} />
      </footer>
    </article>
  );
}
