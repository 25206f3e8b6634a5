import type { ReactNode } from 'react';
import { useAppInfo } from './useAppInfo';
import { ALERTS_HREF, BOARD_HREF, INCIDENTS_HREF, LOADTESTS_HREF, useRoute } from './useRoute';
import { criticalLabel, redIn } from './criticalCount';
import { useHostsStore } from '../hosts/hostsStore';
import { openCount, useIncidentsStore } from '../incidents/incidentsStore';
import { useProbesStore } from '../probes/probesStore';
import { useUiStore } from './uiStore';
import { ThemeToggle } from './ThemeToggle';

export function AppHeader({ children }: { children?: ReactNode }) {
  // A saved history is read-only and the engine would only show its defaults: no Settings there.
  const reviewing = useAppInfo()?.history != null;
  const openDialog = useUiStore((s) => s.openDialog);
  const page = useRoute().page;
  const onAlerts = page === 'alerts';
  const onLoad = page === 'loadtests';
  const onIncidents = page === 'incidents' || page === 'incident';
  const open = useIncidentsStore(openCount);
  const openLabel = `${open} open ${open === 1 ? 'incident' : 'incidents'}`;
  // Probes count as hosts do: a red probe is as much a reason to open the Alerts page.
  const redHosts = useHostsStore((s) => redIn(s.order, s.byId));
  const redProbes = useProbesStore((s) => redIn(s.order, s.byId));
  const red = redHosts + redProbes;
  const redLabel = criticalLabel(redHosts, redProbes);
  return (
    <header className="app-header">
      <a className="brand" href={BOARD_HREF}>
        <span className="brand__mark" aria-hidden="true" />
        Greenboard
      </a>
      <div className="app-header__middle">{children}</div>
      <a
        className={`button button--ghost app-nav${onAlerts ? ' app-nav--current' : ''}`}
        href={ALERTS_HREF}
        data-testid="nav-alerts"
        aria-current={onAlerts ? 'page' : undefined}
      >
        <span aria-hidden="true">⚑</span>
        <span>Alerts</span>
        {red > 0 && (
          <span className="app-nav__count state-red" data-testid="nav-alerts-red" title={redLabel}>
            <span aria-hidden="true">✖ {red}</span>
            <span className="visually-hidden">{redLabel}</span>
          </span>
        )}
      </a>
      <a
        className={`button button--ghost app-nav${onIncidents ? ' app-nav--current' : ''}`}
        href={INCIDENTS_HREF}
        data-testid="nav-incidents"
        aria-current={onIncidents ? 'page' : undefined}
      >
        <span aria-hidden="true">⚠</span>
        <span>Incidents</span>
        {open > 0 && (
          <span className="app-nav__count state-red" data-testid="nav-incidents-open" title={openLabel}>
            <span aria-hidden="true">{open}</span>
            <span className="visually-hidden">{openLabel}</span>
          </span>
        )}
      </a>
      <a
        className={`button button--ghost app-nav${onLoad ? ' app-nav--current' : ''}`}
        href={LOADTESTS_HREF}
        data-testid="nav-loadtests"
        aria-current={onLoad ? 'page' : undefined}
      >
        <span aria-hidden="true">⇶</span>
        <span>Load tests</span>
      </a>
      {!reviewing && (
        <button
          type="button"
          className="button button--ghost"
          data-testid="settings-open"
          onClick={() => openDialog({ kind: 'settings' })}
        >
          <span aria-hidden="true">⚙</span>
          <span>Settings</span>
        </button>
      )}
      <ThemeToggle />
    </header>
  );
}
