import type { SignalState } from '../../../shared/alerts';
import type { AlertScope } from '../alertFilter';
import { FILTER_STATES, SIGNAL_STATE_HEALTH } from '../alertFormat';
import { STATE_META } from '../healthStates';

interface Props {
  q: string;
  onQ: (q: string) => void;
  to: readonly SignalState[];
  onTo: (to: readonly SignalState[]) => void;
  scope: AlertScope;
  onScope: (scope: AlertScope) => void;
  hostId: string | null;
  onHostId: (hostId: string | null) => void;
  names: Record<string, string>;
}

const SCOPES: Record<AlertScope, string> = {
  all: 'Hosts and signals',
  host: 'Host state only',
  signals: 'Signals only',
};

/** Search, the states a change went into, host or signal rows, and one host. */
export function AlertLogFilters({ q, onQ, to, onTo, scope, onScope, hostId, onHostId, names }: Props) {
  const toggle = (state: SignalState): void =>
    onTo(
      to.includes(state)
        ? to.filter((s) => s !== state)
        : FILTER_STATES.filter((s) => s === state || to.includes(s)),
    );
  const hosts = Object.entries(names).sort((a, b) => a[1].localeCompare(b[1]));

  return (
    <div className="toolbar alerts-filters" role="toolbar" aria-label="Filter the alert log">
      <label className="search">
        <span className="visually-hidden">Search host, signal or reason</span>
        <span className="search__icon" aria-hidden="true">
          ⌕
        </span>
        <input
          className="input search__input"
          type="search"
          data-testid="alert-search"
          placeholder="Search host, signal or reason"
          value={q}
          onChange={(e) => onQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onQ('');
          }}
        />
      </label>
      <div className="alerts-chips" role="group" aria-label="Changes into">
        <span className="alerts-filters__label">Into</span>
        {FILTER_STATES.map((state) => {
          const health = SIGNAL_STATE_HEALTH[state];
          const meta = STATE_META[health];
          const on = to.includes(state);
          return (
            <button
              key={state}
              type="button"
              className={`alerts-chip state-${health}${on ? ' alerts-chip--on' : ''}`}
              aria-pressed={on}
              data-testid={`alert-filter-${state}`}
              onClick={() => toggle(state)}
            >
              <span aria-hidden="true">{meta.icon}</span>
              {meta.label}
            </button>
          );
        })}
      </div>
      <label className="alerts-filters__select">
        <span className="visually-hidden">Rows</span>
        <select
          className="input"
          data-testid="alert-scope"
          value={scope}
          onChange={(e) => onScope(e.target.value as AlertScope)}
        >
          {Object.entries(SCOPES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="alerts-filters__select">
        <span className="visually-hidden">Host</span>
        <select
          className="input"
          data-testid="alert-host"
          value={hostId ?? ''}
          onChange={(e) => onHostId(e.target.value || null)}
        >
          <option value="">All hosts</option>
          {hostId !== null && !(hostId in names) && <option value={hostId}>{hostId}</option>}
          {hosts.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
