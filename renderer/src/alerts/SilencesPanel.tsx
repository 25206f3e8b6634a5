import { useState, type ReactNode } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { formatFullTime, formatSpan, formatWhen } from './alertFormat';
import { api, errorMessage } from '../api';
import { useHostNames } from '../hosts/useHostNames';
import { useProbeNames } from '../probes/useProbeNames';
import { useNow } from '../ui/useNow';
import type { Polled } from './useSilences';
import { describeTarget, describeWindowTime, windowActive } from './silenceTargets';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { MaintenanceForm } from './MaintenanceForm';
import { Modal } from '../ui/Modal';
import { SilenceForm } from './SilenceForm';

interface Props {
  silences: Polled<MethodOutput<'silences:list'>>;
  readOnly: boolean;
}

/** Ends a silence or a window; one button per row, busy while its own call runs. */
function useRemover(reload: () => void) {
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const remove = async (method: 'silences:remove' | 'maintenance:remove', id: string): Promise<void> => {
    setBusyId(id);
    setError(null);
    try {
      await api.call(method, { id });
      reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusyId(null);
    }
  };
  return { busyId, error, remove };
}

/** What is muted now and what is planned: who set it, why, and until when. */
export function SilencesPanel({ silences, readOnly }: Props) {
  const names = useHostNames();
  const hostName = (id: string): string => names[id] ?? id;
  const probeNames = useProbeNames();
  const probeName = (id: string): string => probeNames[id] ?? id;
  const now = useNow(15_000);
  const [adding, setAdding] = useState<'silence' | 'window' | null>(null);
  const { busyId, error, remove } = useRemover(silences.reload);
  const active = silences.data?.silences.filter((s) => s.until > now) ?? [];
  const windows = silences.data?.windows ?? [];
  const done = (): void => {
    setAdding(null);
    silences.reload();
  };

  return (
    <div className="alerts-panels">
      <ErrorNotice message={silences.error} prefix="Could not load silences: " />
      <ErrorNotice message={error} testId="silence-remove-error" />
      <section className="panel" aria-labelledby="silences-title" data-testid="silences-panel">
        <PanelHeader id="silences-title" title="Silences">
          {!readOnly && (
            <AddButton testId="silence-add" label="Add silence…" onClick={() => setAdding('silence')} />
          )}
        </PanelHeader>
        <p className="muted alerts-panel__intro">
          A silence holds back notifications for a host, a tag or a signal. Changes are still logged.
        </p>
        {silences.data && active.length === 0 && <p className="muted">Nothing is silenced.</p>}
        {active.length > 0 && (
          <table className="table" data-testid="silence-table">
            <thead>
              <tr>
                <th scope="col">Muted</th>
                <th scope="col">Until</th>
                <th scope="col">By</th>
                <th scope="col">Why</th>
                {!readOnly && <th scope="col" aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {active.map((s) => (
                <tr key={s.id} data-testid="silence-row" data-silence-id={s.id}>
                  <td className="strong">{describeTarget(s.target, hostName, probeName)}</td>
                  <td title={formatFullTime(s.until)}>
                    {formatWhen(s.until, now)} <span className="muted">(in {formatSpan(s.until - now)})</span>
                  </td>
                  <td>{s.by}</td>
                  <td className="alerts-table__reason">{s.why}</td>
                  {!readOnly && (
                    <td className="alerts-table__action">
                      <BusyButton
                        className="button button--small"
                        busy={busyId === s.id}
                        data-testid="silence-end"
                        onClick={() => void remove('silences:remove', s.id)}
                      >
                        End now
                      </BusyButton>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="windows-title" data-testid="windows-panel">
        <PanelHeader id="windows-title" title="Maintenance windows">
          {!readOnly && (
            <AddButton testId="window-add" label="Plan maintenance…" onClick={() => setAdding('window')} />
          )}
        </PanelHeader>
        <p className="muted alerts-panel__intro">
          Planned work on a host or tag: no notifications while it runs, once or every day.
        </p>
        {silences.data && windows.length === 0 && <p className="muted">No maintenance planned.</p>}
        {windows.length > 0 && (
          <table className="table" data-testid="window-table">
            <thead>
              <tr>
                <th scope="col">Host or tag</th>
                <th scope="col">When</th>
                <th scope="col">Now</th>
                <th scope="col">By</th>
                <th scope="col">Why</th>
                {!readOnly && <th scope="col" aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {windows.map((w) => {
                const on = windowActive(w, now);
                const over = !w.daily && w.to <= now;
                return (
                  <tr key={w.id} data-testid="window-row" data-window-id={w.id}>
                    <td className="strong">{describeTarget(w.target, hostName, probeName)}</td>
                    <td>{describeWindowTime(w, now)}</td>
                    <td>
                      {on ? (
                        <span className="badge state-amber">
                          <span aria-hidden="true">⚒</span>In progress
                        </span>
                      ) : (
                        <span className="muted">{over ? 'Over' : 'Planned'}</span>
                      )}
                    </td>
                    <td>{w.by}</td>
                    <td className="alerts-table__reason">{w.why}</td>
                    {!readOnly && (
                      <td className="alerts-table__action">
                        <BusyButton
                          className="button button--small"
                          busy={busyId === w.id}
                          data-testid="window-remove"
                          onClick={() => void remove('maintenance:remove', w.id)}
                        >
                          {on ? 'End now' : 'Remove'}
                        </BusyButton>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      {adding === 'silence' && (
        <Modal title="Add a silence" testId="silence-dialog" onClose={() => setAdding(null)}>
          <SilenceForm names={names} onDone={done} onCancel={() => setAdding(null)} />
        </Modal>
      )}
      {adding === 'window' && (
        <Modal title="Plan maintenance" testId="window-dialog" onClose={() => setAdding(null)}>
          <MaintenanceForm names={names} onDone={done} onCancel={() => setAdding(null)} />
        </Modal>
      )}
    </div>
  );
}

function PanelHeader({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <div className="panel__header">
      <h2 className="panel__title" id={id}>
        {title}
      </h2>
      {children}
    </div>
  );
}

function AddButton(p: { testId: string; label: string; onClick: () => void }) {
  return (
    <button type="button" className="button" data-testid={p.testId} onClick={p.onClick}>
      {p.label}
    </button>
  );
}
