import { useMemo, useState } from 'react';
import type { SignalState } from '../../../shared/alerts';
import { EMPTY_FILTER, type AlertFilter, type AlertScope } from './alertFilter';
import { useAlertLog } from './useAlertLog';
import { useDebounced } from '../ui/useDebounced';
import { useHostNames } from '../hosts/useHostNames';
import { useProbeNames } from '../probes/useProbeNames';
import { AlertLogFilters, type SubjectPick } from './AlertLogFilters';
import { AlertLogTable } from './AlertLogTable';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';

/** Typing pauses this long before the log is asked again. */
const SEARCH_DEBOUNCE_MS = 250;

/** Every recorded state change, newest first, filtered and searched by the engine. */
export function AlertLog() {
  const [q, setQ] = useState('');
  const [to, setTo] = useState<readonly SignalState[]>([]);
  const [scope, setScope] = useState<AlertScope>('all');
  const [subject, setSubject] = useState<SubjectPick>(null);
  const settledQ = useDebounced(q, SEARCH_DEBOUNCE_MS);
  const names = useHostNames();
  const probeNames = useProbeNames();
  // One object per distinct filter: the log reloads when it changes, not on every render.
  const filter = useMemo<AlertFilter>(
    () => ({
      hostId: subject?.kind === 'host' ? subject.id : null,
      probeId: subject?.kind === 'probe' ? subject.id : null,
      q: settledQ,
      to,
      scope,
    }),
    [subject, settledQ, to, scope],
  );
  const log = useAlertLog(filter);
  const filtered = JSON.stringify(filter) !== JSON.stringify(EMPTY_FILTER);

  return (
    <section aria-label="Alert log" data-testid="alert-log">
      <AlertLogFilters
        q={q}
        onQ={setQ}
        to={to}
        onTo={setTo}
        scope={scope}
        onScope={setScope}
        subject={subject}
        onSubject={setSubject}
        names={names}
        probeNames={probeNames}
      />
      <ErrorNotice message={log.error} prefix="Could not load the alert log: " testId="alert-log-error" />
      {log.loading && <div className="notice">Loading the alert log…</div>}
      {!log.loading && !log.error && log.entries.length === 0 && (
        <div className="notice" data-testid="alert-log-empty">
          {filtered
            ? 'No state change matches these filters.'
            : 'No state changes recorded yet. Every change of every signal appears here as it happens.'}
        </div>
      )}
      {log.entries.length > 0 && (
        <AlertLogTable entries={log.entries} names={names} probeNames={probeNames} />
      )}
      {log.more && (
        <div className="alerts-more">
          <BusyButton
            busy={log.olderBusy}
            busyLabel="Loading…"
            data-testid="alert-log-older"
            onClick={() => void log.loadOlder()}
          >
            Load older
          </BusyButton>
          <ErrorNotice message={log.olderError} prefix="Could not load older changes: " />
        </div>
      )}
    </section>
  );
}
