import { useShallow } from 'zustand/react/shallow';
import { useHostsStore } from '../stores/hosts';
import { AppHeader } from './AppHeader';
import { HostCard } from './HostCard';
import { SummaryBar } from './SummaryBar';

export function BoardPage() {
  const { order, loaded, loadError } = useHostsStore(
    useShallow((s) => ({ order: s.order, loaded: s.loaded, loadError: s.loadError })),
  );

  return (
    <>
      <AppHeader />
      <main className="page">
        <div className="page__title-row">
          <h1 className="page__title">Hosts</h1>
          <SummaryBar />
        </div>
        {loadError && (
          <div className="notice notice--error" role="alert">
            Could not load the board: {loadError}
          </div>
        )}
        {!loaded && !loadError && <div className="notice">Loading the board…</div>}
        {loaded && order.length === 0 && <div className="notice">No hosts on the board yet.</div>}
        <div className="host-grid">
          {order.map((id) => (
            <HostCard key={id} hostId={id} />
          ))}
        </div>
      </main>
    </>
  );
}
