import { memo } from 'react';
import { formatPct } from '../../../shared/format';
import { fullestDisk, memUsedPct } from '../../../shared/metrics';
import { STATE_META } from '../ui/healthStates';
import { useBoardHost } from './useBoardHost';
import { SPARKLINE_SAMPLES } from './hostsStore';
import { Sparkline } from '../ui/Sparkline';
import { StateBadge } from '../ui/StateBadge';
import { ServiceDots } from '../services/ServiceCardRows';

interface Props {
  hostId: string;
  /** The row's place on the board, for keyboard navigation (see useBoardNav). */
  cell?: string;
  tabbable?: boolean;
}

/**
 * One host as a row of the list view: state, name, the worst reason, CPU, memory, the fullest
 * disk and a CPU sparkline. The same data and keys as the card, in a fifth of the height, so a
 * laptop screen holds twenty hosts and more.
 */
export const HostRow = memo(function HostRow({ hostId, cell, tabbable = true }: Props) {
  const { entry, trend, reason, open, onKeyDown } = useBoardHost(hostId);
  if (!entry) return null;

  const { host, health, latest } = entry;
  const disk = latest ? fullestDisk(latest) : null;

  return (
    <article
      className={`host-row state-${health.state}`}
      data-testid="host-row"
      data-host-id={hostId}
      data-state={health.state}
      data-cell={cell}
      tabIndex={tabbable ? 0 : -1}
      role="link"
      aria-label={`${host.name}: ${STATE_META[health.state].label}, ${reason}. Open host page.`}
      onClick={open}
      onKeyDown={onKeyDown}
    >
      <StateBadge state={health.state} />
      <span className="host-row__name" title={host.name}>
        {host.name}
      </span>
      <span className="host-row__reason" title={reason} data-testid="row-reason">
        <ServiceDots hostId={hostId} />
        {reason}
      </span>
      <span className="host-row__num" data-testid="row-cpu">
        <span className="host-row__label">CPU</span> {formatPct(latest?.cpu.busyPct)}
      </span>
      <span className="host-row__num" data-testid="row-mem">
        <span className="host-row__label">Mem</span> {latest ? formatPct(memUsedPct(latest)) : '—'}
      </span>
      <span className="host-row__num" data-testid="row-disk" title={disk?.mount}>
        <span className="host-row__label">Disk</span> {disk ? formatPct(disk.usedPct) : '—'}
      </span>
      <span className="host-row__spark">
        <Sparkline
          values={trend.cpu}
          slots={SPARKLINE_SAMPLES}
          tone="cpu"
          label={`CPU of ${host.name}, recent`}
        />
      </span>
    </article>
  );
});
