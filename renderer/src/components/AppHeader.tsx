import type { ReactNode } from 'react';
import { useAppInfo } from '../hooks/useAppInfo';
import { ALERTS_HREF, BOARD_HREF, INCIDENTS_HREF, LOADTESTS_HREF, useRoute } from '../hooks/useRoute';
import { useHostsStore } from '../stores/hosts';
import { openCount, useIncidentsStore } from '../stores/incidents';
import { useUiStore } from '../stores/ui';
import { ThemeToggle } from './ThemeToggle';

/** How many hosts are red now: a number, so the selector re-renders only when it changes. */
const redCount = (s: ReturnType<typeof useHostsStore.getState>): number =>
  s.order.reduce((n, id) => n + (s.byId[id]?.health.state === 'red' ? 1 : 0), 0);

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
  const red = useHostsStore(redCount);
  const redLabel = `${red} ${red === 1 ? 'host' : 'hosts'} critical`;
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
