import { memo, useMemo, type KeyboardEvent } from 'react';
import { formatPct } from '../../../shared/format';
import { fullestDisk, memUsedPct } from '../../../shared/metrics';
import { headline, STATE_META } from '../healthStates';
import { hostHref } from '../hooks/useRoute';
import { SPARKLINE_SAMPLES, useHostsStore } from '../stores/hosts';
import { useTimeTravelStore } from '../stores/timeTravel';
import { Sparkline } from './Sparkline';
import { StateBadge } from './StateBadge';

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
  const live = useHostsStore((s) => s.byId[hostId]);
  const past = useTimeTravelStore((s) => (s.at === null ? null : (s.byId[hostId] ?? null)));
  const entry = useMemo(() => (live && past ? { ...live, ...past } : live), [live, past]);
  const history = entry?.history;
  // At a past moment, the polls up to that moment and nothing received since.
  const pastTrend = useTimeTravelStore((s) => (s.at === null ? null : (s.trends[hostId] ?? null)));
  const cpuValues = useMemo(
    () => (pastTrend ? pastTrend.map((p) => p[1]) : (history ?? []).map((s) => s.cpu.busyPct)),
    [history, pastTrend],
  );
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
  const reason = link.state === 'ok' ? headline(health.state, health.reasons) : link.message;

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
          values={cpuValues}
          slots={SPARKLINE_SAMPLES}
          tone="cpu"
          label={`CPU of ${host.name}, recent`}
        />
      </span>
    </article>
  );
});
