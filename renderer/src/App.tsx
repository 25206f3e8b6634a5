import { useEffect } from 'react';
import { api, connection } from './api';
import { AlertsPage } from './components/AlertsPage';
import { BoardPage } from './components/BoardPage';
import { ConnectionBanner } from './components/ConnectionBanner';
import { Dialogs } from './components/Dialogs';
import { FullPageMessage } from './components/FullPageMessage';
import { HistoryBanner } from './components/HistoryBanner';
import { HostPage } from './components/HostPage';
import { IncidentPage } from './components/IncidentPage';
import { IncidentsPage } from './components/IncidentsPage';
import { LoadTestsPage } from './components/LoadTestsPage';
import { ProbePage } from './components/ProbePage';
import { useRoute } from './hooks/useRoute';
import { useThemeAttribute } from './hooks/useThemeAttribute';
import { initBrowserNotifications } from './notifications/browserNotifications';
import { queryClient } from './queryClient';
import { initQueryEvents } from './queryEvents';
import { initStores } from './stores/initStores';
import { useUiStore } from './stores/ui';
// Here rather than in main.tsx beside the others: the Alerts page and its header link are App's.
import './styles/alerts.css';
import './styles/incidents.css';
import './styles/incidentPanels.css';
import './styles/incidentPlan.css';

export function App() {
  useEffect(() => initStores(api, connection), []);
  // Cached reads go stale on the engine events that change them and after a reconnect.
  useEffect(() => initQueryEvents(api, connection, queryClient), []);
  // Headless mode only: in Electron, main shows the OS notification itself.
  useEffect(() => initBrowserNotifications(api), []);
  useThemeAttribute();
  const route = useRoute();
  const problem = useUiStore((s) => (s.connection.problem ? s.connection : null));

  if (problem) {
    const title = problem.problem === 'no-token' ? 'Access token missing' : 'Access token not accepted';
    return <FullPageMessage title={title} message={problem.message} />;
  }

  return (
    <>
      <ConnectionBanner />
      <HistoryBanner />
      {route.page === 'host' ? (
        <HostPage key={route.hostId} hostId={route.hostId} />
      ) : route.page === 'probe' ? (
        <ProbePage key={route.probeId} probeId={route.probeId} />
      ) : route.page === 'alerts' ? (
        <AlertsPage />
      ) : route.page === 'loadtests' ? (
        <LoadTestsPage />
      ) : route.page === 'incidents' ? (
        <IncidentsPage />
      ) : route.page === 'incident' ? (
        <IncidentPage key={route.incidentId} incidentId={route.incidentId} />
      ) : (
        <BoardPage />
      )}
      <Dialogs />
    </>
  );
}
