import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { apiQuery } from '../apiQuery';
import { useAppInfo } from '../app/useAppInfo';
import { useNow } from '../ui/useNow';
import { incidentHref } from '../app/useRoute';
import { formatSpan, STATUS_LABEL } from './incidentFormat';
import { useIncidentsStore } from './incidentsStore';
import { useUiStore } from '../app/uiStore';
import { ErrorNotice } from '../ui/ErrorNotice';
import { SectionPage } from '../app/SectionPage';

/** How often the list is read again, and the ages redrawn. */
const REREAD_MS = 30_000;

/** Every incident, open ones first: severity, status, age, commander and what needs attention. */
export function IncidentsPage() {
  const reviewing = useAppInfo()?.history != null;
  const { list, loaded, loadError } = useIncidentsStore(
    useShallow((s) => ({ list: s.list, loaded: s.loaded, loadError: s.loadError })),
  );
  const openDialog = useUiStore((s) => s.openDialog);
  const now = useNow(REREAD_MS);
  // Warnings such as "update overdue" come true with time alone: read the list again as it
  // passes. A failed read changes nothing: the list from events stays, and the connection
  // banner says what is wrong.
  const { data: fresh } = useQuery({
    ...apiQuery('incidents:list', { status: 'all', limit: 1000 }),
    refetchInterval: REREAD_MS,
    refetchIntervalInBackground: true,
    // Not kept past the page: an answer cached from an earlier visit is older than the store.
    gcTime: 0,
  });
  useEffect(() => {
    if (fresh) useIncidentsStore.getState().setAll(fresh);
  }, [fresh]);
  return (
    <>
      <SectionPage
        title="Incidents"
        className="incidents-page"
        testId="incidents-page"
        actions={
          !reviewing && (
            <button
              type="button"
              className="button button--danger-outline"
              data-testid="incidents-declare"
              onClick={() => openDialog({ kind: 'declare-incident', hostIds: [], title: '' })}
            >
              <span aria-hidden="true">⚠</span> Declare incident
            </button>
          )
        }
      >
        <ErrorNotice message={loadError} prefix="Could not load incidents: " />
        {loaded && list.length === 0 && (
          <div className="notice" data-testid="incidents-empty">
            No incidents. Declare one from a red host&apos;s card, its page, or here.
          </div>
        )}
        {list.length > 0 && (
          <div className="panel">
            <table className="table incidents-table">
              <thead>
                <tr>
                  <th>Incident</th>
                  <th>Severity</th>
                  <th>Status</th>
                  <th className="num">Age</th>
                  <th>Commander</th>
                  <th>Needs attention</th>
                </tr>
              </thead>
              <tbody>
                {list.map((i) => (
                  <tr
                    key={i.id}
                    data-testid="incident-row"
                    data-incident-id={i.id}
                    className={i.status === 'resolved' ? 'incidents-table__resolved' : undefined}
                  >
                    <td>
                      <a href={incidentHref(i.id)} className="incidents-table__link">
                        <span className="mono muted">{i.id}</span> {i.title}
                      </a>
                    </td>
                    <td>
                      <span className={`sev-chip sev-chip--${i.severity}`}>{i.severity}</span>
                    </td>
                    <td data-testid="incident-row-status">{STATUS_LABEL[i.status]}</td>
                    <td className="num">{formatSpan((i.resolvedAt ?? now) - i.startedAt)}</td>
                    <td>{i.roles.commander ?? <span className="muted">—</span>}</td>
                    <td>
                      {i.warnings.length > 0 ? (
                        <ul className="incidents-table__warnings">
                          {i.warnings.map((w) => (
                            <li key={w}>▲ {w}</li>
                          ))}
                        </ul>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </SectionPage>
    </>
  );
}
