import { useEffect } from 'react';
import { api, connection } from '../api';
import { AlertsPage } from '../alerts/AlertsPage';
import { BoardPage } from '../board/BoardPage';
import { ConnectionBanner } from './ConnectionBanner';
import { Dialogs } from './Dialogs';
import { FullPageMessage } from './FullPageMessage';
import { HistoryBanner } from '../history/HistoryBanner';
import { HostPage } from '../hosts/HostPage';
import { GroupPage } from '../groups/GroupPage';
import { IncidentPage } from '../incidents/IncidentPage';
import { IncidentsPage } from '../incidents/IncidentsPage';
import { LoadTestsPage } from '../loadtests/LoadTestsPage';
import { ProbePage } from '../probes/ProbePage';
import { useRoute } from './useRoute';
import { useThemeAttribute } from './useThemeAttribute';
import { initBrowserNotifications } from '../alerts/browserNotifications';
import { queryClient } from './queryClient';
import { initQueryEvents } from './queryEvents';
import { initStores } from './initStores';
import { initServices } from '../services/initServices';
import { useUiStore } from './uiStore';
// Here rather than in main.tsx beside the others: the Alerts page and its header link are App's.
import '../alerts/alerts.css';
import '../incidents/incidents.css';
import '../incidents/incidentPanels.css';
import '../incidents/incidentPlan.css';

export function App() {
  useEffect(() => initStores(api, connection), []);
  // Databases and caches: their own live store, beside the board's.
  useEffect(() => initServices(api, connection), []);
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
      ) : route.page === 'group' ? (
        <GroupPage key={route.tag} tag={route.tag} />
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
