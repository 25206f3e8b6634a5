import { useShallow } from 'zustand/react/shallow';
import { probeMatches } from '../board/boardSections';
import { STATE_META, SUMMARY_ORDER } from '../ui/healthStates';
import { useAppInfo } from '../app/useAppInfo';
import { countByState } from './probeFormat';
import { useProbesStore } from './probesStore';
import { useTimeTravelStore } from '../timeTravel/timeTravelStore';
import type { ProbeStatus } from '../../../shared/probes';
import { useUiStore } from '../app/uiStore';
import { ErrorNotice } from '../ui/ErrorNotice';
import { ProbeCard } from './ProbeCard';

/** The board's HTTP probes, under the hosts: worst first, with counts by state. */
export function ProbeSection() {
  const reviewing = useAppInfo()?.history != null;
  // At a past moment: the probes that existed then, as they were then.
  const past = useTimeTravelStore((s) => (s.at === null ? null : s.probes));
  const liveOrder = useProbesStore(useShallow((s) => s.order));
  const liveCounts = useProbesStore(useShallow((s) => countByState(Object.values(s.byId))));
  const { loaded, loadError } = useProbesStore(
    useShallow((s) => ({ loaded: s.loaded, loadError: s.loadError })),
  );
  const openDialog = useUiStore((s) => s.openDialog);
  const filter = useUiStore(useShallow((s) => ({ query: s.boardQuery, state: s.stateFilter })));
  // The board's search box and state filter apply to probes too.
  const matches = (p: ProbeStatus): boolean =>
    probeMatches({ name: p.def.name, url: p.def.url, state: p.health.state }, filter);
  const liveShown = useProbesStore(
    useShallow((s) =>
      s.order.filter((id) => {
        const p = s.byId[id];
        return !!p && matches(p);
      }),
    ),
  );
  const order = past ? past.map((p) => p.def.id) : liveOrder;
  const counts = past ? countByState(past) : liveCounts;
  const shown = past ? past.filter(matches).map((p) => p.def.id) : liveShown;
  const filtered = shown.length < order.length;
  // A saved history with no probes has nothing to say about them.
  if (reviewing && loaded && order.length === 0) return null;

  return (
    <section className="probe-section" aria-labelledby="probe-section-title" data-testid="probe-section">
      <div className="probe-section__header">
        <h2 className="probe-section__title" id="probe-section-title">
          Probes <span className="muted">· {order.length}</span>
        </h2>
        {order.length > 0 && (
          <ul className="probe-section__counts" aria-label="Probes by state" data-testid="probe-counts">
            {SUMMARY_ORDER.filter((s) => counts[s] > 0).map((state) => (
              <li key={state} className={`probe-count state-${state}`} data-testid={`probe-count-${state}`}>
                <span aria-hidden="true">{STATE_META[state].icon}</span> <strong>{counts[state]}</strong>{' '}
                {STATE_META[state].label}
              </li>
            ))}
          </ul>
        )}
        {!reviewing && !past && (
          <button
            type="button"
            className="button probe-section__add"
            data-testid="probe-add"
            onClick={() => openDialog({ kind: 'add-probe' })}
          >
            + Add probe
          </button>
        )}
      </div>
      <ErrorNotice message={loadError} prefix="Could not load the probes: " />
      {!loaded && !loadError && <div className="notice">Loading the probes…</div>}
      {loaded && order.length === 0 && (
        <div className="notice" data-testid="probe-empty">
          No probes yet. Add one to watch an endpoint&apos;s status, speed and certificate.
        </div>
      )}
      {filtered && (
        <div className="notice" data-testid="probe-filtered">
          {shown.length === 0
            ? 'No probe matches the search or state filter.'
            : `Showing ${shown.length} of ${order.length} probes (search or state filter).`}
        </div>
      )}
      {shown.length > 0 && (
        <div className="probe-grid" role="list" aria-label={`Probes, worst first: ${shown.length}`}>
          {shown.map((id) => (
            <div key={id} role="listitem" className="probe-grid__item">
              <ProbeCard probeId={id} />
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
