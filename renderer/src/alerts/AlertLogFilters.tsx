import type { SignalState } from '../../../shared/alerts';
import type { AlertScope } from './alertFilter';
import { FILTER_STATES, SIGNAL_STATE_HEALTH } from './alertFormat';
import { STATE_META } from '../ui/healthStates';

/** One host's or one probe's rows; null for everything. */
export type SubjectPick = { kind: 'host' | 'probe'; id: string } | null;

/** A pick as a `<select>` value: "host:web-1", "probe:api"; '' for everything. */
const pickValue = (p: SubjectPick): string => (p ? `${p.kind}:${p.id}` : '');
function readPick(value: string): SubjectPick {
  const i = value.indexOf(':');
  const kind = value.slice(0, i);
  if (i < 0 || (kind !== 'host' && kind !== 'probe')) return null;
  return { kind, id: value.slice(i + 1) };
}

interface Props {
  q: string;
  onQ: (q: string) => void;
  to: readonly SignalState[];
  onTo: (to: readonly SignalState[]) => void;
  scope: AlertScope;
  onScope: (scope: AlertScope) => void;
  subject: SubjectPick;
  onSubject: (subject: SubjectPick) => void;
  names: Record<string, string>;
  probeNames: Record<string, string>;
}

const SCOPES: Record<AlertScope, string> = {
  all: 'Hosts, probes and signals',
  host: 'Host state only',
  probes: 'Probes only',
  signals: 'Signals only',
};

const byName = (names: Record<string, string>): [string, string][] =>
  Object.entries(names).sort((a, b) => a[1].localeCompare(b[1]));

/** Search, the states a change went into, host, probe or signal rows, and one host or probe. */
export function AlertLogFilters(props: Props) {
  const { q, onQ, to, onTo, scope, onScope, subject, onSubject, names, probeNames } = props;
  const toggle = (state: SignalState): void =>
    onTo(
      to.includes(state)
        ? to.filter((s) => s !== state)
        : FILTER_STATES.filter((s) => s === state || to.includes(s)),
    );
  const hosts = byName(names);
  const probes = byName(probeNames);
  const known = subject === null || (subject.kind === 'host' ? names : probeNames)[subject.id] !== undefined;

  return (
    <div className="toolbar alerts-filters" role="toolbar" aria-label="Filter the alert log">
      <label className="search">
        <span className="visually-hidden">Search host, probe, signal or reason</span>
        <span className="search__icon" aria-hidden="true">
          ⌕
        </span>
        <input
          className="input search__input"
          type="search"
          data-testid="alert-search"
          placeholder="Search name, signal or reason"
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
        <span className="visually-hidden">Host or probe</span>
        <select
          className="input"
          data-testid="alert-host"
          value={pickValue(subject)}
          onChange={(e) => onSubject(readPick(e.target.value))}
        >
          <option value="">All hosts and probes</option>
          {!known && subject && <option value={pickValue(subject)}>{subject.id}</option>}
          <optgroup label="Hosts">
            {hosts.map(([id, name]) => (
              <option key={id} value={pickValue({ kind: 'host', id })}>
                {name}
              </option>
            ))}
          </optgroup>
          {probes.length > 0 && (
            <optgroup label="Probes">
              {probes.map(([id, name]) => (
                <option key={id} value={pickValue({ kind: 'probe', id })}>
                  {name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
    </div>
  );
}
