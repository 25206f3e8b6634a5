import { useHostsStore } from './hostsStore';
import { AppHeader } from '../app/AppHeader';
import { DeclareIncidentButton } from '../incidents/DeclareIncidentButton';
import { DiagnosticsPanel } from '../diagnostics/DiagnosticsPanel';
import { DisksTable } from './DisksTable';
import { HostCharts } from './charts/HostCharts';
import { HostLinkPanel } from './HostLinkPanel';
import { NetTable } from './NetTable';
import { SecurityPanel } from '../security/SecurityPanel';
import { ServicesSection } from '../services/ServicesSection';
import { SignalsPanel } from '../alerts/SignalsPanel';
import { SourceBadge } from './SourceBadge';
import { StateBadge } from '../ui/StateBadge';
import { StatTiles } from './StatTiles';
import { TopProcesses } from './TopProcesses';
import { UpdatedAgo } from '../ui/UpdatedAgo';
import { headline } from '../ui/healthStates';
import { formatSshAddress } from './sshAddress';
import { useAppInfo } from '../app/useAppInfo';
import { BackLink } from '../app/BackLink';

export function HostPage({ hostId }: { hostId: string }) {
  // Processes and diagnostics need the live host; a saved history has neither.
  const reviewing = useAppInfo()?.history != null;
  const entry = useHostsStore((s) => s.byId[hostId]);
  const loaded = useHostsStore((s) => s.loaded);

  const back = <BackLink to="board" />;

  if (!entry) {
    return (
      <>
        <AppHeader>{back}</AppHeader>
        <main className="page" data-testid="host-page" data-host-id={hostId}>
          <div className="notice">{loaded ? `There is no host "${hostId}" on the board.` : 'Loading…'}</div>
        </main>
      </>
    );
  }

  const { host, health, latest, history, link } = entry;
  const fromProm = host.kind === 'prometheus';
  const where = host.ssh
    ? `SSH ${formatSshAddress(host.ssh)}`
    : fromProm
      ? `node_exporter ${host.prometheus?.instance ?? host.name}`
      : 'This machine';
  return (
    <>
      <AppHeader>{back}</AppHeader>
      <main className={`page host-page state-${health.state}`} data-testid="host-page" data-host-id={hostId}>
        <section className="host-hero">
          <div className="host-hero__title">
            <h1 className="page__title">{host.name}</h1>
            <StateBadge state={health.state} size="large" testId="host-state" />
            {fromProm && <SourceBadge host={host} />}
            {!reviewing && (
              <span className="host-hero__actions">
                <DeclareIncidentButton hostId={hostId} />
              </span>
            )}
          </div>
          <div className="host-hero__meta muted">
            {where} · {fromProm ? 'read from Prometheus' : 'polled'} every {host.intervalMs / 1000} s ·{' '}
            <UpdatedAgo ts={latest?.ts ?? health.lastSampleTs} />
          </div>
          {health.reasons.length > 0 ? (
            <ul className="reasons">
              {health.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : (
            <p className="reasons reasons--none">{headline(health.state, health.reasons)}</p>
          )}
        </section>

        {latest ? (
          <StatTiles sample={latest} />
        ) : (
          <div className="notice" data-testid="no-readings">
            {link.state === 'ok' || link.state === 'connecting'
              ? 'Waiting for the first poll…'
              : fromProm
                ? 'No readings yet: Prometheus has none for this target while it is down or unreachable.'
                : 'No readings yet: Greenboard cannot poll this host until the SSH connection works.'}
          </div>
        )}

        <div className="panels">
          {host.kind === 'ssh' && (
            // The link's message is often the health reason above already: say it once.
            <HostLinkPanel
              host={host}
              link={link}
              messageShownAbove={health.reasons.includes(link.message)}
            />
          )}
          <SignalsPanel key={`signals-${hostId}`} hostId={hostId} live={!reviewing} />
          <HostCharts key={`charts-${hostId}`} host={host} history={history} latest={latest} />
          {/* Services are read through the host's own shell: a Prometheus target has none. */}
          {!fromProm && <ServicesSection key={`services-${hostId}`} hostId={hostId} />}
          {latest && <DisksTable disks={latest.disks} />}
          {latest && <NetTable net={latest.net} />}
          {/* Listing processes needs the connection: while it is down, the link panel says why. */}
          {!reviewing && link.state === 'ok' && <TopProcesses hostId={hostId} />}
          {!reviewing && <DiagnosticsPanel hostId={hostId} />}
          <SecurityPanel key={`security-${hostId}`} hostId={hostId} live={!reviewing} />
        </div>
      </main>
    </>
  );
}
