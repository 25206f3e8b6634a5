import { useState } from 'react';
import type { DiagCheck } from '../../../shared/schemas';
import { api, errorMessage } from '../api';
import { useDiagnostics } from './useDiagnostics';
import { CommandHistory } from './CommandHistory';
import { DiagCheckRow } from './DiagCheckRow';
import { DiagOutput } from './DiagOutput';
import { SaveCommandForm } from './SaveCommandForm';
import { ErrorNotice } from '../ui/ErrorNotice';
import type { DiagRun } from './diagRun';

/** Read-only commands to run on the host on demand, one at a time, with their output. */
export function DiagnosticsPanel({ hostId }: { hostId: string }) {
  const { checks, history, reloadHistory, reloadChecks } = useDiagnostics(hostId);
  const [run, setRun] = useState<DiagRun | null>(null);
  const running = run?.status === 'running';

  const start = async (check: DiagCheck, path: string | undefined): Promise<void> => {
    setRun({ status: 'running', check });
    try {
      const result = await api.call('diag:run', {
        hostId,
        check: check.id,
        ...(path !== undefined ? { path } : {}),
        confirmed: check.custom,
      });
      setRun({ status: 'done', check, result });
    } catch (err) {
      setRun({ status: 'failed', check, message: errorMessage(err) });
    } finally {
      reloadHistory();
    }
  };

  const remove = async (check: DiagCheck): Promise<void> => {
    try {
      await api.call('diag:delete', { name: check.id.replace(/^custom:/, '') });
    } catch (err) {
      setRun({ status: 'failed', check, message: errorMessage(err) });
    } finally {
      reloadChecks();
    }
  };

  return (
    <section className="panel panel--wide" aria-labelledby="diag-title" data-testid="diagnostics">
      <h2 className="panel__title" id="diag-title">
        Diagnostics
      </h2>
      <ErrorNotice message={checks.error} prefix="Could not list diagnostics: " />
      {!checks.rows && !checks.error && <p className="muted">Loading diagnostics…</p>}
      {checks.rows?.length === 0 && <p className="muted">No diagnostics are available for this host.</p>}
      {checks.rows && checks.rows.length > 0 && (
        <div className="diag">
          <ul className="diag__checks">
            {checks.rows.map((c) => (
              <DiagCheckRow
                key={c.id}
                check={c}
                disabled={running}
                active={run?.check.id === c.id}
                onRun={(path) => void start(c, path)}
                onDelete={() => void remove(c)}
              />
            ))}
          </ul>
          <DiagOutput run={run} />
        </div>
      )}
      <SaveCommandForm onSaved={reloadChecks} />
      <CommandHistory history={history} />
    </section>
  );
}
