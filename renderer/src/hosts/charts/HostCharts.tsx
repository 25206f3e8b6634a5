import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Host, Sample } from '../../../../shared/schemas';
import { describeTier, lastHours, rangeWindow, type RangeId, type TimeWindow } from '../../charts/chartRange';
import { hostChartDefs, hostShape } from './hostCharts';
import { formatTime } from '../../../../shared/format';
import { useAppInfo } from '../../app/useAppInfo';
import { quietRange } from './quietRange';
import { historyCap, useHostsStore } from '../hostsStore';
import { ChartCard, type ChartStatus } from './ChartCard';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { RangePicker } from './RangePicker';
import { useForecasts } from './useForecasts';
// After the chart components, so these rules come after uPlot's own stylesheet.
import './charts.css';

/** How often a range that ends now moves on, so its newest minutes show up. */
const REFRESH_MS = 15_000;

const sameStatus = (a: ChartStatus | undefined, b: ChartStatus): boolean =>
  !!a && a.points === b.points && a.tier === b.tier && a.bucketMs === b.bucketMs && a.error === b.error;

/**
 * The host's charts under one range picker and one shared cursor: live (the stored polls of the
 * last few minutes, continued by the samples received) or a stored range, which for a saved
 * history ends at its last sample.
 */
export function HostCharts({
  host,
  history,
  latest,
}: {
  host: Host;
  history: readonly Sample[];
  latest: Sample | null;
}) {
  const reviewing = useAppInfo()?.history ?? null;
  const endTs = reviewing?.toTs ?? null;
  const [range, setRange] = useState<RangeId>('live');
  const [liveChosen, setLiveChosen] = useState(false);
  const [custom, setCustom] = useState<TimeWindow | null>(null);
  const [now, setNow] = useState(() => Date.now());
  // Live spans as many polls as the board keeps in memory per host, so once the stored tail it
  // opened with has scrolled out, the samples received fill the same width.
  const hostCount = useHostsStore((s) => s.order.length);
  const liveWindowMs = historyCap(hostCount) * host.intervalMs;
  // A host silent for longer than Live spans (unreachable since before the page opened) would
  // show only empty minutes there: it opens on a stored range with its last data and the gap.
  const lastTs = latest?.ts ?? null;
  const quietSince = !reviewing && lastTs !== null && lastTs < now - liveWindowMs ? lastTs : null;
  const effective: RangeId =
    reviewing && range === 'live'
      ? '1h'
      : range === 'live' && quietSince !== null && !liveChosen
        ? quietRange(quietSince, now)
        : range;
  const span = useMemo(() => rangeWindow(effective, now, endTs, custom), [effective, now, endTs, custom]);
  const movesOn = span !== null && effective !== 'custom' && endTs === null;
  // Live on a quiet host (asked for on purpose) is its stored tail up to its last data.
  const liveEnd = quietSince ?? now;
  const liveSpan = useMemo(() => ({ from: liveEnd - liveWindowMs, to: liveEnd }), [liveEnd, liveWindowMs]);

  useEffect(() => {
    if (!movesOn) return;
    const timer = setInterval(() => setNow(Date.now()), REFRESH_MS);
    return () => clearInterval(timer);
  }, [movesOn]);

  const pickRange = (id: RangeId): void => {
    const t = Date.now();
    if (id === 'custom' && !custom) setCustom(lastHours(6, endTs ?? t));
    setNow(t);
    setRange(id);
    setLiveChosen(id === 'live');
  };

  // Charts are rebuilt only when a mount or interface comes or goes, not on every sample.
  const ssh = host.kind === 'ssh';
  const shape = hostShape(ssh, latest ? [...history, latest] : history);
  const mountsKey = shape.mounts.join('\n');
  const inodeMountsKey = shape.inodeMounts.join('\n');
  const ifacesKey = shape.ifaces.join('\n');
  const defs = useMemo(() => {
    const split = (k: string): string[] => (k ? k.split('\n') : []);
    return hostChartDefs({
      ssh,
      mounts: split(mountsKey),
      inodeMounts: split(inodeMountsKey),
      ifaces: split(ifacesKey),
    });
  }, [ssh, mountsKey, inodeMountsKey, ifacesKey]);

  const forecasts = useForecasts(host.id);
  const [statuses, setStatuses] = useState<Record<string, ChartStatus>>({});
  const onStatus = useCallback((id: string, status: ChartStatus) => {
    setStatuses((prev) => (sameStatus(prev[id], status) ? prev : { ...prev, [id]: status }));
  }, []);
  const shown = defs.flatMap((d) => statuses[d.id] ?? []);
  const answered = shown.find((s) => s.tier !== null && s.points >= 2);
  const error = shown.find((s) => s.error)?.error ?? null;
  const most = Math.max(0, ...shown.map((s) => s.points));
  const settled = span === null || shown.some((s) => s.tier !== null);

  let hint: string | null = null;
  if (span === null && most < 2 && quietSince === null) hint = 'The charts fill in as samples arrive.';
  else if (span !== null && settled && most === 1)
    hint = 'All the samples stored in this range fall in one point; pick a shorter range to see them apart.';
  else if (span !== null && settled && most === 0) hint = 'No samples stored in this range.';

  return (
    <section
      className="panel panel--wide host-charts"
      aria-labelledby="charts-title"
      data-testid="host-charts"
    >
      <div className="panel__header host-charts__header">
        <h2 className="panel__title" id="charts-title">
          History
        </h2>
        <RangePicker
          value={effective}
          onChange={pickRange}
          offerLive={!reviewing}
          custom={custom}
          onCustomChange={setCustom}
        />
      </div>
      <ErrorNotice message={error} prefix="Could not load the history: " />
      {quietSince !== null && (
        // Said above the charts, where the eye lands first: the gap at their right edge is this.
        <p className="chart__quiet" role="status" data-testid="charts-quiet">
          No data since {formatTime(quietSince, { seconds: false })}: {host.name} has not answered since. The
          charts show what was stored up to then.
        </p>
      )}
      <div className="host-charts__grid">
        {defs.map((def) => (
          <ChartCard
            key={def.id}
            hostId={host.id}
            def={def}
            span={span}
            liveSpan={liveSpan}
            quietSince={quietSince}
            history={history}
            syncKey={`host-charts:${host.id}`}
            onStatus={onStatus}
            forecasts={forecasts}
          />
        ))}
      </div>
      {span !== null && answered && (
        <p className="muted chart__hint" data-testid="chart-resolution">
          {describeTier(answered.tier ?? '', answered.bucketMs)}
        </p>
      )}
      {hint && <p className="muted chart__hint">{hint}</p>}
    </section>
  );
}
