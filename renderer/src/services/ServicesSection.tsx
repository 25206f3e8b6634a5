import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { lastHours, rangeWindow, type RangeId, type TimeWindow } from '../charts/chartRange';
import { useAppInfo } from '../app/useAppInfo';
import { RangePicker } from '../hosts/charts/RangePicker';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Modal } from '../ui/Modal';
import { ServiceForm } from './ServiceForm';
import { ServicePanel } from './ServicePanel';
import { newestReading, serviceIdsOf, useServicesStore } from './servicesStore';
import '../hosts/charts/charts.css';
import './services.css';

/** How often a range that ends now moves on, as the host's charts do. */
const REFRESH_MS = 15_000;

/**
 * The host page's "Databases and caches": every service of the host under one range picker (the
 * host charts' own), each with its charts, sessions, advice and top queries; and adding one.
 * A reviewed history shows what it holds, with nothing to add, poll or remove.
 */
export function ServicesSection({ hostId }: { hostId: string }) {
  const history = useAppInfo()?.history ?? null;
  const readOnly = history !== null;
  const endTs = history?.toTs ?? null;
  const ids = useServicesStore(useShallow((s) => serviceIdsOf(s.byId, hostId)));
  const byId = useServicesStore((s) => s.byId);
  const { loaded, loadError } = useServicesStore(
    useShallow((s) => ({ loaded: s.loaded, loadError: s.loadError })),
  );
  const [range, setRange] = useState<RangeId>('15m');
  const [custom, setCustom] = useState<TimeWindow | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [adding, setAdding] = useState(false);
  const movesOn = range !== 'custom' && endTs === null && ids.length > 0;
  // A range that ends now also moves on with every poll of the host's services, so a reading
  // (the first of a service just added, or one asked for with "Poll now") is drawn as it
  // arrives rather than at the next tick; `version` makes the charts read again.
  const newest = useServicesStore((s) => newestReading(s.byId, hostId));
  const version = movesOn ? newest : null;
  const end = version !== null ? Math.max(now, version) : now;
  const span = useMemo(
    () => rangeWindow(range, end, endTs, custom) ?? { from: (endTs ?? end) - 15 * 60_000, to: endTs ?? end },
    [range, end, endTs, custom],
  );

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
  };

  // A saved history without services has nothing to say about them.
  if (readOnly && loaded && ids.length === 0) return null;

  return (
    <section
      className="panel panel--wide svc-section"
      aria-labelledby="svc-section-title"
      data-testid="services-section"
    >
      <div className="panel__header svc-section__header">
        <h2 className="panel__title" id="svc-section-title">
          Databases and caches
        </h2>
        {ids.length > 0 && (
          <RangePicker
            value={range}
            onChange={pickRange}
            offerLive={false}
            custom={custom}
            onCustomChange={setCustom}
          />
        )}
        {!readOnly && (
          <button type="button" className="button" data-testid="service-add" onClick={() => setAdding(true)}>
            + Add database or cache
          </button>
        )}
      </div>
      <ErrorNotice message={loadError} prefix="Could not load the services: " />
      {loaded && ids.length === 0 && (
        <p className="muted" data-testid="services-empty">
          None watched yet. Add PostgreSQL, MySQL/MariaDB or Redis to see its connections, hit ratios and
          slowest queries, read through the SSH session with nothing installed on the host.
        </p>
      )}
      {ids.map((id) => {
        const s = byId[id];
        return s ? (
          <ServicePanel key={id} state={s} span={span} version={version} readOnly={readOnly} />
        ) : null;
      })}
      {adding && (
        <Modal
          title="Add a database or cache"
          testId="service-form-dialog"
          onClose={() => setAdding(false)}
          wide
        >
          <ServiceForm hostId={hostId} onDone={() => setAdding(false)} />
        </Modal>
      )}
    </section>
  );
}
